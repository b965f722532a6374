import type { OrderListQuery } from '@food-oms/application';
import {
  appendChange,
  type HistoryChange,
  ORDER_STATUSES,
  type Order,
  type OrderId,
  type UserId,
} from '@food-oms/domain';
import { anActor, anOrder } from '@food-oms/domain/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InMemoryOrderRepository } from '../src/index.ts';

// The contract suite (contracts.test.ts) says what any OrderRepository does; these cases pin
// the indexes behind this one's pages to the scan it used to make, over ids in any order.

/** Ids that sort as `n` does, in the UUIDv7 shape, so a test chooses the order they sort in. */
const orderId = (n: number) => `01955a3e-0000-7000-8000-${n.toString(16).padStart(12, '0')}` as OrderId;
const customer = (n: number) => `01955a3e-0000-7000-9000-${n.toString(16).padStart(12, '0')}` as UserId;
const CUSTOMERS = 3;
const claim = (key: string) => ({ key, fingerprint: `fp-${key}` });

/** What `list` answered before it had indexes: every order filtered, sorted newest first, cut. */
function scanned(orders: Iterable<Order>, { customerId, statuses, before, limit }: OrderListQuery): Order[] {
  return [...orders]
    .filter(
      (order) =>
        (customerId === undefined || order.customerId === customerId) &&
        (statuses === undefined || statuses.includes(order.status)) &&
        (before === undefined || order.id < before),
    )
    .sort((a, b) => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0))
    .slice(0, limit);
}

function changeOf(order: Order, overrides: Pick<HistoryChange, 'from' | 'to'>): HistoryChange {
  return {
    at: new Date(order.updatedAt.getTime() + 60_000),
    actor: anActor({ role: 'admin' }),
    reason: null,
    override: false,
    requestId: null,
    ...overrides,
  };
}

const status = fc.constantFrom(...ORDER_STATUSES);
const step = fc.oneof(
  fc.record({
    kind: fc.constant('insert' as const),
    n: fc.integer({ min: 1, max: 300 }),
    customer: fc.integer({ min: 1, max: CUSTOMERS }),
    status,
  }),
  fc.record({ kind: fc.constant('transition' as const), pick: fc.nat(), to: status, stale: fc.boolean() }),
  fc.record({
    kind: fc.constant('list' as const),
    // Customer 0 has no orders.
    customer: fc.option(fc.integer({ min: 0, max: CUSTOMERS })),
    // Empty, repeated and all statuses included.
    statuses: fc.option(fc.array(status, { maxLength: 6 })),
    before: fc.option(fc.integer({ min: 0, max: 310 })),
    limit: fc.integer({ min: 0, max: 8 }),
  }),
);

