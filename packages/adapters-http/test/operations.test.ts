import { DatabaseUnavailableError } from '@food-oms/application';
import { afterEach, describe, expect, test } from 'vitest';
import { FaultyOrderRepository } from './support/faulty-order-repository.ts';
import { expectProblem } from './support/problems.ts';
import { TestWorld } from './support/test-app.ts';

describe('operations', () => {
  let world: TestWorld;
  afterEach(() => world.close());

  describe('health', () => {
    test('/health/live and /health/ready answer 200 while all is well', async () => {
      world = await TestWorld.start();
      const live = await world.inject({ method: 'GET', url: '/health/live' });
      const ready = await world.inject({ method: 'GET', url: '/health/ready' });
      expect([live.statusCode, live.json()]).toEqual([200, { status: 'live' }]);
      expect([ready.statusCode, ready.json()]).toEqual([200, { status: 'ready' }]);
      expect(live.headers.ratelimit).toBeUndefined();
    });

    test.each([
      ['reports the database down', async () => false],
      [
        'itself fails',
        async () => {
          throw new Error('connect ECONNREFUSED 10.0.0.7:27017');
        },
      ],
    ])('/health/ready is 503 with Retry-After when the readiness check %s', async (_name, readiness) => {
      world = await TestWorld.start({ readiness });
      const response = await world.inject({ method: 'GET', url: '/health/ready' });
      expectProblem(response, 503, 'SERVICE_UNAVAILABLE');
      expect(response.headers['retry-after']).toBe('5');
      expect(response.body).not.toContain('ECONNREFUSED');
    });
  });

  describe('shutting down', () => {
    test.each([
      ['GET', '/health/ready'],
      ['GET', '/health/live'],
      ['GET', '/menu-items'],
      ['POST', '/auth/login'],
      ['GET', '/nowhere'],
    ])('%s %s is 503 SERVICE_UNAVAILABLE with Retry-After and Connection: close', async (method, url) => {
      let draining = false;
      world = await TestWorld.start({ isShuttingDown: () => draining });
      expect((await world.inject({ method: 'GET', url: '/health/ready' })).statusCode).toBe(200);
      draining = true;
      const response = await world.inject({
        method: method as 'GET',
        url,
        headers: { 'x-request-id': 'drain-1' },
      });
      const problem = expectProblem(response, 503, 'SERVICE_UNAVAILABLE');
      expect(problem.requestId).toBe('drain-1');
      expect(response.headers['retry-after']).toBe('5');
      expect(response.headers.connection).toBe('close');
    });
  });

  describe('database outage', () => {
    test('DatabaseUnavailableError from the store is 503 with Retry-After on every order route, and it recovers', async () => {
      const orders = new FaultyOrderRepository();
      world = await TestWorld.start({ orders });
      const customer = await world.caller('customer');
      const item = await world.menuItem();
      const place = (key: string) =>
        world.inject({
          method: 'POST',
          url: '/orders',
          headers: { ...customer.headers, 'idempotency-key': key },
          payload: { items: [{ menuItemId: item.id, quantity: 1 }] },
        });
      const { order } = (await place('before')).json();

      orders.failWith(
        new DatabaseUnavailableError({ cause: new Error('server selection timed out after 2000 ms') }),
      );
      const requests = [
        place('during'),
        world.inject({ method: 'GET', url: `/orders/${order.id}`, headers: customer.headers }),
        world.inject({ method: 'GET', url: '/orders', headers: customer.headers }),
        world.inject({
          method: 'PATCH',
          url: `/orders/${order.id}/status`,
          headers: customer.headers,
          payload: { status: 'CANCELLED' },
        }),
      ];
      for (const response of await Promise.all(requests)) {
        const problem = expectProblem(response, 503, 'SERVICE_UNAVAILABLE');
        expect(response.headers['retry-after']).toBe('5');
        expect(problem.detail).not.toContain('timed out');
      }

      orders.failWith(null);
      expect((await place('after')).statusCode).toBe(201);
    });
  });
});
