import { InMemoryOrderRepository } from '@food-oms/adapters-memory';
import type { Order, OrderId, UserId } from '@food-oms/domain';
import { ORDER_STATUSES, ROLES } from '@food-oms/domain';
import { anOrder } from '@food-oms/domain/testing';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { z } from 'zod';
import {
  KEPT_JSON_CHARACTERS,
  keptByVersion,
  responseSerializerCompiler,
} from '../src/http/response-serialization.ts';
import { menuItemListResponseSchema, menuItemResponseSchema } from '../src/schemas/menu-schemas.ts';
import { orderListResponseSchema, orderResponseSchema } from '../src/schemas/order-schemas.ts';
import { accessTokenResponseSchema, userResponseSchema } from '../src/schemas/user-schemas.ts';
import {
  LeakyMenuRepository,
  LeakyOrderRepository,
  LeakyUserRepository,
  SECRET_FIELDS,
} from './support/leaky-repositories.ts';
import { LogCapture } from './support/log-capture.ts';
import { expectProblem } from './support/problems.ts';
import { PASSWORD, TestWorld } from './support/test-app.ts';

/** A store whose orders lose their note on the way out, like a document written before the field existed. */
class NotelessOrderRepository extends InMemoryOrderRepository {
  override async findById(id: OrderId): Promise<Order | null> {
    const order = await super.findById(id);
    if (order === null) return null;
    const { note: _lost, ...withoutNote } = order;
    return withoutNote as Order;
  }
}

/** A store whose orders come back with another note, under the same version, once `changed`. */
class ChangingOrderRepository extends InMemoryOrderRepository {
  changed = false;

  override async findById(id: OrderId): Promise<Order | null> {
    const order = await super.findById(id);
    return order === null || !this.changed ? order : { ...order, note: 'changed under its version' };
  }
}

/** A route's serializer, from a compiler of its own (with its own kept values) unless given one. */
const compile = (schema: z.ZodType, compiler = responseSerializerCompiler()) =>
  compiler({ schema, method: 'GET', url: '/under-test', httpStatus: '200' });

/** The bytes a route sent before the compiled serializer: its zod schema's encode, stringified. */
const zodEncoded = (schema: z.ZodType, value: unknown) => JSON.stringify(z.encode(schema, value));

/** Every UTF-16 unit, lone surrogates and controls included, and the lengths each escape path takes. */
const text = fc.oneof(
  fc.string({
    unit: fc.integer({ min: 0, max: 0xffff }).map((unit) => String.fromCharCode(unit)),
    maxLength: 50,
  }),
  fc.string({ unit: 'binary', minLength: 40, maxLength: 300 }),
  fc.constantFrom('', 'Ann "the chef" \\ O’Neil', '\u2028\u2029', 'no onions 🧅', '\ud800', 'x'.repeat(5001)),
);
/** Any valid Date, years before 1000 and past 9999 included. */
const date = fc.date({ noInvalidDate: true });
const status = fc.constantFrom(...ORDER_STATUSES);
const role = fc.constantFrom(...ROLES);
const leaked = <T extends object>(value: T) => ({ ...value, ...SECRET_FIELDS });

const order = fc
  .record({
    id: fc.uuid(),
    customerId: fc.uuid(),
    status,
    items: fc.array(
      fc.record({
        menuItemId: fc.uuid(),
        name: text,
        unitPriceCents: fc.nat(),
        quantity: fc.integer({ min: 1, max: 50 }),
        lineTotalCents: fc.maxSafeNat(),
      }),
      { minLength: 1, maxLength: 4 },
    ),
    totalCents: fc.maxSafeNat(),
    note: fc.option(text, { nil: null }),
    version: fc.maxSafeNat(),
    createdAt: date,
    updatedAt: date,
    history: fc.array(
      fc
        .record({
          seq: fc.maxSafeNat(),
          from: fc.option(status, { nil: null }),
          to: status,
          at: date,
          actor: fc.record({ id: fc.uuid(), role }),
          reason: fc.option(text, { nil: null }),
          override: fc.boolean(),
          requestId: fc.option(text, { nil: null }),
          idempotencyKey: text,
        })
        .map(leaked),
      { maxLength: 4 },
    ),
  })
  .map(leaked);