describe('InMemoryOrderRepository pages', () => {
  it('lists exactly what a scan of every order lists, after any mix of inserts and transitions', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { maxLength: 60 }), async (steps) => {
        const repository = new InMemoryOrderRepository();
        const model = new Map<OrderId, Order>();
        for (const next of steps) {
          if (next.kind === 'insert') {
            const id = orderId(next.n);
            if (model.has(id)) continue;
            const order = anOrder({ id, customerId: customer(next.customer), status: next.status });
            expect(await repository.insert(order, claim(id))).toStrictEqual({ kind: 'inserted', order });
            model.set(id, order);
          } else if (next.kind === 'transition') {
            const current = [...model.values()][next.pick % Math.max(model.size, 1)];
            if (current === undefined) continue;
            const from = next.stale ? (next.to === current.status ? 'READY' : next.to) : current.status;
            const change = changeOf(current, { from, to: next.to });
            const result = await repository.transition({ id: current.id, change });
            if (from === current.status) {
              const moved = appendChange(current, change).order;
              expect(result).toStrictEqual({ kind: 'applied', order: moved });
              model.set(current.id, moved);
            } else {
              expect(result).toStrictEqual({ kind: 'no-match', current });
            }
          } else {
            const query: OrderListQuery = {
              ...(next.customer !== null && { customerId: customer(next.customer) }),
              ...(next.statuses !== null && { statuses: next.statuses }),
              ...(next.before !== null && { before: orderId(next.before) }),
              limit: next.limit,
            };
            expect(await repository.list(query)).toStrictEqual(scanned(model.values(), query));
          }
        }
        for (const customerId of [undefined, customer(1), customer(2), customer(3)]) {
          for (const statuses of [undefined, ...ORDER_STATUSES.map((one) => [one])]) {
            const query: OrderListQuery = {
              ...(customerId !== undefined && { customerId }),
              ...(statuses !== undefined && { statuses }),
              limit: 400,
            };
            expect(await repository.list(query)).toStrictEqual(scanned(model.values(), query));
          }
        }
      }),
      { numRuns: 150 },
    );
  });

  it('lists an order inserted with an older id in its place, in every index it is in', async () => {
    const repository = new InMemoryOrderRepository();
    const ann = customer(1);
    const newer = anOrder({ id: orderId(20), customerId: ann, status: 'READY' });
    const older = anOrder({ id: orderId(10), customerId: ann, status: 'READY' });
    const newest = anOrder({ id: orderId(30), customerId: ann, status: 'READY' });
    for (const order of [newer, older, newest]) await repository.insert(order, claim(order.id));

    const ids = (orders: Order[]) => orders.map((order) => order.id);
    expect(ids(await repository.list({ limit: 10 }))).toEqual([newest.id, newer.id, older.id]);
    expect(ids(await repository.list({ customerId: ann, limit: 10 }))).toEqual([
      newest.id,
      newer.id,
      older.id,
    ]);
    expect(ids(await repository.list({ statuses: ['READY'], before: newer.id, limit: 10 }))).toEqual([
      older.id,
    ]);
  });

  it('moves a transitioned order from its old status’s pages to its new one’s', async () => {
    const repository = new InMemoryOrderRepository();
    const order = anOrder({ id: orderId(1), status: 'CREATED' });
    const other = anOrder({ id: orderId(2), status: 'CONFIRMED' });
    for (const stored of [order, other]) await repository.insert(stored, claim(stored.id));

    await repository.transition({
      id: order.id,
      change: changeOf(order, { from: 'CREATED', to: 'CONFIRMED' }),
    });

    expect(await repository.list({ statuses: ['CREATED'], limit: 10 })).toEqual([]);
    expect((await repository.list({ statuses: ['CONFIRMED'], limit: 10 })).map((o) => o.id)).toEqual([
      other.id,
      order.id,
    ]);
  });

  it('lists a status asked for twice once, and nothing for no statuses at all', async () => {
    const repository = new InMemoryOrderRepository();
    const order = anOrder({ id: orderId(1), status: 'READY' });
    await repository.insert(order, claim(order.id));

    expect(await repository.list({ statuses: ['READY', 'READY'], limit: 10 })).toStrictEqual([order]);
    expect(await repository.list({ statuses: [], limit: 10 })).toEqual([]);
  });

  it('refuses a second order with a stored id, as MongoDB’s _id does, and keeps the first', async () => {
    const repository = new InMemoryOrderRepository();
    const first = anOrder({ id: orderId(1), customerId: customer(1), status: 'CREATED' });
    const twin = anOrder({ id: orderId(1), customerId: customer(2), status: 'READY' });
    await repository.insert(first, claim('k-1'));

    await expect(repository.insert(twin, claim('k-2'))).rejects.toThrow(/stored already/);

    expect(await repository.findById(first.id)).toStrictEqual(first);
    expect(await repository.findByIdempotencyKey(twin.customerId, 'k-2')).toBeNull();
    expect(await repository.list({ limit: 10 })).toStrictEqual([first]);
    expect(await repository.list({ statuses: ['READY'], limit: 10 })).toEqual([]);
  });
});

