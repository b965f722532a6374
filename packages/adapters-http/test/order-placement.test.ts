import { ORDER_LIMITS, orderRequestFaults } from '@food-oms/domain';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { expectProblem, pointersOf } from './support/problems.ts';
import { type Caller, TestWorld } from './support/test-app.ts';

describe('POST /orders', () => {
  let world: TestWorld;
  let customer: Caller;
  let pizza: string;
  let pasta: string;

  beforeEach(async () => {
    world = await TestWorld.start();
    customer = await world.caller('customer');
    pizza = (await world.menuItem({ name: 'Margherita', priceCents: 950 })).id;
    pasta = (await world.menuItem({ name: 'Carbonara', priceCents: 1200 })).id;
  });
  afterEach(() => world.close());

  /** `key: null` sends no Idempotency-Key at all. */
  const place = (payload: unknown, key: string | null = 'key-1', caller: Caller = customer) =>
    world.inject({
      method: 'POST',
      url: '/orders',
      headers: { ...caller.headers, ...(key !== null && { 'idempotency-key': key }) },
      payload: payload as object,
    });

  test('201 with the priced order, Location and ETag, and no replay header', async () => {
    const response = await place({
      items: [
        { menuItemId: pizza, quantity: 2 },
        { menuItemId: pasta, quantity: 1 },
      ],
      note: ' no basil ',
    });
    expect(response.statusCode).toBe(201);
    const { order } = response.json();
    expect(response.headers.location).toBe(`/orders/${order.id}`);
    expect(response.headers.etag).toBe('"v1"');
    expect(response.headers['idempotent-replayed']).toBeUndefined();
    expect(order).toMatchObject({
      customerId: customer.user.id,
      status: 'CREATED',
      items: [
        { menuItemId: pizza, name: 'Margherita', unitPriceCents: 950, quantity: 2, lineTotalCents: 1900 },
        { menuItemId: pasta, name: 'Carbonara', unitPriceCents: 1200, quantity: 1, lineTotalCents: 1200 },
      ],
      totalCents: 3100,
      note: 'no basil',
      version: 1,
      history: [
        {
          seq: 1,
          from: null,
          to: 'CREATED',
          actor: { id: customer.user.id, role: 'customer' },
          override: false,
        },
      ],
    });
  });

  test('the same key and body again replays the same order with Idempotent-Replayed: true', async () => {
    const body = {
      items: [
        { menuItemId: pizza, quantity: 2 },
        { menuItemId: pasta, quantity: 1 },
      ],
    };
    const first = await place(body);
    const again = await place(body);
    const reordered = await place({ items: [...body.items].reverse() });
    for (const replay of [again, reordered]) {
      expect(replay.statusCode).toBe(201);
      expect(replay.headers['idempotent-replayed']).toBe('true');
      expect(replay.json().order).toEqual(first.json().order);
      expect(replay.headers.location).toBe(first.headers.location);
      expect(replay.headers.etag).toBe('"v1"');
    }
  });

  test('the structured-field form "key" is the same key as the bare one', async () => {
    const body = { items: [{ menuItemId: pizza, quantity: 1 }] };
    const first = await place(body, 'abc-123');
    const quoted = await place(body, '"abc-123"');
    expect(quoted.headers['idempotent-replayed']).toBe('true');
    expect(quoted.json().order.id).toBe(first.json().order.id);
  });

  test('concurrent retries with one key make one order: one original, the rest replays', async () => {
    const body = { items: [{ menuItemId: pizza, quantity: 3 }] };
    const responses = await Promise.all(Array.from({ length: 10 }, () => place(body, 'burst')));
    expect(responses.map((response) => response.statusCode)).toEqual(Array(10).fill(201));
    expect(new Set(responses.map((response) => response.json().order.id)).size).toBe(1);
    expect(
      responses.filter((response) => response.headers['idempotent-replayed'] === undefined),
    ).toHaveLength(1);
  });

  test('the same key with another body is 422 IDEMPOTENCY_KEY_REUSED', async () => {
    await place({ items: [{ menuItemId: pizza, quantity: 1 }] });
    expectProblem(
      await place({ items: [{ menuItemId: pizza, quantity: 2 }] }),
      422,
      'IDEMPOTENCY_KEY_REUSED',
    );
  });

  test('keys are per customer: another customer with the same key gets an order of their own', async () => {
    const other = await world.caller('customer');
    const body = { items: [{ menuItemId: pizza, quantity: 1 }] };
    const mine = await place(body);
    const theirs = await place(body, 'key-1', other);
    expect(theirs.headers['idempotent-replayed']).toBeUndefined();
    expect(theirs.json().order.id).not.toBe(mine.json().order.id);
  });

  test('a request that fails validation does not use up its key', async () => {
    expectProblem(await place({ items: [{ menuItemId: pizza, quantity: 0 }] }), 400, 'VALIDATION_FAILED');
    const valid = await place({ items: [{ menuItemId: pizza, quantity: 1 }] });
    expect(valid.statusCode).toBe(201);
    expect(valid.headers['idempotent-replayed']).toBeUndefined();
  });

  test.each([
    ['absent', null],
    ['empty', ''],
  ])('an %s Idempotency-Key is 400 MISSING_IDEMPOTENCY_KEY', async (_name, key) => {
    expectProblem(
      await place({ items: [{ menuItemId: pizza, quantity: 1 }] }, key),
      400,
      'MISSING_IDEMPOTENCY_KEY',
    );
  });

  test.each([
    ['256 characters', 'k'.repeat(256)],
    ['a non-ASCII character', 'clé'],
    ['a control character', 'a\tb'],
    ['an unterminated quoted string', '"abc'],
    ['an escape of something else', '"a\\bc"'],
    ['a stray quote inside the quoted form', '"a"b"'],
    ['an empty quoted string', '""'],
  ])('a key with %s is 400 VALIDATION_FAILED at /headers/idempotency-key', async (_name, key) => {
    const problem = expectProblem(
      await place({ items: [{ menuItemId: pizza, quantity: 1 }] }, key),
      400,
      'VALIDATION_FAILED',
    );
    expect(pointersOf(problem)).toEqual(['/headers/idempotency-key']);
  });

  test('a key of exactly 255 printable characters, spaces and quotes included, is accepted', async () => {
    const key = `a "quoted" key ${'~'.repeat(240)}`;
    expect(key).toHaveLength(255);
    expect((await place({ items: [{ menuItemId: pizza, quantity: 1 }] }, key)).statusCode).toBe(201);
  });

  test('unknown and unavailable items are 422 MENU_ITEM_UNAVAILABLE naming them', async () => {
    const soldOut = (await world.menuItem({ available: false })).id;
    const unknown = '01900000-0000-7000-8000-0000000000ff';
    const problem = expectProblem(
      await place({
        items: [
          { menuItemId: pizza, quantity: 1 },
          { menuItemId: soldOut, quantity: 1 },
          { menuItemId: unknown, quantity: 1 },
        ],
      }),
      422,
      'MENU_ITEM_UNAVAILABLE',
    );
    expect(problem.menuItemIds).toEqual([soldOut, unknown]);
  });

  test.each([
    ['no items', { items: [] }, ['/items']],
    [
      'more items than allowed',
      {
        items: Array.from({ length: ORDER_LIMITS.maxItems + 1 }, (_, i) => ({
          menuItemId: `01900000-0000-7000-8000-${String(i).padStart(12, '0')}`,
          quantity: 1,
        })),
      },
      ['/items'],
    ],
    ['quantity 0', { items: [{ menuItemId: 'PIZZA', quantity: 0 }] }, ['/items/0/quantity']],
    [
      'quantity above the limit',
      { items: [{ menuItemId: 'PIZZA', quantity: ORDER_LIMITS.maxQuantity + 1 }] },
      ['/items/0/quantity'],
    ],
    ['a fractional quantity', { items: [{ menuItemId: 'PIZZA', quantity: 1.5 }] }, ['/items/0/quantity']],
    [
      'a note above the limit',
      { items: [{ menuItemId: 'PIZZA', quantity: 1 }], note: 'n'.repeat(ORDER_LIMITS.maxNoteLength + 1) },
      ['/note'],
    ],
    [
      'a menu item id that is no id',
      { items: [{ menuItemId: 'pizza', quantity: 1 }] },
      ['/items/0/menuItemId'],
    ],
    [
      'a client-side price',
      { items: [{ menuItemId: 'PIZZA', quantity: 1, unitPriceCents: 1 }] },
      ['/items/0/unitPriceCents'],
    ],
    ['a total', { items: [{ menuItemId: 'PIZZA', quantity: 1 }], totalCents: 1 }, ['/totalCents']],
    [
      'an operator for an id',
      { items: [{ menuItemId: { $ne: null }, quantity: 1 }] },
      ['/items/0/menuItemId'],
    ],
    [
      'a dotted key',
      { items: [{ menuItemId: 'PIZZA', quantity: 1 }], 'items.0.quantity': 50 },
      ['/items.0.quantity'],
    ],
    ['a key with a slash', { items: [{ menuItemId: 'PIZZA', quantity: 1 }], 'a/b~c': 1 }, ['/a~1b~0c']],
  ])('%s is 400 VALIDATION_FAILED', async (_name, payload, pointers) => {
    const body = JSON.parse(JSON.stringify(payload).replaceAll('PIZZA', pizza));
    const problem = expectProblem(await place(body), 400, 'VALIDATION_FAILED');
    expect(pointersOf(problem)).toEqual(pointers);
  });

  test('the order rules are the domain’s: one message per rule, whoever sends the request', async () => {
    const problem = expectProblem(
      await place({ items: [{ menuItemId: pizza, quantity: 0 }], note: 'n'.repeat(501) }),
      400,
      'VALIDATION_FAILED',
    );
    expect(problem.errors).toEqual(
      orderRequestFaults({ items: [{ menuItemId: pizza, quantity: 0 }], note: 'n'.repeat(501) }),
    );
    expect(problem.errors?.map((error) => error.message)).toEqual([
      `must be an integer from ${ORDER_LIMITS.minQuantity} to ${ORDER_LIMITS.maxQuantity}`,
      `must be at most ${ORDER_LIMITS.maxNoteLength} characters`,
    ]);
  });

  test('the same item twice is 400 too: the domain finds it and points at the repeat', async () => {
    const problem = expectProblem(
      await place({
        items: [
          { menuItemId: pizza, quantity: 1 },
          { menuItemId: pizza, quantity: 2 },
        ],
      }),
      400,
      'VALIDATION_FAILED',
    );
    expect(pointersOf(problem)).toEqual(['/items/1/menuItemId']);
  });
});
