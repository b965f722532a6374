import type { OrderStatus, Role } from '@food-oms/domain';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { expectProblem, pointersOf } from './support/problems.ts';
import { type Caller, TestWorld } from './support/test-app.ts';

const STATUSES: OrderStatus[] = ['CREATED', 'CONFIRMED', 'PREPARING', 'READY', 'CANCELLED'];

/** docs/api.md "Orders and their state machine", written out independently of the domain code. */
const REGULAR: Record<string, Role[]> = {
  'CREATED>CONFIRMED': ['kitchen', 'admin'],
  'CONFIRMED>PREPARING': ['kitchen', 'admin'],
  'PREPARING>READY': ['kitchen', 'admin'],
  'CREATED>CANCELLED': ['customer', 'kitchen', 'admin'],
};

/** How to reach each status from CREATED, by a kitchen user. */
const PATH: Record<OrderStatus, OrderStatus[]> = {
  CREATED: [],
  CONFIRMED: ['CONFIRMED'],
  PREPARING: ['CONFIRMED', 'PREPARING'],
  READY: ['CONFIRMED', 'PREPARING', 'READY'],
  CANCELLED: ['CANCELLED'],
};

type Expected = { status: 200; override: boolean } | { status: number; code: string };

function expected(from: OrderStatus, to: OrderStatus, role: Role, withReason: boolean): Expected {
  if (role === 'customer' && to !== 'CANCELLED') return { status: 403, code: 'FORBIDDEN' };
  if (REGULAR[`${from}>${to}`]?.includes(role)) return { status: 200, override: false };
  if (role !== 'admin' || from === to || from === 'CANCELLED')
    return { status: 409, code: 'INVALID_TRANSITION' };
  return withReason ? { status: 200, override: true } : { status: 422, code: 'OVERRIDE_REASON_REQUIRED' };
}