describe('InMemoryOrderRepository keeps orders read-only', () => {
  /** Every object and Date of an order, each with a change strict code could try on it. */
  function changesTo(order: Order): [string, () => void][] {
    // biome-ignore lint/suspicious/noExplicitAny: each change is one a careless caller could make
    const any = order as any;
    const [line, entry] = [any.items[0], any.history.at(-1)];
    return [
      ['the order', () => (any.status = 'READY')],
      ['its lines', () => any.items.push(line)],
      ['a line', () => (line.quantity = 99)],
      ['its history', () => (any.history.length = 0)],
      ['an entry', () => (entry.reason = 'changed')],
      ['an actor', () => (entry.actor.role = 'admin')],
      ["an entry's Date", () => entry.at.setTime(0)],
      ['createdAt', () => any.createdAt.setUTCFullYear(1999)],
      ['updatedAt', () => any.updatedAt.setMilliseconds(5)],
    ];
  }

  it('hands out the order it keeps, the same at every read, and refuses every change to it', async () => {
    const repository = new InMemoryOrderRepository();
    const order = anOrder({ id: orderId(1), customerId: customer(1), status: 'CONFIRMED' });
    await repository.insert(order, claim('k-1'));
    const change = changeOf(order, { from: 'CONFIRMED', to: 'PREPARING' });
    const applied = await repository.transition({ id: order.id, change });
    if (applied.kind !== 'applied') throw new Error('the transition did not apply');
    const stored = await repository.findById(order.id);
    if (stored === null) throw new Error('the order is not stored');
    const snapshot = structuredClone(stored);

    expect(applied.order).toBe(stored);
    expect((await repository.list({ limit: 10 }))[0]).toBe(stored);
    expect((await repository.findByIdempotencyKey(order.customerId, 'k-1'))?.order).toBe(stored);
    for (const [part, tryIt] of changesTo(stored)) {
      expect(tryIt, part).toThrow(TypeError);
    }
    // Read-only, yet a Date and an order as any reader compares them.
    expect(stored.createdAt).toBeInstanceOf(Date);
    expect(stored.updatedAt.toISOString()).toBe(change.at.toISOString());
    expect(JSON.parse(JSON.stringify(stored))).toStrictEqual(JSON.parse(JSON.stringify(snapshot)));
    expect(await repository.findById(order.id)).toStrictEqual(snapshot);
  });

  it('shares with the next version what it kept of the last, and copies what the caller gave', async () => {
    const repository = new InMemoryOrderRepository();
    const order = anOrder({ id: orderId(1), customerId: customer(1), status: 'CONFIRMED' });
    await repository.insert(order, claim('k-1'));
    const before = await repository.findById(order.id);
    const change = changeOf(order, { from: 'CONFIRMED', to: 'PREPARING' });
    await repository.transition({ id: order.id, change });
    const after = await repository.findById(order.id);

    expect(after?.items).toBe(before?.items);
    expect(after?.history[0]).toBe(before?.history[0]);
    expect(after?.history.at(-1)?.actor).not.toBe(change.actor);
    expect(after?.updatedAt).not.toBe(change.at);
    change.at.setTime(0);
    expect(after?.updatedAt.getTime()).not.toBe(0);
  });

  it('keeps one read-only Date for each instant it keeps in a row, and each instant its own', async () => {
    const repository = new InMemoryOrderRepository();
    const [t1, t2] = [Date.parse('2026-03-01T10:00:00.000Z'), Date.parse('2026-03-01T10:00:00.001Z')];
    // Each instant of each order is given as its own Date object, so whatever is shared the
    // store made so.
    const given = (n: number, time: number): Order => {
      const order = anOrder({ id: orderId(n), customerId: customer(1), at: new Date(time) });
      const history = order.history.map((entry) => ({ ...entry, at: new Date(time) }));
      return { ...order, updatedAt: new Date(time), history };
    };
    for (const [n, time] of [
      [1, t1],
      [2, t1],
      [3, t2],
      [4, t1],
    ] as const) {
      await repository.insert(given(n, time), claim(`k-${n}`));
    }
    const [a, b, c, d] = await Promise.all([1, 2, 3, 4].map((n) => repository.findById(orderId(n))));
    if (!a || !b || !c || !d) throw new Error('an order is not stored');

    // A new order's three instants are one, and so is the next order's of the same millisecond.
    expect(a.updatedAt).toBe(a.createdAt);
    expect(a.history[0]?.at).toBe(a.createdAt);
    expect(b.createdAt).toBe(a.createdAt);
    // Another instant is another Date, and each order keeps its own instant.
    expect(c.createdAt).not.toBe(a.createdAt);
    expect([a, b, c, d].map((order) => order.createdAt.getTime())).toStrictEqual([t1, t1, t2, t1]);
    expect([a, b, c, d].map((order) => order.history[0]?.at.getTime())).toStrictEqual([t1, t1, t2, t1]);

    const change = { ...changeOf(c, { from: 'CREATED', to: 'CONFIRMED' }), at: new Date(t2 + 60_000) };
    const applied = await repository.transition({ id: c.id, change });
    if (applied.kind !== 'applied') throw new Error('the transition did not apply');
    expect(applied.order.history.at(-1)?.at).toBe(applied.order.updatedAt);
    expect(applied.order.updatedAt.getTime()).toBe(t2 + 60_000);
    expect(applied.order.createdAt.getTime()).toBe(t2);
  });
});
