import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { expectProblem, pointersOf } from './support/problems.ts';
import { type Caller, TestWorld } from './support/test-app.ts';

interface OrderBody {
  readonly id: string;
  readonly customerId: string;
  readonly status: string;
  readonly version: number;
}

describe('reading orders', () => {
  let world: TestWorld;
  let customer: Caller;
  let kitchen: Caller;
  let menuItemId: string;

  beforeEach(async () => {
    world = await TestWorld.start();
    customer = await world.caller('customer');
    kitchen = await world.caller('kitchen');
    menuItemId = (await world.menuItem()).id;
  });
  afterEach(() => world.close());

  async function placeFor(caller: Caller): Promise<OrderBody> {
    world.clock.advance(1000);
    return world.placedOrder<OrderBody>(caller, menuItemId);
  }

  const get = (id: string, caller: Caller, headers: Record<string, string> = {}) =>
    world.inject({ method: 'GET', url: `/orders/${id}`, headers: { ...caller.headers, ...headers } });

  describe('GET /orders/:id', () => {
    test('200 {order} with its ETag, to be revalidated before reuse', async () => {
      const order = await placeFor(customer);
      const response = await get(order.id, customer);
      expect(response.statusCode).toBe(200);
      expect(response.headers.etag).toBe('"v1"');
      expect(response.headers['cache-control']).toBe('private, no-cache');
      expect(response.json().order).toMatchObject({ id: order.id, version: 1 });
    });

    test('staff read any order; another customer gets 404, exactly as for a missing one', async () => {
      const order = await placeFor(customer);
      expect((await get(order.id, kitchen)).statusCode).toBe(200);
      const stranger = await world.caller('customer');
      const hidden = expectProblem(await get(order.id, stranger), 404, 'NOT_FOUND');
      const missing = expectProblem(
        await get('01900000-0000-7000-8000-000000000bad', stranger),
        404,
        'NOT_FOUND',
      );
      expect({ ...hidden, requestId: '' }).toEqual({ ...missing, requestId: '' });
      expectProblem(await get('not-even-an-id', stranger), 404, 'NOT_FOUND');
    });

    test.each([
      ['the current tag', '"v1"'],
      ['the current tag, weak', 'W/"v1"'],
      ['a list holding the current tag', '"v7", W/"v0", "v1"'],
      ['*', '*'],
    ])('If-None-Match with %s is 304 with no body, the ETag and the request id', async (_name, held) => {
      const order = await placeFor(customer);
      const response = await get(order.id, customer, {
        'if-none-match': held,
        'x-request-id': 'revalidate-1',
      });
      expect(response.statusCode).toBe(304);
      expect(response.body).toBe('');
      expect(response.headers.etag).toBe('"v1"');
      expect(response.headers['x-request-id']).toBe('revalidate-1');
    });

    test.each([
      ['a stale tag', '"v0"'],
      ['garbage', 'v1'],
    ])('If-None-Match with %s is a full 200', async (_name, held) => {
      const order = await placeFor(customer);
      const response = await get(order.id, customer, { 'if-none-match': held });
      expect(response.statusCode).toBe(200);
      expect(response.json().order.id).toBe(order.id);
    });

    test('after a change the old tag no longer matches', async () => {
      const order = await placeFor(customer);
      await world.inject({
        method: 'PATCH',
        url: `/orders/${order.id}/status`,
        headers: kitchen.headers,
        payload: { status: 'CONFIRMED' },
      });
      const response = await get(order.id, customer, { 'if-none-match': '"v1"' });
      expect(response.statusCode).toBe(200);
      expect(response.headers.etag).toBe('"v2"');
    });
  });

  describe('GET /orders', () => {
    const list = (caller: Caller, query = '') =>
      world.inject({ method: 'GET', url: `/orders${query}`, headers: caller.headers });

    test('walks every page newest first with nextCursor, then null', async () => {
      const placed: string[] = [];
      for (let i = 0; i < 25; i += 1) placed.push((await placeFor(customer)).id);
      const seen: string[] = [];
      const sizes: number[] = [];
      let cursor: string | null = null;
      do {
        const query: string = `?limit=10${cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`}`;
        const response = await list(customer, query);
        expect(response.statusCode).toBe(200);
        const page = response.json<{ items: OrderBody[]; nextCursor: string | null }>();
        sizes.push(page.items.length);
        seen.push(...page.items.map((order) => order.id));
        cursor = page.nextCursor;
      } while (cursor !== null);
      expect(sizes).toEqual([10, 10, 5]);
      expect(seen).toEqual([...placed].reverse());
    });

    test('defaults to 20 per page', async () => {
      for (let i = 0; i < 21; i += 1) await placeFor(customer);
      const page = (await list(customer)).json();
      expect(page.items).toHaveLength(20);
      expect(page.nextCursor).toEqual(expect.any(String));
    });

    test('customers see only their own orders; staff see all, or one customer’s', async () => {
      const mine = await placeFor(customer);
      const other = await world.caller('customer');
      const theirs = await placeFor(other);
      const ids = async (caller: Caller, query?: string) =>
        (await list(caller, query)).json().items.map((order: OrderBody) => order.id);
      expect(await ids(customer)).toEqual([mine.id]);
      expect(await ids(kitchen)).toEqual([theirs.id, mine.id]);
      expect(await ids(kitchen, `?customerId=${other.user.id}`)).toEqual([theirs.id]);
      expectProblem(await list(customer, `?customerId=${other.user.id}`), 403, 'FORBIDDEN');
    });

    test('filters by a comma list of statuses', async () => {
      const confirmed = await placeFor(customer);
      const cancelled = await placeFor(customer);
      await placeFor(customer);
      const move = (id: string, status: string) =>
        world.inject({
          method: 'PATCH',
          url: `/orders/${id}/status`,
          headers: kitchen.headers,
          payload: { status },
        });
      await move(confirmed.id, 'CONFIRMED');
      await move(cancelled.id, 'CANCELLED');
      const statuses = (await list(kitchen, '?status=CONFIRMED,CANCELLED'))
        .json()
        .items.map((o: OrderBody) => o.status);
      expect(statuses).toEqual(['CANCELLED', 'CONFIRMED']);
    });

    test('a cursor is bound to its filters and tamper-evident: 400 INVALID_CURSOR otherwise', async () => {
      for (let i = 0; i < 3; i += 1) await placeFor(customer);
      const { nextCursor } = (await list(kitchen, '?limit=1')).json();
      expectProblem(
        await list(kitchen, `?limit=1&status=CREATED&cursor=${encodeURIComponent(nextCursor)}`),
        400,
        'INVALID_CURSOR',
      );
      const tampered = nextCursor.slice(0, -2) + (nextCursor.endsWith('AA') ? 'AB' : 'AA');
      expectProblem(
        await list(kitchen, `?limit=1&cursor=${encodeURIComponent(tampered)}`),
        400,
        'INVALID_CURSOR',
      );
      expectProblem(await list(kitchen, '?cursor=garbage'), 400, 'INVALID_CURSOR');
    });

    test.each([
      ['limit 0', '?limit=0', ['/query/limit']],
      ['limit 101', '?limit=101', ['/query/limit']],
      ['a limit that is no number', '?limit=ten', ['/query/limit']],
      ['an unknown status', '?status=CREATED,EATEN', ['/query/status/1']],
      ['a status given twice', '?status=CREATED&status=READY', ['/query/status']],
      ['a customerId that is no id', '?customerId=abc', ['/query/customerId']],
      ['an unknown parameter', '?sort=asc', ['/query/sort']],
      ['an operator in brackets', '?customerId[$ne]=x', ['/query/customerId[$ne]']],
    ])('%s is 400 VALIDATION_FAILED', async (_name, query, pointers) => {
      const problem = expectProblem(await list(kitchen, query), 400, 'VALIDATION_FAILED');
      expect(pointersOf(problem)).toEqual(pointers);
    });
  });
});
