import type { HistoryEntry, Order, OrderId, OrderLine, OrderStatus, UserId } from '@food-oms/domain';
import { describe, expect, it } from 'vitest';
import type { OrderRepository, TransitionResult } from '../../ports/order-repository.ts';
import { aMenuItem } from '../menu-item-builder.ts';
import { anOrder, type OrderOptions } from '../order-builder.ts';
import { SequentialIdGenerator } from '../sequential-id-generator.ts';
import { anActor } from '../user-builder.ts';
import { type ContractSetup, itWhenAtomic, RACERS, tamperWith } from './contract-setup.ts';

const ids = new SequentialIdGenerator({ startAt: new Date('2025-03-01T00:00:00.000Z') });
const newCustomer = () => ids.next() as UserId;
const newOrder = (options: OrderOptions = {}) => anOrder({ id: ids.next() as OrderId, ...options });
const claim = (key: string, fingerprint = `fp-${key}`) => ({ key, fingerprint });

/** The entry a transition of `order` to `to` appends, with every field set as the domain would. */
function entryAfter(order: Order, to: OrderStatus, overrides: Partial<HistoryEntry> = {}): HistoryEntry {
  return {
    seq: order.version + 1,
    from: order.status,
    to,
    at: new Date(order.updatedAt.getTime() + 60_000),
    actor: anActor({ role: 'kitchen' }),
    reason: null,
    override: false,
    requestId: null,
    ...overrides,
  };
}

/** Every order, page by page through the `before` keyset, as a client walks them. */
async function walk(
  repository: OrderRepository,
  filters: { customerId?: UserId; statuses?: readonly OrderStatus[] },
  pageSize: number,
): Promise<OrderId[]> {
  const seen: OrderId[] = [];
  for (;;) {
    const before = seen.at(-1);
    const page = await repository.list({
      ...filters,
      ...(before !== undefined && { before }),
      limit: pageSize,
    });
    seen.push(...page.map((order) => order.id));
    if (page.length < pageSize) return seen;
  }
}

/**
 * What every OrderRepository must do for the use cases to be correct. Run it against
 * each adapter, e.g. `describeOrderRepositoryContract('MongoOrderRepository', {...})`.
 */
