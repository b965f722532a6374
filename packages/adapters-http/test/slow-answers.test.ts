import type { AddressInfo } from 'node:net';
import { InMemoryOrderRepository } from '@food-oms/adapters-memory';
import type { OrderRepository } from '@food-oms/application';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { TestWorld } from './support/test-app.ts';

// Node's socket timeout (fastify's connectionTimeout) counts silence on the socket, and a
// request whose handler waits on the database is silent. A short request deadline must not
// turn into a socket cut while a write may still land: the answer has to arrive.

const TIMEOUTS = { requestMs: 400, headersMs: 300, keepAliveMs: 5000 };
/** Longer than twice the request deadline: what would have cut the socket before. */
const DATABASE_WAIT_MS = 1500;

/** The in-memory store, with every read by id taking as long as a slow database. */
function slowReads(): OrderRepository {
  const inner = new InMemoryOrderRepository();
  return {
    insert: (order, claim) => inner.insert(order, claim),
    findById: async (id) => {
      await new Promise((done) => setTimeout(done, DATABASE_WAIT_MS));
      return inner.findById(id);
    },
    findByIdempotencyKey: (customerId, key) => inner.findByIdempotencyKey(customerId, key),
    transition: (command) => inner.transition(command),
    list: (query) => inner.list(query),
  };
}

describe('a slow answer under a short request deadline', () => {
  let world: TestWorld;
  let port: number;

  beforeAll(async () => {
    world = await TestWorld.start({ timeouts: TIMEOUTS, orders: slowReads() });
    await world.app.listen({ host: '127.0.0.1', port: 0 });
    port = (world.app.server.address() as AddressInfo).port;
  });
  afterAll(() => world.close());

  test('is answered, not cut: the deadline bounds receiving the request, not the work on it', async () => {
    const customer = await world.caller('customer');
    const started = performance.now();
    const response = await fetch(`http://127.0.0.1:${port}/orders/0190a6f2-6c3e-7cc1-8b1e-2f4a5d6c7b8a`, {
      headers: customer.headers,
    });
    expect(performance.now() - started).toBeGreaterThanOrEqual(DATABASE_WAIT_MS - 50);
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ code: 'NOT_FOUND' });
  });
});