describe('PATCH /orders/:id/status', () => {
  let world: TestWorld;
  let customer: Caller;
  let kitchen: Caller;
  let admin: Caller;
  let menuItemId: string;

  beforeAll(async () => {
    world = await TestWorld.start();
    customer = await world.caller('customer');
    kitchen = await world.caller('kitchen');
    admin = await world.caller('admin');
    menuItemId = (await world.menuItem()).id;
  });
  afterAll(() => world.close());

  const callers = (): Record<Role, Caller> => ({ customer, kitchen, admin });

  const move = (id: string, caller: Caller, body: object, headers: Record<string, string> = {}) =>
    world.inject({
      method: 'PATCH',
      url: `/orders/${id}/status`,
      headers: { ...caller.headers, ...headers },
      payload: body,
    });

  async function orderIn(status: OrderStatus): Promise<string> {
    const { id } = await world.placedOrder(customer, menuItemId);
    for (const step of PATH[status]) expect((await move(id, kitchen, { status: step })).statusCode).toBe(200);
    return id;
  }

  const matrix = STATUSES.flatMap((from) =>
    STATUSES.flatMap((to) =>
      (
        [
          ['customer', false],
          ['kitchen', false],
          ['admin', false],
          ['admin', true],
        ] as const
      ).map(([role, withReason]) => [from, to, role, withReason] as const),
    ),
  );

  test.each(matrix)('%s → %s by %s (reason: %s)', async (from, to, role, withReason) => {
    const id = await orderIn(from);
    const body = withReason ? { status: to, reason: 'kitchen fire' } : { status: to };
    const response = await move(id, callers()[role], body, { 'x-request-id': `move-${from}-${to}` });
    const outcome = expected(from, to, role, withReason);
    if (outcome.status === 200 && 'override' in outcome) {
      expect({ status: response.statusCode, body: response.body }).toMatchObject({ status: 200 });
      const { order } = response.json();
      const version = PATH[from].length + 2;
      expect(order).toMatchObject({ status: to, version });
      expect(order.history).toHaveLength(version);
      expect(order.history.at(-1)).toMatchObject({
        seq: version,
        from,
        to,
        actor: { id: callers()[role].user.id, role },
        override: outcome.override,
        reason: withReason ? 'kitchen fire' : null,
        requestId: `move-${from}-${to}`,
      });
      expect(response.headers.etag).toBe(`"v${version}"`);
    } else if ('code' in outcome) {
      const problem = expectProblem(response, outcome.status, outcome.code);
      if (outcome.code === 'INVALID_TRANSITION') {
        expect(problem.currentStatus).toBe(from);
        expect(problem.allowedTransitions).toEqual(expect.any(Array));
        expect(problem.allowedTransitions).not.toContain(to);
      }
      const unchanged = await world.inject({ method: 'GET', url: `/orders/${id}`, headers: admin.headers });
      expect(unchanged.json().order).toMatchObject({ status: from, version: PATH[from].length + 1 });
    }
  });

  test('a customer cannot touch another customer’s order: 404', async () => {
    const id = await orderIn('CREATED');
    const stranger = await world.caller('customer');
    expectProblem(await move(id, stranger, { status: 'CANCELLED' }), 404, 'NOT_FOUND');
  });

  test('a malformed id is 404, after the 403 that depends on no order', async () => {
    expectProblem(await move('not-an-id', kitchen, { status: 'CONFIRMED' }), 404, 'NOT_FOUND');
    expectProblem(await move('not-an-id', customer, { status: 'READY' }), 403, 'FORBIDDEN');
    expectProblem(await move('not-an-id', customer, { status: 'CANCELLED' }), 404, 'NOT_FOUND');
  });

  test('an unknown order is 404', async () => {
    expectProblem(
      await move('01900000-0000-7000-8000-00000000beef', kitchen, { status: 'CONFIRMED' }),
      404,
      'NOT_FOUND',
    );
  });

  test.each([
    ['an unknown status', { status: 'EATEN' }, ['/status']],
    ['no status', { reason: 'x' }, ['/status']],
    ['a reason above the limit', { status: 'CONFIRMED', reason: 'r'.repeat(501) }, ['/reason']],
    ['a version in the body', { status: 'CONFIRMED', version: 1 }, ['/version']],
  ])('%s is 400 VALIDATION_FAILED', async (_name, body, pointers) => {
    const id = await orderIn('CREATED');
    const problem = expectProblem(await move(id, kitchen, body), 400, 'VALIDATION_FAILED');
    expect(pointersOf(problem)).toEqual(pointers);
  });

  describe('If-Match', () => {
    test('the current tag applies the change; the now-stale tag is 412 with the current version', async () => {
      const id = await orderIn('CREATED');
      const applied = await move(id, kitchen, { status: 'CONFIRMED' }, { 'if-match': '"v1"' });
      expect(applied.statusCode).toBe(200);
      expect(applied.headers.etag).toBe('"v2"');
      const stale = expectProblem(
        await move(id, kitchen, { status: 'PREPARING' }, { 'if-match': '"v1"' }),
        412,
        'PRECONDITION_FAILED',
      );
      expect(stale).toMatchObject({ currentVersion: 2, currentStatus: 'CONFIRMED' });
    });

    test('* applies to whatever the current version is', async () => {
      const id = await orderIn('CONFIRMED');
      expect((await move(id, kitchen, { status: 'PREPARING' }, { 'if-match': '*' })).statusCode).toBe(200);
    });

    test.each([
      ['an unquoted tag', 'v1'],
      ['a weak tag', 'W/"v1"'],
      ['a list of tags', '"v1", "v2"'],
      ['a tag that is no version', '"abc"'],
      ['version zero', '"v0"'],
    ])('%s is 400 VALIDATION_FAILED at /headers/if-match, and nothing changes', async (_name, header) => {
      const id = await orderIn('CREATED');
      const problem = expectProblem(
        await move(id, kitchen, { status: 'CONFIRMED' }, { 'if-match': header }),
        400,
        'VALIDATION_FAILED',
      );
      expect(pointersOf(problem)).toEqual(['/headers/if-match']);
      const after = await world.inject({ method: 'GET', url: `/orders/${id}`, headers: kitchen.headers });
      expect(after.json().order.version).toBe(1);
    });

    test('of two concurrent changes from one version, exactly one wins; the other is 412', async () => {
      const id = await orderIn('CREATED');
      const [a, b] = await Promise.all([
        move(id, kitchen, { status: 'CONFIRMED' }, { 'if-match': '"v1"' }),
        move(id, admin, { status: 'CANCELLED' }, { 'if-match': '"v1"' }),
      ]);
      expect([a.statusCode, b.statusCode].sort()).toEqual([200, 412]);
    });

    test('without If-Match the loser of a race is 409 INVALID_TRANSITION', async () => {
      const id = await orderIn('CREATED');
      const responses = await Promise.all([
        move(id, kitchen, { status: 'CANCELLED' }),
        move(id, customer, { status: 'CANCELLED' }),
      ]);
      expect(responses.map((response) => response.statusCode).sort()).toEqual([200, 409]);
    });
  });

  describe('Idempotency-Key', () => {
    const history = async (id: string) =>
      (await world.inject({ method: 'GET', url: `/orders/${id}`, headers: admin.headers })).json().order
        .history;

    test('a retry answers 200 with the order, Idempotent-Replayed: true, and changes nothing', async () => {
      const id = await orderIn('CREATED');
      const key = { 'idempotency-key': 'confirm-1' };

      const first = await move(id, kitchen, { status: 'CONFIRMED' }, key);
      const retry = await move(id, kitchen, { status: 'CONFIRMED' }, key);

      expect(first.statusCode).toBe(200);
      expect(first.headers['idempotent-replayed']).toBeUndefined();
      expect(retry.statusCode).toBe(200);
      expect(retry.headers['idempotent-replayed']).toBe('true');
      expect(retry.headers.etag).toBe('"v2"');
      expect(retry.json()).toEqual(first.json());
      expect(await history(id)).toHaveLength(2);
    });

    test('a retry with the If-Match it was first sent with is a replay, not a 412', async () => {
      const id = await orderIn('CONFIRMED');
      const headers = { 'idempotency-key': '"prep-1"', 'if-match': '"v2"' };

      expect((await move(id, kitchen, { status: 'PREPARING' }, headers)).statusCode).toBe(200);
      const retry = await move(id, kitchen, { status: 'PREPARING' }, headers);

      expect(retry.statusCode).toBe(200);
      expect(retry.headers['idempotent-replayed']).toBe('true');
      expect(retry.json().order.version).toBe(3);
    });

    test('the same key with another body is 422 IDEMPOTENCY_KEY_REUSED, and nothing changes', async () => {
      const id = await orderIn('CREATED');
      const key = { 'idempotency-key': 'k-reused' };
      await move(id, admin, { status: 'CONFIRMED' }, key);

      expectProblem(await move(id, admin, { status: 'PREPARING' }, key), 422, 'IDEMPOTENCY_KEY_REUSED');
      expectProblem(
        await move(id, admin, { status: 'CONFIRMED', reason: 'again' }, key),
        422,
        'IDEMPOTENCY_KEY_REUSED',
      );
      expect(await history(id)).toHaveLength(2);
    });

    test('keys are scoped to the caller: another user’s request under the same key is its own', async () => {
      const id = await orderIn('CREATED');
      const key = { 'idempotency-key': 'shared' };
      await move(id, kitchen, { status: 'CONFIRMED' }, key);

      const theirs = await move(id, admin, { status: 'PREPARING' }, key);

      expect(theirs.statusCode).toBe(200);
      expect(theirs.headers['idempotent-replayed']).toBeUndefined();
      expect(await history(id)).toHaveLength(3);
    });

    test('a customer retrying a cancel gets the cancelled order; a stranger with that key gets 404', async () => {
      const id = await orderIn('CREATED');
      const key = { 'idempotency-key': 'cancel-1' };
      await move(id, customer, { status: 'CANCELLED' }, key);

      const retry = await move(id, customer, { status: 'CANCELLED' }, key);
      const stranger = await world.caller('customer');

      expect(retry.statusCode).toBe(200);
      expect(retry.headers['idempotent-replayed']).toBe('true');
      expectProblem(await move(id, stranger, { status: 'CANCELLED' }, key), 404, 'NOT_FOUND');
    });

    test('the key stays on the server: history entries answer the contract’s fields only', async () => {
      const id = await orderIn('CREATED');

      const { order } = (
        await move(id, kitchen, { status: 'CONFIRMED' }, { 'idempotency-key': 'k-kept' })
      ).json();

      expect(Object.keys(order.history[1]).sort()).toEqual(
        ['actor', 'at', 'from', 'override', 'reason', 'requestId', 'seq', 'to'].sort(),
      );
    });

    test.each([
      ['empty', ''],
      ['over 255 characters', 'k'.repeat(256)],
      ['a non-ASCII character', 'clé'],
      ['a broken quoted string', '"abc'],
    ])(
      'an %s key is 400 VALIDATION_FAILED at /headers/idempotency-key, and nothing changes',
      async (_name, key) => {
        const id = await orderIn('CREATED');

        const problem = expectProblem(
          await move(id, kitchen, { status: 'CONFIRMED' }, { 'idempotency-key': key }),
          400,
          'VALIDATION_FAILED',
        );

        expect(pointersOf(problem)).toEqual(['/headers/idempotency-key']);
        expect(await history(id)).toHaveLength(1);
      },
    );

    test('of 10 concurrent requests with one key, one changes the order and every answer is 200', async () => {
      const id = await orderIn('CREATED');

      const responses = await Promise.all(
        Array.from({ length: 10 }, () =>
          move(id, kitchen, { status: 'CONFIRMED' }, { 'idempotency-key': 'race' }),
        ),
      );

      expect(responses.map((response) => response.statusCode)).toEqual(responses.map(() => 200));
      expect(
        responses.filter((response) => response.headers['idempotent-replayed'] === undefined),
      ).toHaveLength(1);
      expect(new Set(responses.map((response) => response.body)).size).toBe(1);
      expect(await history(id)).toHaveLength(2);
    });

    test('OpenAPI documents the header, Idempotent-Replayed and IDEMPOTENCY_KEY_REUSED', async () => {
      const document = (await world.inject({ method: 'GET', url: '/openapi.json' })).json();
      const operation = document.paths['/orders/{id}/status'].patch;

      expect(operation.parameters).toContainEqual(
        expect.objectContaining({ name: 'idempotency-key', in: 'header', required: false }),
      );
      expect(Object.keys(operation.responses['200'].headers)).toContain('Idempotent-Replayed');
      expect(operation['x-problem-codes']['422']).toContain('IDEMPOTENCY_KEY_REUSED');
    });
  });
});
