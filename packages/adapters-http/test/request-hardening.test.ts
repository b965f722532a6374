import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { FaultyOrderRepository } from './support/faulty-order-repository.ts';
import { expectProblem, pointersOf } from './support/problems.ts';
import { type Caller, TestWorld } from './support/test-app.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('what a hostile or broken request gets', () => {
  let world: TestWorld;
  let customer: Caller;
  let admin: Caller;
  const orders = new FaultyOrderRepository();

  beforeAll(async () => {
    world = await TestWorld.start({ orders });
    customer = await world.caller('customer');
    admin = await world.caller('admin');
  });
  afterAll(() => world.close());

  const send = (payload: string, contentType = 'application/json', caller: Caller = admin) =>
    world.inject({
      method: 'POST',
      url: '/menu-items',
      headers: { ...caller.headers, 'content-type': contentType },
      payload,
    });

  describe('bodies', () => {
    test.each([
      ['truncated JSON', '{"name": "Calzone", "priceCents": '],
      ['single quotes', "{'name': 'Calzone'}"],
      ['a trailing comma', '{"name": "Calzone", "priceCents": 1,}'],
    ])('%s is 400 VALIDATION_FAILED', async (_name, payload) => {
      const problem = expectProblem(await send(payload), 400, 'VALIDATION_FAILED');
      expect(pointersOf(problem)).toEqual(['']);
    });

    test.each([
      ['__proto__', '{"name": "Calzone", "priceCents": 100, "__proto__": {"admin": true}}'],
      ['nested __proto__', '{"name": "Calzone", "priceCents": 100, "x": {"__proto__": {"admin": true}}}'],
      [
        'constructor.prototype',
        '{"name": "Calzone", "priceCents": 100, "constructor": {"prototype": {"admin": true}}}',
      ],
    ])('a poisoned body (%s) is 400 and pollutes nothing', async (_name, payload) => {
      expectProblem(await send(payload), 400, 'VALIDATION_FAILED');
      expect(({} as Record<string, unknown>).admin).toBeUndefined();
    });

    test('an empty JSON body is 400', async () => {
      expectProblem(await send(''), 400, 'VALIDATION_FAILED');
    });

    test('a JSON null body is 400 pointing at the root', async () => {
      const problem = expectProblem(await send('null'), 400, 'VALIDATION_FAILED');
      expect(pointersOf(problem)).toEqual(['']);
    });

    test('a body over 16 KiB is 413 PAYLOAD_TOO_LARGE; 16 KiB exactly is read', async () => {
      const padded = (size: number) => {
        const base = '{"name": "Calzone", "priceCents": 100, "pad": ""}';
        return base.replace('""', `"${'x'.repeat(size - base.length)}"`);
      };
      expectProblem(await send(padded(16 * 1024 + 1)), 413, 'PAYLOAD_TOO_LARGE');
      // Read and then refused for its unknown property, not for its size.
      const problem = expectProblem(await send(padded(16 * 1024)), 400, 'VALIDATION_FAILED');
      expect(pointersOf(problem)).toEqual(['/pad']);
    });

    test.each([
      ['text/plain', 'name=Calzone'],
      ['application/x-www-form-urlencoded', 'name=Calzone&priceCents=100'],
      ['multipart/form-data; boundary=x', '--x\r\n\r\nCalzone\r\n--x--'],
      ['application/xml', '<name>Calzone</name>'],
      ['application/json-patch+json', '[]'],
    ])('%s is 415 UNSUPPORTED_MEDIA_TYPE', async (contentType, payload) => {
      expectProblem(await send(payload, contentType), 415, 'UNSUPPORTED_MEDIA_TYPE');
    });

    test('application/json with a charset is JSON', async () => {
      const response = await send(
        '{"name": "Calzone", "priceCents": 100}',
        'application/json; charset=utf-8',
      );
      expect(response.statusCode).toBe(201);
    });
  });

  describe('routes', () => {
    test.each([
      ['GET', '/nowhere'],
      ['DELETE', '/orders'],
      ['PUT', '/menu-items'],
      ['GET', `/orders/${'x'.repeat(200)}`],
    ])('%s %s is a 404 NOT_FOUND problem', async (method, url) => {
      expectProblem(
        await world.inject({ method: method as 'GET', url, headers: customer.headers }),
        404,
        'NOT_FOUND',
      );
    });

    test.each([
      ['GET', '/orders/not-a-uuid'],
      ['GET', '/orders/%00%00'],
      ['PATCH', '/orders/01900000-0000-7000-8000-00000000000%00/status'],
    ])('%s %s names no order: 404 without asking the store', async (method, url) => {
      // A store that is asked fails with a plain Error, which would be a 500.
      orders.failWith(new Error('the store must not be asked for a malformed id'));
      try {
        const response = await world.inject({
          method: method as 'GET',
          url,
          headers: customer.headers,
          ...(method === 'PATCH' && { payload: { status: 'CANCELLED' } }),
        });
        expectProblem(response, 404, 'NOT_FOUND');
      } finally {
        orders.failWith(null);
      }
    });

    test('control characters in text are 400 at their pointer: NUL never reaches the store', async () => {
      const problem = expectProblem(
        await send('{"name": "Cal\\u0000zone", "priceCents": 100}'),
        400,
        'VALIDATION_FAILED',
      );
      expect(pointersOf(problem)).toEqual(['/name']);
    });

    test('a URL that does not decode is 400 and still carries the request id', async () => {
      const response = await world.inject({
        method: 'GET',
        url: '/orders/%E0%A4%A',
        headers: { ...customer.headers, 'x-request-id': 'bad-url-1' },
      });
      expectProblem(response, 400, 'VALIDATION_FAILED');
      expect(response.headers['x-request-id']).toBe('bad-url-1');
    });
  });

  describe('X-Request-Id', () => {
    test.each([
      [
        'a success',
        () =>
          world.inject({
            method: 'GET',
            url: '/menu-items',
            headers: { ...customer.headers, 'x-request-id': 'abc.DEF_123-x' },
          }),
      ],
      [
        'a problem',
        () =>
          world.inject({ method: 'GET', url: '/menu-items', headers: { 'x-request-id': 'abc.DEF_123-x' } }),
      ],
      [
        'a 404',
        () => world.inject({ method: 'GET', url: '/nowhere', headers: { 'x-request-id': 'abc.DEF_123-x' } }),
      ],
      [
        'a health check',
        () =>
          world.inject({ method: 'GET', url: '/health/live', headers: { 'x-request-id': 'abc.DEF_123-x' } }),
      ],
    ])('an acceptable id is kept and echoed on %s', async (_name, request) => {
      const response = await request();
      expect(response.headers['x-request-id']).toBe('abc.DEF_123-x');
      if (response.statusCode >= 400) expect(response.json().requestId).toBe('abc.DEF_123-x');
    });

    test.each([
      ['65 characters', 'r'.repeat(65)],
      ['a space', 'abc def'],
      ['a slash', 'a/b'],
      ['a log-injection attempt', 'abc\\n{"level":60}'],
      ['an empty value', ''],
    ])('an id with %s is replaced by a new UUID', async (_name, incoming) => {
      const response = await world.inject({
        method: 'GET',
        url: '/nowhere',
        headers: { 'x-request-id': incoming },
      });
      expect(response.headers['x-request-id']).toMatch(UUID);
      expect(response.json().requestId).toBe(response.headers['x-request-id']);
    });

    test('without one, every request gets its own', async () => {
      const a = await world.inject({ method: 'GET', url: '/health/live' });
      const b = await world.inject({ method: 'GET', url: '/health/live' });
      expect(a.headers['x-request-id']).toMatch(UUID);
      expect(a.headers['x-request-id']).not.toBe(b.headers['x-request-id']);
    });
  });

  describe('failures inside', () => {
    test('an unexpected error is a 500 INTERNAL with a generic detail: no message, stack or database text', async () => {
      const item = await world.menuItem();
      orders.failWith(
        new Error(
          'E11000 duplicate key error collection: food_oms.orders at mongodb://root:hunter2@db:27017',
        ),
      );
      try {
        const response = await world.inject({
          method: 'POST',
          url: '/orders',
          headers: { ...customer.headers, 'idempotency-key': 'boom' },
          payload: { items: [{ menuItemId: item.id, quantity: 1 }] },
        });
        const problem = expectProblem(response, 500, 'INTERNAL');
        expect(problem.detail).toBe('An unexpected error occurred.');
        expect(response.body).not.toMatch(/E11000|mongodb|hunter2|stack|at .*\.ts/);
      } finally {
        orders.failWith(null);
      }
    });
  });
});