export function describeOrderRepositoryContract(
  adapterName: string,
  setup: ContractSetup<OrderRepository>,
): void {
  describe(`OrderRepository contract: ${adapterName}`, () => {
    describe('insert and find', () => {
      it('stores an order and finds it by id with every field and Date intact', async () => {
        const repository = await setup.create();
        const order = newOrder({
          status: 'PREPARING',
          note: 'no onions',
          requestId: 'req-1',
          lines: [
            { menuItem: aMenuItem({ name: 'Margherita', priceCents: 950 }), quantity: 2 },
            { menuItem: aMenuItem({ name: 'Tiramisu', priceCents: 600 }), quantity: 1 },
          ],
        });

        const inserted = await repository.insert(order, claim('k-1'));
        const found = await repository.findById(order.id);

        expect(inserted).toStrictEqual({ kind: 'inserted', order });
        expect(found).toStrictEqual(order);
        expect(found?.createdAt).toBeInstanceOf(Date);
        expect(found?.updatedAt).toBeInstanceOf(Date);
        expect(found?.history.map((entry) => entry.at instanceof Date)).toEqual([true, true, true]);
      });

      it('keeps a null note and null request id as null', async () => {
        const repository = await setup.create();
        const order = newOrder({ note: null, requestId: null });

        await repository.insert(order, claim('k-1'));

        const found = await repository.findById(order.id);
        expect(found?.note).toBeNull();
        expect(found?.history[0]?.requestId).toBeNull();
        expect(found?.history[0]?.reason).toBeNull();
      });

      it('finds nothing for an unknown id', async () => {
        const repository = await setup.create();
        await repository.insert(newOrder(), claim('k-1'));

        expect(await repository.findById(ids.next() as OrderId)).toBeNull();
      });

      it('hands out copies: changing an object given or returned never changes what is stored', async () => {
        const repository = await setup.create();
        const order = newOrder();
        const original = structuredClone(order);
        const inserted = await repository.insert(order, claim('k-1'));

        tamperWith(order).status = 'READY';
        (inserted.order.history as HistoryEntry[]).length = 0;
        const found = await repository.findById(order.id);
        (tamperWith(found).items as OrderLine[]).length = 0;
        tamperWith(found).createdAt.setTime(0);
        tamperWith((await repository.list({ limit: 10 }))[0]).note = 'changed';
        tamperWith((await repository.findByIdempotencyKey(order.customerId, 'k-1'))?.order).version = 99;

        expect(await repository.findById(order.id)).toStrictEqual(original);
      });
    });

    describe('idempotency keys', () => {
      it('finds the order a customer created with a key, with the fingerprint it was claimed with', async () => {
        const repository = await setup.create();
        const order = newOrder();
        await repository.insert(order, claim('k-1', 'fingerprint-a'));

        expect(await repository.findByIdempotencyKey(order.customerId, 'k-1')).toStrictEqual({
          order,
          fingerprint: 'fingerprint-a',
        });
        expect(await repository.findByIdempotencyKey(order.customerId, 'k-2')).toBeNull();
        expect(await repository.findByIdempotencyKey(newCustomer(), 'k-1')).toBeNull();
      });

      it('finds the current state of a keyed order after it changed', async () => {
        const repository = await setup.create();
        const order = newOrder();
        await repository.insert(order, claim('k-1'));
        const entry = entryAfter(order, 'CONFIRMED');
        await repository.transition({ id: order.id, from: 'CREATED', version: 1, entry });

        const claimed = await repository.findByIdempotencyKey(order.customerId, 'k-1');

        expect(claimed?.order.status).toBe('CONFIRMED');
        expect(claimed?.order.version).toBe(2);
      });

      it('writes nothing for a key the customer already used, and returns that order and fingerprint', async () => {
        const repository = await setup.create();
        const customerId = newCustomer();
        const first = newOrder({ customerId });
        const second = newOrder({ customerId, note: 'another body' });
        await repository.insert(first, claim('k-1', 'fingerprint-a'));

        const result = await repository.insert(second, claim('k-1', 'fingerprint-b'));

        expect(result).toStrictEqual({ kind: 'duplicate', order: first, fingerprint: 'fingerprint-a' });
        expect(await repository.findById(second.id)).toBeNull();
        expect(await repository.list({ limit: 10 })).toStrictEqual([first]);
      });

      it('keeps keys apart per customer: the same key for another customer is a new order', async () => {
        const repository = await setup.create();
        const ann = newOrder({ customerId: newCustomer() });
        const bob = newOrder({ customerId: newCustomer() });

        const results = [
          await repository.insert(ann, claim('shared-key', 'fingerprint-ann')),
          await repository.insert(bob, claim('shared-key', 'fingerprint-bob')),
        ];

        expect(results.map((result) => result.kind)).toEqual(['inserted', 'inserted']);
        expect(await repository.findByIdempotencyKey(ann.customerId, 'shared-key')).toStrictEqual({
          order: ann,
          fingerprint: 'fingerprint-ann',
        });
        expect(await repository.findByIdempotencyKey(bob.customerId, 'shared-key')).toStrictEqual({
          order: bob,
          fingerprint: 'fingerprint-bob',
        });
      });

      it('lets one customer use many keys', async () => {
        const repository = await setup.create();
        const customerId = newCustomer();
        const first = newOrder({ customerId });
        const second = newOrder({ customerId });

        await repository.insert(first, claim('k-1'));
        const result = await repository.insert(second, claim('k-2'));

        expect(result.kind).toBe('inserted');
        expect((await repository.findByIdempotencyKey(customerId, 'k-2'))?.order.id).toBe(second.id);
      });

      // Rests on the unique (customerId, key) index, not on conditional updates, so it runs
      // on every store, FerretDB included.
      it(`of ${RACERS} concurrent inserts with one customer and key, exactly one is inserted`, async () => {
        const repository = await setup.create();
        const customerId = newCustomer();
        const twins = Array.from({ length: RACERS }, () => newOrder({ customerId }));

        const results = await Promise.all(
          twins.map((order) => repository.insert(order, claim('race-key', 'fingerprint-a'))),
        );

        const inserted = results.filter((result) => result.kind === 'inserted');
        expect(inserted).toHaveLength(1);
        const winnerId = inserted[0]?.order.id;
        expect(results.filter((result) => result.kind === 'duplicate')).toHaveLength(RACERS - 1);
        expect(new Set(results.map((result) => result.order.id))).toEqual(new Set([winnerId]));
        expect((await repository.list({ limit: RACERS + 1 })).map((order) => order.id)).toEqual([winnerId]);
      });
    });

    describe('transition', () => {
      it('applies a move in one write: status, version + 1, updatedAt, the entry appended once', async () => {
        const repository = await setup.create();
        const order = newOrder();
        await repository.insert(order, claim('k-1'));
        const entry = entryAfter(order, 'CONFIRMED');

        const result = await repository.transition({ id: order.id, from: 'CREATED', version: 1, entry });

        const expected: Order = {
          ...order,
          status: 'CONFIRMED',
          version: 2,
          updatedAt: entry.at,
          history: [...order.history, entry],
        };
        expect(result).toStrictEqual({ kind: 'applied', order: expected });
        expect(await repository.findById(order.id)).toStrictEqual(expected);
      });

      it('stores every entry field: actor, reason, override flag and request id', async () => {
        const repository = await setup.create();
        const order = newOrder({ status: 'PREPARING' });
        await repository.insert(order, claim('k-1'));
        const entry = entryAfter(order, 'CANCELLED', {
          actor: anActor({ role: 'admin' }),
          reason: 'the customer phoned to cancel',
          override: true,
          requestId: 'req-42',
        });

        await repository.transition({ id: order.id, from: 'PREPARING', version: 3, entry });

        const found = await repository.findById(order.id);
        expect(found?.history).toHaveLength(4);
        expect(found?.history[3]).toStrictEqual(entry);
        expect(found?.history.slice(0, 3)).toStrictEqual(order.history);
      });

      it('reports a conflict with the current order when it is no longer in `from`', async () => {
        const repository = await setup.create();
        const order = newOrder({ status: 'CONFIRMED' });
        await repository.insert(order, claim('k-1'));
        const stale = entryAfter({ ...order, status: 'CREATED' }, 'CANCELLED');

        const result = await repository.transition({
          id: order.id,
          from: 'CREATED',
          version: 2,
          entry: stale,
        });

        expect(result).toStrictEqual({ kind: 'conflict', current: order });
        expect(await repository.findById(order.id)).toStrictEqual(order);
      });

      it('reports a conflict when the version moved on, even in the same status', async () => {
        const repository = await setup.create();
        const order = newOrder({ status: 'CONFIRMED' });
        await repository.insert(order, claim('k-1'));
        const stale = entryAfter({ ...order, version: 1 }, 'PREPARING');

        const result = await repository.transition({
          id: order.id,
          from: 'CONFIRMED',
          version: 1,
          entry: stale,
        });

        expect(result).toStrictEqual({ kind: 'conflict', current: order });
        expect(await repository.findById(order.id)).toStrictEqual(order);
      });

      it('reports not-found for an unknown id and creates nothing', async () => {
        const repository = await setup.create();
        const ghost = newOrder();

        const result = await repository.transition({
          id: ghost.id,
          from: 'CREATED',
          version: 1,
          entry: entryAfter(ghost, 'CONFIRMED'),
        });

        expect(result).toStrictEqual({ kind: 'not-found' });
        expect(await repository.findById(ghost.id)).toBeNull();
      });

      itWhenAtomic(
        setup,
        `of ${RACERS} concurrent moves from one status and version, exactly one is applied`,
        async () => {
          const repository = await setup.create();
          const order = newOrder();
          await repository.insert(order, claim('k-1'));
          const entries = Array.from({ length: RACERS }, (_, i) =>
            entryAfter(order, i % 2 === 0 ? 'CONFIRMED' : 'CANCELLED', { requestId: `racer-${i}` }),
          );

          const results: TransitionResult[] = await Promise.all(
            entries.map((entry) =>
              repository.transition({ id: order.id, from: 'CREATED', version: 1, entry }),
            ),
          );

          const applied = results.flatMap((result) => (result.kind === 'applied' ? [result.order] : []));
          expect(applied).toHaveLength(1);
          expect(results.filter((result) => result.kind === 'conflict')).toHaveLength(RACERS - 1);
          const stored = await repository.findById(order.id);
          expect(stored?.version).toBe(2);
          expect(stored?.history).toHaveLength(2);
          expect(stored).toStrictEqual(applied[0]);
        },
      );
    });

    describe('list', () => {
      it('lists nothing when empty', async () => {
        const repository = await setup.create();

        expect(await repository.list({ limit: 10 })).toEqual([]);
      });

      it('lists newest first (descending id) whatever the insertion order, at most `limit`', async () => {
        const repository = await setup.create();
        const [a, b, c, d] = [newOrder(), newOrder(), newOrder(), newOrder()];
        for (const order of [c, a, d, b]) await repository.insert(order, claim(order.id));

        const all = await repository.list({ limit: 10 });
        const firstTwo = await repository.list({ limit: 2 });

        expect(all.map((order) => order.id)).toEqual([d.id, c.id, b.id, a.id]);
        expect(all).toStrictEqual([d, c, b, a]);
        expect(firstTwo.map((order) => order.id)).toEqual([d.id, c.id]);
      });

      it('filters by any of several statuses', async () => {
        const repository = await setup.create();
        const orders = (['CREATED', 'CONFIRMED', 'PREPARING', 'READY', 'CANCELLED'] as const).map((status) =>
          newOrder({ status }),
        );
        for (const order of orders) await repository.insert(order, claim(order.id));

        const listed = await repository.list({ statuses: ['CANCELLED', 'CREATED', 'READY'], limit: 10 });

        expect(listed.map((order) => order.status)).toEqual(['CANCELLED', 'READY', 'CREATED']);
      });

      it('filters by customer, also together with statuses', async () => {
        const repository = await setup.create();
        const ann = newCustomer();
        const bob = newCustomer();
        const annCreated = newOrder({ customerId: ann });
        const bobCreated = newOrder({ customerId: bob });
        const annReady = newOrder({ customerId: ann, status: 'READY' });
        for (const order of [annCreated, bobCreated, annReady])
          await repository.insert(order, claim(order.id));

        const annOrders = await repository.list({ customerId: ann, limit: 10 });
        const annCreatedOnly = await repository.list({ customerId: ann, statuses: ['CREATED'], limit: 10 });

        expect(annOrders.map((order) => order.id)).toEqual([annReady.id, annCreated.id]);
        expect(annCreatedOnly.map((order) => order.id)).toEqual([annCreated.id]);
      });

      it('pages through `before`: every order exactly once, none skipped, also with filters', async () => {
        const repository = await setup.create();
        const ann = newCustomer();
        const bob = newCustomer();
        const statuses: OrderStatus[] = ['CREATED', 'CONFIRMED', 'CANCELLED'];
        const orders = Array.from({ length: 11 }, (_, i) =>
          newOrder({
            customerId: i % 3 === 0 ? bob : ann,
            status: statuses[i % statuses.length] ?? 'CREATED',
          }),
        );
        for (const order of [...orders].reverse()) await repository.insert(order, claim(order.id));
        const newestFirst = (kept: Order[]) => kept.map((order) => order.id).reverse();

        expect(await walk(repository, {}, 3)).toEqual(newestFirst(orders));
        expect(await walk(repository, {}, 11)).toEqual(newestFirst(orders));
        expect(await walk(repository, { customerId: ann, statuses: ['CREATED', 'CANCELLED'] }, 2)).toEqual(
          newestFirst(
            orders.filter(
              (order) =>
                order.customerId === ann && (order.status === 'CREATED' || order.status === 'CANCELLED'),
            ),
          ),
        );
      });

      it('lists only orders strictly before the `before` id, even one that no longer exists', async () => {
        const repository = await setup.create();
        const older = newOrder();
        const gone = ids.next() as OrderId;
        const newer = newOrder();
        for (const order of [older, newer]) await repository.insert(order, claim(order.id));

        expect((await repository.list({ before: newer.id, limit: 10 })).map((o) => o.id)).toEqual([older.id]);
        expect((await repository.list({ before: gone, limit: 10 })).map((o) => o.id)).toEqual([older.id]);
      });
    });
  });
}