const user = fc
  .record({ id: fc.uuid(), email: text, name: text, role, createdAt: date, passwordHash: text })
  .map(leaked);

const menuItem = fc
  .record({
    id: fc.uuid(),
    name: text,
    priceCents: fc.nat(),
    available: fc.boolean(),
    createdAt: date,
    updatedAt: date,
  })
  .map(leaked);

describe('the compiled response serializer', () => {
  test.each([
    ['an order', orderResponseSchema, order.map((value) => ({ order: value }))],
    [
      'a page of orders',
      orderListResponseSchema,
      fc.record({ items: fc.array(order, { maxLength: 3 }), nextCursor: fc.option(text, { nil: null }) }),
    ],
    ['a user', userResponseSchema, user.map((value) => ({ user: value }))],
    ['a menu item', menuItemResponseSchema, menuItem.map((value) => ({ menuItem: value }))],
    ['the menu', menuItemListResponseSchema, fc.record({ items: fc.array(menuItem, { maxLength: 4 }) })],
    [
      'an access token',
      accessTokenResponseSchema,
      fc.record({ accessToken: text, tokenType: fc.constant('Bearer'), expiresIn: fc.nat() }).map(leaked),
    ],
  ] as const)(
    'writes %s byte for byte as the zod encode did, dropping every undeclared field',
    (_what, schema, values) => {
      // A serializer per value: generated orders may share an id and version, which kept ones never do.
      fc.assert(
        fc.property(values as fc.Arbitrary<unknown>, (value) => {
          expect(compile(schema)(value)).toBe(zodEncoded(schema, value));
        }),
      );
    },
  );

  test('fails loudly on a reply without a required field, naming the route and the field', () => {
    const write = compile(userResponseSchema);
    const { createdAt: _missing, ...withoutCreatedAt } = {
      id: '0190a6f2-6c3e-7cc1-8b1e-2f4a5d6c7b8a',
      email: 'ann@example.com',
      name: 'Ann',
      role: 'customer',
      createdAt: new Date(0),
    };
    expect(() => write({ user: withoutCreatedAt })).toThrow(/GET \/under-test 200.*"createdAt" is required/);
    expect(() => write({ user: { ...withoutCreatedAt, createdAt: new Date(Number.NaN) } })).toThrow();
  });

  test.each([
    ['a record', z.object({ tags: z.record(z.string(), z.string()) }), /"\/tags" lets undeclared properties/],
    ['a loose object', z.looseObject({ id: z.string() }), /"" lets undeclared properties/],
    ['a catchall', z.object({ id: z.string() }).catchall(z.string()), /lets undeclared properties/],
    ['an unknown value', z.object({ raw: z.unknown() }), /"\/raw" is untyped/],
    [
      'a union of objects',
      z.object({ x: z.union([z.object({ a: z.string() }), z.object({ b: z.string() })]) }),
      /union/,
    ],
    ['a tuple', z.object({ pair: z.tuple([z.string(), z.number()]) }), /tuple/],
    [
      'an optional field before a required one',
      z.object({ a: z.string().optional(), b: z.string() }),
      /optional/,
    ],
  ])('refuses at start-up a response schema with %s', (_what, schema, reason) => {
    expect(() => compile(schema)).toThrow(reason);
  });

  test('keeps nullable enums and nullable objects, written as null or as declared', () => {
    const schema = z.object({
      from: z.enum(ORDER_STATUSES).nullable(),
      actor: z.object({ id: z.string() }).nullable(),
    });
    const write = compile(schema);
    for (const value of [
      { from: null, actor: null },
      { from: 'CREATED', actor: { id: 'a', ...SECRET_FIELDS } },
    ]) {
      expect(write(value)).toBe(zodEncoded(schema, value));
    }
  });
});

