import { useMongoTestDatabase } from '@food-oms/adapters-mongo/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiProcess, runApiToExit, startApiProcess } from './support/api-process.ts';
import {
  type Call,
  logIn,
  newCustomer,
  newMenuItem,
  newStaff,
  placeOrder,
  untilReadiness,
} from './support/api-steps.ts';
import { client } from './support/client.ts';

// End to end over a real socket: the README's `node apps/api/src/main.ts` as a child
// process, real argon2, real JWTs, and either the embedded store or MongoDB.

const ADMIN = { email: 'admin@example.com', password: 'admin-password-1' };
const BASE_ENV = {
  JWT_SECRET: 'e2e-secret-that-is-at-least-32-bytes-long',
  BOOTSTRAP_ADMIN_EMAIL: ADMIN.email,
  BOOTSTRAP_ADMIN_PASSWORD: ADMIN.password,
  RATE_LIMIT_SIGNUP_PER_MIN: '1000',
  RATE_LIMIT_LOGIN_PER_MIN: '1000',
};

/** signup → login → menu → order (with a retry) → kitchen transitions → list pages. */
async function journey(call: Call) {
  expect((await call('GET', '/health/live')).status).toBe(200);
  await untilReadiness(call, 200);

  const signup = await call('POST', '/auth/signup', {
    body: { email: '  Carol@Example.com ', password: 'carol-password', name: 'Carol' },
  });
  expect(signup.status).toBe(201);
  expect(signup.body.user).toMatchObject({ email: 'carol@example.com', name: 'Carol', role: 'customer' });
  expect(signup.body.user).not.toHaveProperty('passwordHash');
  expect(signup.headers.get('x-request-id')).toMatch(/^[A-Za-z0-9._-]{1,64}$/);

  const customerLogin = await call('POST', '/auth/login', {
    body: { email: 'carol@example.com', password: 'carol-password' },
  });
  expect(customerLogin.status).toBe(200);
  expect(customerLogin.body).toEqual({
    accessToken: expect.any(String),
    tokenType: 'Bearer',
    expiresIn: 900,
  });
  const customer: string = customerLogin.body.accessToken;
  const admin = await logIn(call, ADMIN.email, ADMIN.password);
  const staff = await call('POST', '/users', {
    token: admin,
    body: { email: 'kim@example.com', password: 'kitchen-password', name: 'Kim', role: 'kitchen' },
  });
  expect(staff.status).toBe(201);
  const kitchen = await logIn(call, 'kim@example.com', 'kitchen-password');

  const soupRequest = {
    token: admin,
    body: { name: 'Soup', priceCents: 650 },
    headers: { 'idempotency-key': 'menu-soup' },
  };
  const soup = await call('POST', '/menu-items', soupRequest);
  const soupAgain = await call('POST', '/menu-items', soupRequest);
  expect(soupAgain.status).toBe(201);
  expect(soupAgain.headers.get('idempotent-replayed')).toBe('true');
  expect(soupAgain.body).toEqual(soup.body);
  const bread = await call('POST', '/menu-items', { token: admin, body: { name: 'Bread', priceCents: 250 } });
  expect([soup.status, bread.status]).toEqual([201, 201]);
  const menu = await call('GET', '/menu-items', { token: customer });
  expect(menu.body.items.map((i: { name: string }) => i.name)).toEqual(['Soup', 'Bread']);

  const body = {
    items: [
      { menuItemId: soup.body.menuItem.id, quantity: 2 },
      { menuItemId: bread.body.menuItem.id, quantity: 1 },
    ],
    note: 'no onions',
  };
  const created = await call('POST', '/orders', {
    token: customer,
    body,
    headers: { 'idempotency-key': 'e2e-1' },
  });
  expect(created.status).toBe(201);
  expect(created.body.order).toMatchObject({
    status: 'CREATED',
    totalCents: 1550,
    version: 1,
    note: 'no onions',
  });
  const orderId: string = created.body.order.id;
  expect(created.headers.get('location')).toBe(`/orders/${orderId}`);
  expect(created.headers.get('etag')).toBe('"v1"');

  const retried = await call('POST', '/orders', {
    token: customer,
    body,
    headers: { 'idempotency-key': 'e2e-1' },
  });
  expect(retried.status).toBe(201);
  expect(retried.headers.get('idempotent-replayed')).toBe('true');
  expect(retried.body.order.id).toBe(orderId);

  for (const [to, version] of [
    ['CONFIRMED', 2],
    ['PREPARING', 3],
    ['READY', 4],
  ] as const) {
    const moved = await call('PATCH', `/orders/${orderId}/status`, {
      token: kitchen,
      body: { status: to },
      headers: {
        'if-match': `"v${version - 1}"`,
        'x-request-id': `move-${to}`,
        'idempotency-key': `move-${to}`,
      },
    });
    expect(moved.status).toBe(200);
    expect(moved.body.order).toMatchObject({ status: to, version });
    expect(moved.headers.get('etag')).toBe(`"v${version}"`);
    expect(moved.headers.get('idempotent-replayed')).toBeNull();
  }
  // The answer to READY was "lost": the kitchen retries it as sent, stale If-Match and all.
  const retriedMove = await retryReady(call, kitchen, orderId);
  expect(retriedMove.body.order.history).toHaveLength(4);
  const final = await call('GET', `/orders/${orderId}`, { token: customer });
  expect(
    final.body.order.history.map((h: { to: string; requestId: string | null }) => [h.to, h.requestId]),
  ).toEqual([
    ['CREATED', expect.any(String)],
    ['CONFIRMED', 'move-CONFIRMED'],
    ['PREPARING', 'move-PREPARING'],
    ['READY', 'move-READY'],
  ]);

  const more: string[] = [];
  for (const key of ['e2e-2', 'e2e-3', 'e2e-4']) {
    const reply = await call('POST', '/orders', {
      token: customer,
      body,
      headers: { 'idempotency-key': key },
    });
    expect(reply.status).toBe(201);
    more.push(reply.body.order.id);
  }
  const seen: string[] = [];
  let cursor: string | null = null;
  do {
    const query: string = cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`;
    const page = await call('GET', `/orders?limit=3${query}`, { token: customer });
    expect(page.status).toBe(200);
    seen.push(...page.body.items.map((o: { id: string }) => o.id));
    cursor = page.body.nextCursor;
  } while (cursor !== null);
  expect(seen).toEqual([...more.reverse(), orderId]);

  return { orderId, customer, kitchen, admin, body };
}

/** The kitchen's READY request again, exactly as first sent: a replay, never a 409 or 412. */
async function retryReady(call: Call, kitchen: string, orderId: string) {
  const reply = await call('PATCH', `/orders/${orderId}/status`, {
    token: kitchen,
    body: { status: 'READY' },
    headers: { 'if-match': '"v3"', 'idempotency-key': 'move-READY' },
  });
  expect(reply.status).toBe(200);
  expect(reply.headers.get('idempotent-replayed')).toBe('true');
  expect(reply.headers.get('etag')).toBe('"v4"');
  expect(reply.body.order).toMatchObject({ id: orderId, status: 'READY', version: 4 });
  return reply;
}

describe('the API process on the in-memory store', () => {
  let api: ApiProcess;
  beforeAll(async () => {
    api = await startApiProcess(BASE_ENV);
  });
  afterAll(async () => {
    await api.stop();
  });

  it('warns loudly that data lives in memory', () => {
    expect(api.output.join('\n')).toMatch(/IN MEMORY.*LOST/);
  });

  it('serves the whole journey', async () => {
    await journey(client(api.url));
  });

  it('answers 20 concurrent keyed transitions with 200 each, and writes one history entry', async () => {
    const call = client(api.url);
    const admin = await logIn(call, ADMIN.email, ADMIN.password);
    const kitchen = await newStaff(call, admin, 'kitchen');
    const customer = await newCustomer(call, 'racer');
    const menuItemId = await newMenuItem(call, admin, 'Race soup');
    const placed = await placeOrder(call, customer.token, 'race-order', {
      items: [{ menuItemId, quantity: 1 }],
    });
    const id: string = placed.body.order.id;

    const replies = await Promise.all(
      Array.from({ length: 20 }, () =>
        call('PATCH', `/orders/${id}/status`, {
          token: kitchen,
          body: { status: 'CONFIRMED' },
          headers: { 'idempotency-key': 'one-confirm' },
        }),
      ),
    );

    expect(replies.map((reply) => reply.status)).toEqual(replies.map(() => 200));
    expect(replies.filter((reply) => reply.headers.get('idempotent-replayed') !== 'true')).toHaveLength(1);
    const final = await call('GET', `/orders/${id}`, { token: customer.token });
    expect(final.body.order.history).toHaveLength(2);
  });

  it('exits 0 on SIGTERM', async () => {
    expect(await api.stop('SIGTERM')).toBe(0);
  });
});

describe('the API process refuses a bad configuration', () => {
  it('exits 1 with one line naming the variable', async () => {
    const { code, output } = await runApiToExit({ PORT: 'eighty' });
    expect(code).toBe(1);
    expect(output.trim().split('\n')).toEqual([expect.stringContaining('PORT')]);
  });
});

const mongo = useMongoTestDatabase();

describe.skipIf(!mongo.available)('the API process on MongoDB', () => {
  it('serves the whole journey, and keeps orders and idempotency keys (orders, transitions, menu) across a restart', async () => {
    const { uri, dbName } = mongo.get();
    const env = { ...BASE_ENV, MONGODB_URI: uri, MONGODB_DB: dbName };
    const first = await startApiProcess(env);
    let kept: Awaited<ReturnType<typeof journey>>;
    try {
      expect(first.output.join('\n')).not.toMatch(/IN MEMORY/);
      kept = await journey(client(first.url));
    } finally {
      expect(await first.stop('SIGTERM')).toBe(0);
    }

    const second = await startApiProcess(env);
    try {
      const call = client(second.url);
      await untilReadiness(call, 200);
      const customer = await logIn(call, 'carol@example.com', 'carol-password');
      const again = await call('GET', `/orders/${kept.orderId}`, { token: customer });
      expect(again.body.order).toMatchObject({ id: kept.orderId, status: 'READY', version: 4 });
      const replay = await call('POST', '/orders', {
        token: customer,
        body: kept.body,
        headers: { 'idempotency-key': 'e2e-1' },
      });
      expect(replay.status).toBe(201);
      expect(replay.headers.get('idempotent-replayed')).toBe('true');
      expect(replay.body.order.id).toBe(kept.orderId);
      await retryReady(call, kept.kitchen, kept.orderId);
      const soupAgain = await call('POST', '/menu-items', {
        token: kept.admin,
        body: { name: 'Soup', priceCents: 650 },
        headers: { 'idempotency-key': 'menu-soup' },
      });
      expect(soupAgain.headers.get('idempotent-replayed')).toBe('true');
      const menu = await call('GET', '/menu-items', { token: customer });
      expect(menu.body.items.map((i: { name: string }) => i.name)).toEqual(['Soup', 'Bread']);
    } finally {
      expect(await second.stop('SIGTERM')).toBe(0);
    }
  });
});

describe.skipIf(!mongo.available)('the API process on a database it cannot prepare', () => {
  it('exits 1 instead of serving without its unique indexes', async () => {
    const { client, dbName, uri } = mongo.get();
    const other = client.db(`${dbName}_conflict`);
    // An index of the same name on other keys: no retry can fix that, a person must.
    await other.collection('users').createIndex({ name: 1 }, { name: 'email_unique' });
    try {
      const { code, output } = await runApiToExit({
        ...BASE_ENV,
        MONGODB_URI: uri,
        MONGODB_DB: other.databaseName,
        PORT: '0',
      });
      expect(output).toContain('start-up preparation failed');
      expect(code).toBe(1);
    } finally {
      await other.dropDatabase();
    }
  });
});
