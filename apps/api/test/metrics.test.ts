import { connect } from 'node:net';
import { useMongoTestDatabase } from '@food-oms/adapters-mongo/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { type ApiProcess, startApiProcess } from './support/api-process.ts';
import {
  type Call,
  logIn,
  newMenuItem,
  newStaff,
  PASSWORD,
  placeOrder,
  untilReadiness,
} from './support/api-steps.ts';
import { client } from './support/client.ts';

// Prometheus metrics of the real composition root, read from their own listen address
// after a few requests that should show in each family.

const mongo = useMongoTestDatabase();
const ADMIN = 'metrics-admin@example.com';
const BASE_ENV = {
  JWT_SECRET: 'metrics-secret-that-is-at-least-32-bytes',
  BOOTSTRAP_ADMIN_EMAIL: ADMIN,
  BOOTSTRAP_ADMIN_PASSWORD: PASSWORD,
  METRICS_PORT: '0',
  RATE_LIMIT_SIGNUP_PER_MIN: '2',
  RATE_LIMIT_LOGIN_PER_MIN: '1000',
};

let api: ApiProcess | undefined;
afterEach(async () => {
  await api?.stop();
  api = undefined;
});

function metricsUrl(output: readonly string[]): string {
  const line = output.find((entry) => entry.includes('metrics listening at'));
  const url = /metrics listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(line ?? '')?.[1];
  if (url === undefined) throw new Error(`no metrics address in the log:\n${output.join('\n')}`);
  return `${url}/metrics`;
}

/** Every sample of the exposition, as "name{labels}" → value. */
async function scrape(url: string): Promise<Map<string, number>> {
  const response = await fetch(url);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toContain('text/plain');
  const samples = new Map<string, number>();
  for (const line of (await response.text()).split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const split = line.lastIndexOf(' ');
    samples.set(line.slice(0, split), Number(line.slice(split + 1)));
  }
  return samples;
}

/** A customer, a menu item, an order placed twice under one key, and three status changes. */
async function traffic(call: Call) {
  await untilReadiness(call, 200);
  const admin = await logIn(call, ADMIN);
  const kitchen = await newStaff(call, admin, 'kitchen');
  const menuItemId = await newMenuItem(call, admin, 'Metrics soup');
  const signups = [];
  for (const n of [1, 2, 3]) {
    signups.push(
      await call('POST', '/auth/signup', {
        body: { email: `metrics-${n}@example.com`, password: PASSWORD, name: 'M' },
      }),
    );
  }
  expect(signups.map((reply) => reply.status)).toEqual([201, 201, 429]);
  const customer = await logIn(call, 'metrics-1@example.com');
  const body = { items: [{ menuItemId, quantity: 1 }] };
  const first = await placeOrder(call, customer, 'metrics-1', body);
  const again = await placeOrder(call, customer, 'metrics-1', body);
  expect([first.status, again.status, again.headers.get('idempotent-replayed')]).toEqual([201, 201, 'true']);
  const id = first.body.order.id;
  const move = (token: string, status: string) =>
    call('PATCH', `/orders/${id}/status`, { token, body: { status } });
  expect((await move(kitchen, 'CONFIRMED')).status).toBe(200);
  expect((await move(kitchen, 'READY')).status).toBe(409);
  expect((await move(kitchen, 'PREPARING')).status).toBe(200);
  return { id };
}

describe('metrics', () => {
  it('are off unless METRICS_PORT is set, and never on the API’s address', async () => {
    api = await startApiProcess({ JWT_SECRET: BASE_ENV.JWT_SECRET });
    expect(api.output.join('\n')).not.toContain('metrics listening at');
    const call = client(api.url);
    await untilReadiness(call, 200);
    expect((await call('GET', '/metrics')).status).toBe(404);
  });

  it('are served with the API’s own deadlines: a scraper that stalls mid-headers is cut off', async () => {
    api = await startApiProcess({
      ...BASE_ENV,
      HTTP_HEADERS_TIMEOUT_MS: '300',
      HTTP_REQUEST_TIMEOUT_MS: '600',
    });
    // The log line may still be on its way when the API announces its address.
    for (
      let waited = 0;
      !api.output.some((line) => line.includes('metrics listening at')) && waited < 5000;
      waited += 20
    ) {
      await new Promise((done) => setTimeout(done, 20));
    }
    const { hostname, port } = new URL(metricsUrl(api.output));
    const socket = connect(Number(port), hostname);
    const received: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => received.push(chunk));
    const started = performance.now();
    socket.write('GET /metrics HTTP/1.1\r\nHost: x\r\n');
    const closedAfterMs = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('still open after 5 s')), 5000);
      socket.once('close', () => {
        clearTimeout(timer);
        resolve(performance.now() - started);
      });
    });
    expect(closedAfterMs).toBeGreaterThanOrEqual(250);
    expect(Buffer.concat(received).toString('latin1')).toMatch(/^HTTP\/1\.1 408 /);
  });

  it('count requests, transitions, replays, rate-limit rejections and readiness, with process and event-loop figures', async () => {
    api = await startApiProcess(BASE_ENV);
    const call = client(api.url);
    await traffic(call);
    expect((await call('GET', '/metrics')).status).toBe(404);

    const samples = await scrape(metricsUrl(api.output));
    const value = (sample: string) => samples.get(sample);
    expect(
      value('http_request_duration_seconds_count{method="POST",route="/orders",status_code="201"}'),
    ).toBe(2);
    expect(
      value(
        'http_request_duration_seconds_count{method="PATCH",route="/orders/:id/status",status_code="409"}',
      ),
    ).toBe(1);
    expect(
      value(
        'http_request_duration_seconds_bucket{le="+Inf",method="POST",route="/auth/signup",status_code="429"}',
      ),
    ).toBe(1);
    expect(
      value(
        'food_oms_order_transitions_total{from="CREATED",to="CONFIRMED",role="kitchen",outcome="applied"}',
      ),
    ).toBe(1);
    expect(
      value(
        'food_oms_order_transitions_total{from="CONFIRMED",to="PREPARING",role="kitchen",outcome="applied"}',
      ),
    ).toBe(1);
    expect(
      value(
        'food_oms_order_transitions_total{from="CONFIRMED",to="READY",role="kitchen",outcome="conflict"}',
      ),
    ).toBe(1);
    expect(value('food_oms_idempotent_replays_total{route="/orders"}')).toBe(1);
    expect(value('food_oms_rate_limit_rejections_total{policy="signup"}')).toBe(1);
    expect(value('food_oms_ready')).toBe(1);
    expect(value('process_cpu_user_seconds_total')).toBeGreaterThan(0);
    expect(value('nodejs_eventloop_lag_seconds')).toBeGreaterThanOrEqual(0);
    // Ids never become labels: one series per route pattern.
    expect([...samples.keys()].some((sample) => sample.includes('/orders/0'))).toBe(false);
  });

  it.skipIf(!mongo.available)('time every MongoDB command by name, and count the failed ones', async () => {
    api = await startApiProcess({
      ...BASE_ENV,
      MONGODB_URI: mongo.get().uri,
      MONGODB_DB: mongo.get().dbName,
    });
    await traffic(client(api.url));
    const samples = await scrape(metricsUrl(api.output));
    for (const command of ['insert', 'find', 'findAndModify', 'createIndexes']) {
      expect(
        samples.get(`food_oms_db_command_duration_seconds_count{command="${command}",outcome="succeeded"}`),
        command,
      ).toBeGreaterThan(0);
    }
    expect(samples.get('food_oms_ready')).toBe(1);
  });
});