describe('kept values: an order written once per id and version', () => {
  /** What no order is: the same id and version with other content, so a kept answer shows. */
  const altered = (order: Order): Order => ({ ...order, note: `${order.note ?? ''} changed in place` });

  test('its JSON answers every route that returns it, until its version changes', () => {
    const compiler = responseSerializerCompiler();
    const one = compile(orderResponseSchema, compiler);
    const page = compile(orderListResponseSchema, compiler);
    const [order, other] = [anOrder(), anOrder({ status: 'READY', note: 'ring twice' })];
    const written = one({ order });
    expect(written).toBe(zodEncoded(orderResponseSchema, { order }));
    expect(one({ order: altered(order) })).toBe(written);
    expect(page({ items: [altered(order), other], nextCursor: 'next' })).toBe(
      zodEncoded(orderListResponseSchema, { items: [order, other], nextCursor: 'next' }),
    );
    expect(one({ order: altered(other) })).toBe(zodEncoded(orderResponseSchema, { order: other }));
    const moved = { ...altered(order), version: order.version + 1 };
    expect(one({ order: moved })).toBe(zodEncoded(orderResponseSchema, { order: moved }));
    // Another app (another store) keeps its own.
    expect(compile(orderResponseSchema)({ order: altered(order) })).toBe(
      zodEncoded(orderResponseSchema, { order: altered(order) }),
    );
  });

  test('a write (POST, PATCH) reuses what a read kept, and keeps nothing of its own', () => {
    const compiler = responseSerializerCompiler();
    const read = compile(orderResponseSchema, compiler);
    const changed = compiler({
      schema: orderResponseSchema,
      method: 'PATCH',
      url: '/under-test',
      httpStatus: '200',
    });
    const order = anOrder();
    expect(changed({ order })).toBe(zodEncoded(orderResponseSchema, { order }));
    expect(read({ order: altered(order) })).toBe(zodEncoded(orderResponseSchema, { order: altered(order) }));
    expect(changed({ order })).toBe(zodEncoded(orderResponseSchema, { order: altered(order) }));
    const moved = { ...order, version: order.version + 1 };
    expect(changed({ order: moved })).toBe(zodEncoded(orderResponseSchema, { order: moved }));
    expect(read({ order: altered(moved) })).toBe(zodEncoded(orderResponseSchema, { order: altered(moved) }));
  });

  test('keeps the most recently used within its budget of characters, and writes anew what it dropped', () => {
    const orders = Array.from({ length: 5 }, () => anOrder());
    const size = zodEncoded(orderResponseSchema.shape.order, orders[0]).length;
    const [first, second, third, fourth, fifth] = orders as [Order, Order, Order, Order, Order];
    // Room for three orders of this size (all five are the same length: same shape, same digits).
    const one = compile(orderResponseSchema, responseSerializerCompiler({ characters: 3 * size + size / 2 }));
    for (const order of [first, second, third]) one({ order });
    one({ order: first }); // used again: now the newest, and `second` the oldest
    one({ order: fourth }); // over budget: `second` goes
    expect(one({ order: altered(first) })).toBe(zodEncoded(orderResponseSchema, { order: first }));
    expect(one({ order: altered(third) })).toBe(zodEncoded(orderResponseSchema, { order: third }));
    expect(one({ order: altered(second) })).toBe(zodEncoded(orderResponseSchema, { order: altered(second) }));
    // Larger than the whole budget: written, never kept.
    const tiny = compile(orderResponseSchema, responseSerializerCompiler({ characters: size - 1 }));
    tiny({ order: fifth });
    expect(tiny({ order: altered(fifth) })).toBe(zodEncoded(orderResponseSchema, { order: altered(fifth) }));
    expect(KEPT_JSON_CHARACTERS).toBeGreaterThanOrEqual(1024 * size);
  });

  test('keeps nothing while it may not (a store whose conditional writes are not atomic)', () => {
    let enabled = false;
    const one = compile(orderResponseSchema, responseSerializerCompiler({ enabled: () => enabled }));
    const order = anOrder();
    one({ order });
    expect(one({ order: altered(order) })).toBe(zodEncoded(orderResponseSchema, { order: altered(order) }));
    enabled = true;
    one({ order });
    expect(one({ order: altered(order) })).toBe(zodEncoded(orderResponseSchema, { order }));
  });

  test('a value without an id or version is written each time, and a reply missing a field still fails', () => {
    const item = keptByVersion(
      z.object({ id: z.string().nullable(), n: z.number(), text: z.string() }),
      (value) => value.id,
      (value) => value.n,
    );
    const schema = z.object({ item, items: z.array(item), extra: z.string().optional() });
    const write = compile(schema);
    const values = [
      { item: { id: null, n: 1, text: 'first', ...SECRET_FIELDS }, items: [], ...SECRET_FIELDS },
      { item: { id: null, n: 1, text: 'second' }, items: [{ id: 'b', n: 3, text: 'b' }], extra: 'x' },
      { item: { id: 'b', n: 4, text: 'b, changed' }, items: [{ id: null, n: 1, text: 'third' }] },
    ];
    for (const value of values) expect(write(value)).toBe(zodEncoded(schema, value));
    expect(() => write({ items: [] })).toThrow(/GET \/under-test 200.*"item" is required/);
    for (const items of [{}, 'ab', null]) {
      expect(() => write({ item: values[0]?.item, items })).toThrow(
        /GET \/under-test 200.*an array is declared/,
      );
    }
    expect(() => compile(orderListResponseSchema)({ items: [] })).toThrow(/"nextCursor" is required/);
    expect(() => compile(orderResponseSchema)({ order: { ...anOrder(), note: undefined } })).toThrow(
      /"note" is required/,
    );
  });
});

