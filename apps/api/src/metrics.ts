import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type HttpMetrics, type HttpTimeouts, nodeServerTimeouts } from '@food-oms/adapters-http';
import type { DatabaseCommand } from '@food-oms/adapters-mongo';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/** The Prometheus side of the service: every family it exposes, in one registry. */
export interface Metrics {
  readonly registry: Registry;
  readonly http: HttpMetrics;
  readonly databaseCommand: (command: DatabaseCommand) => void;
}

/** Request and database latencies from 1 ms to 10 s: the bounds a request can take here. */
const SECONDS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export function createMetrics(readiness: () => Promise<boolean>): Metrics {
  const registry = new Registry();
  // Process (CPU, memory, file descriptors) and Node (event-loop lag, GC, heap) metrics.
  collectDefaultMetrics({ register: registry });

  const requests = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP requests by method, route pattern and status, and how long they took.',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: SECONDS,
    registers: [registry],
  });
  const transitions = new Counter({
    name: 'food_oms_order_transitions_total',
    help: 'Order status changes asked for, by from, to, role and outcome (applied, conflict, replay).',
    labelNames: ['from', 'to', 'role', 'outcome'] as const,
    registers: [registry],
  });
  const replays = new Counter({
    name: 'food_oms_idempotent_replays_total',
    help: 'Requests answered from their Idempotency-Key’s first result, by route.',
    labelNames: ['route'] as const,
    registers: [registry],
  });
  const rateLimited = new Counter({
    name: 'food_oms_rate_limit_rejections_total',
    help: 'Requests refused with 429, by rate-limit policy.',
    labelNames: ['policy'] as const,
    registers: [registry],
  });
  const commands = new Histogram({
    name: 'food_oms_db_command_duration_seconds',
    help: 'MongoDB commands by name and outcome (succeeded, failed), and how long they took.',
    labelNames: ['command', 'outcome'] as const,
    buckets: SECONDS,
    registers: [registry],
  });
  const commandFailures = new Counter({
    name: 'food_oms_db_command_failures_total',
    help: 'MongoDB commands that failed, by name.',
    labelNames: ['command'] as const,
    registers: [registry],
  });
  new Gauge({
    name: 'food_oms_ready',
    help: '1 when the instance serves (store prepared, database reachable, not shutting down), else 0.',
    registers: [registry],
    async collect() {
      this.set((await readiness().catch(() => false)) ? 1 : 0);
    },
  });

  return {
    registry,
    http: {
      requestFinished: ({ method, route, status, seconds }) =>
        requests.observe({ method, route, status_code: String(status) }, seconds),
      orderTransition: (labels) => transitions.inc(labels),
      idempotentReplay: (route) => replays.inc({ route }),
      rateLimited: (policy) => rateLimited.inc({ policy }),
    },
    databaseCommand: ({ command, durationMs, failed }) => {
      commands.observe({ command, outcome: failed ? 'failed' : 'succeeded' }, durationMs / 1000);
      if (failed) commandFailures.inc({ command });
    },
  };
}

/**
 * GET /metrics on a listener of its own, so the API's address never exposes it: what the
 * service does inside is for the operator's scraper, not for its clients. With the API's own
 * deadlines (HTTP_*_TIMEOUT_MS): a scraper is a client like any other, and a slow or stalled
 * one must not hold a socket longer than one could on the API's address.
 */
export async function listenForMetrics(
  registry: Registry,
  host: string,
  port: number,
  timeouts: HttpTimeouts,
): Promise<Server> {
  const server = createServer(nodeServerTimeouts(timeouts), (request, response) => {
    if (request.method !== 'GET' || request.url?.split('?')[0] !== '/metrics') {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('Not found\n');
      return;
    }
    registry.metrics().then(
      (text) => response.writeHead(200, { 'content-type': registry.contentType }).end(text),
      () => response.writeHead(500, { 'content-type': 'text/plain' }).end('metrics unavailable\n'),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return server;
}

export function addressOf(server: Server): string {
  const { address, family, port } = server.address() as AddressInfo;
  return `http://${family === 'IPv6' ? `[${address}]` : address}:${port}`;
}