describe('responses through the routes', () => {
  const orders = new LeakyOrderRepository();
  let world: TestWorld;
  const capture = new LogCapture();

  beforeAll(async () => {
    world = await TestWorld.start({
      users: new LeakyUserRepository(),
      menu: new LeakyMenuRepository(),
      orders,
      logger: { level: 'info', stream: capture },
    });
  });
  afterAll(() => world.close());

  test('are the bytes the zod encode of the stored values gave, with no stored secret among them', async () => {
    const customer = await world.caller('customer', 'ann@example.com');
    const admin = await world.caller('admin');
    const item = await world.menuItem({ name: 'Soup "of the day" — 🍲' });
    const placed = await world.inject({
      method: 'POST',
      url: '/orders',
      headers: { ...customer.headers, 'idempotency-key': 'serialized-1' },
      payload: { items: [{ menuItemId: item.id, quantity: 2 }], note: 'no onions \\ "please"\u2028' },
    });
    const id = placed.json().order.id as OrderId;
    world.clock.advance(1000);
    const moved = await world.inject({
      method: 'PATCH',
      url: `/orders/${id}/status`,
      headers: admin.headers,
      payload: { status: 'READY', reason: 'skipped ahead for a regular' },
    });
    const read = await world.inject({ method: 'GET', url: `/orders/${id}`, headers: customer.headers });
    const page = await world.inject({ method: 'GET', url: '/orders?limit=1', headers: admin.headers });
    const me = await world.inject({ method: 'GET', url: '/users/me', headers: customer.headers });
    const menu = await world.inject({ method: 'GET', url: '/menu-items', headers: customer.headers });
    const login = await world.inject({
      method: 'POST',
      url: '/auth/login',
      payload: { email: 'ann@example.com', password: PASSWORD },
    });

    const stored = await orders.findById(id);
    expect(stored?.history).toHaveLength(2);
    expect(read.body).toBe(zodEncoded(orderResponseSchema, { order: stored }));
    expect(moved.body).toBe(read.body);
    expect(page.body).toBe(
      zodEncoded(orderListResponseSchema, { items: [stored], nextCursor: page.json().nextCursor }),
    );
    expect(me.body).toBe(
      zodEncoded(userResponseSchema, { user: await world.users.findById(customer.user.id as UserId) }),
    );
    expect(menu.body).toBe(zodEncoded(menuItemListResponseSchema, { items: await world.menu.list() }));
    expect(login.body).toBe(zodEncoded(accessTokenResponseSchema, login.json()));
    for (const response of [placed, moved, read, page, me, menu, login]) {
      expect(response.statusCode).toBeLessThan(300);
      expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
      for (const secret of Object.values(SECRET_FIELDS)) expect(response.body).not.toContain(secret);
    }
  });

  test('a stored order that lacks a required field is a 500 and an error log line, not a shorter order', async () => {
    const noteless = await TestWorld.start({
      orders: new NotelessOrderRepository(),
      logger: { level: 'info', stream: capture },
    });
    try {
      const customer = await noteless.caller('customer');
      // Stored as by an earlier release, so no answer of this app has written it yet.
      const order = anOrder({ customerId: customer.user.id });
      await noteless.orders.insert(order, { key: 'written-before-the-note', fingerprint: 'f' });
      const { id } = order;
      const response = await noteless.inject({
        method: 'GET',
        url: `/orders/${id}`,
        headers: { ...customer.headers, 'x-request-id': 'no-note-1' },
      });
      const problem = expectProblem(response, 500, 'INTERNAL');
      expect(problem.detail).toBe('An unexpected error occurred.');
      expect(response.body).toBe(JSON.stringify(problem));
      expect(response.headers['cache-control']).toBe('no-store');
    } finally {
      await noteless.close();
    }
    const failure = capture.lines.find((line) => line.requestId === 'no-note-1' && line.level === 50);
    expect(failure).toMatchObject({
      code: 'INTERNAL',
      err: { message: expect.stringMatching(/GET \/orders\/:id 200.*"note" is required/) },
    });
  });

  test.each([
    ['kept (the default)', undefined, 'as placed'],
    ['not kept (keepsAnsweredJson false)', () => false, 'changed under its version'],
  ])(
    'an order the store hands back changed under its version: %s',
    async (_what, keepsAnsweredJson, note) => {
      const orders = new ChangingOrderRepository();
      const changing = await TestWorld.start({
        orders,
        ...(keepsAnsweredJson !== undefined && { keepsAnsweredJson }),
      });
      try {
        const customer = await changing.caller('customer');
        const placed = await changing.inject({
          method: 'POST',
          url: '/orders',
          headers: { ...customer.headers, 'idempotency-key': 'kept-or-not' },
          payload: {
            items: [{ menuItemId: (await changing.menuItem()).id, quantity: 1 }],
            note: 'as placed',
          },
        });
        expect(placed.statusCode).toBe(201);
        const read = () =>
          changing.inject({
            method: 'GET',
            url: `/orders/${placed.json().order.id}`,
            headers: customer.headers,
          });
        expect((await read()).body).toBe(placed.body);
        orders.changed = true;
        const again = await read();
        expect(again.statusCode).toBe(200);
        expect(again.json().order.note).toBe(note);
      } finally {
        await changing.close();
      }
    },
  );

  test('problems keep their exact body, with JSON.stringify’s bytes and their own headers', async () => {
    const customer = await world.caller('customer');
    const response = await world.inject({
      method: 'GET',
      url: '/orders/01900000-0000-7000-8000-000000000bad',
      headers: customer.headers,
    });
    const problem = expectProblem(response, 404, 'NOT_FOUND');
    expect(response.body).toBe(JSON.stringify(problem));
    expect(response.headers['cache-control']).toBe('no-store');
  });
});
