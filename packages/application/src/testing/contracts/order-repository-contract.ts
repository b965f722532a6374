import type {
  HistoryChange,
  HistoryEntry,
  Order,
  OrderId,
  OrderItem,
  OrderStatus,
  UserId,
} from '@food-oms/domain';
import { aMenuItem, anActor, anOrder, type OrderOptions } from '@food-oms/domain/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { OrderRepository, TransitionResult } from '../../ports/order-repository.ts';
import { TransitionOrder } from '../../use-cases/transition-order.ts';
import { FixedClock } from '../fixed-clock.ts';
import { SequentialIdGenerator } from '../sequential-id-generator.ts';
import { type ContractSetup, itWhenAtomic, RACERS, tamperWith, tryToChange } from './contract-setup.ts';

const ids = new SequentialIdGenerator({ startAt: new Date('2025-03-01T00:00:00.000Z') });
const newCustomer = () => ids.next() as UserId;
const newOrder = (options: OrderOptions = {}) => anOrder({ id: ids.next() as OrderId, ...options });
const claim = (key: string, fingerprint = `fp-${key}`) => ({ key, fingerprint });

/** The change a move of `order` to `to` appends, with every field set as the domain would. */
function changeAfter(order: Order, to: OrderStatus, overrides: Partial<HistoryChange> = {}): HistoryChange {
  return {
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

      it('hands out copies or read-only orders: changing an object given or returned never changes what is stored', async () => {
        const repository = await setup.create();
        const order = newOrder();
        const original = structuredClone(order);
        const inserted = await repository.insert(order, claim('k-1'));

        tamperWith(order).status = 'READY';
        tryToChange(inserted.order.history as HistoryEntry[], (history) => {
          history.length = 0;
        });
        const found = tamperWith(await repository.findById(order.id));
        tryToChange(found.items as OrderItem[], (items) => {
          items.length = 0;
        });
        tryToChange(found.createdAt, (at) => at.setTime(0));
        tryToChange(tamperWith((await repository.list({ limit: 10 }))[0]), (got) => {
          got.note = 'changed';
        });
        tryToChange(
          tamperWith((await repository.findByIdempotencyKey(order.customerId, 'k-1'))?.order),
          (got) => {
            got.version = 99;
          },
        );

        expect(await repository.findById(order.id)).toStrictEqual(original);
      });

      it('hands out deep copies or read-only orders: changing a line, entry, actor or Date given or returned never changes what is stored', async () => {
        const repository = await setup.create();
        const order = newOrder({ status: 'CONFIRMED' });
        const inserted = await repository.insert(order, claim('k-1'));
        const change = changeAfter(order, 'PREPARING', { idempotencyKey: 'k-t' });
        const applied = await repository.transition({ id: order.id, change });
        const replayed = await repository.transition({ id: order.id, change });
        const stored = await repository.findById(order.id);
        const original = structuredClone(stored);
        const handedOut = [
          order,
          inserted.order,
          applied.kind === 'applied' ? applied.order : null,
          stored,
          (await repository.list({ limit: 10 }))[0],
          (await repository.findByIdempotencyKey(order.customerId, 'k-1'))?.order,
          replayed.kind === 'no-match' ? replayed.current : null,
        ];

        tamperWith(change.actor).id = newCustomer();
        change.at.setTime(0);
        for (const got of handedOut) {
          tryToChange(tamperWith(tamperWith(got).items[0]), (line) => {
            line.quantity = 99;
            line.name = 'changed';
          });
          const entry = tamperWith(tamperWith(got).history.at(-1));
          tryToChange(entry.at, (at) => at.setTime(0));
          tryToChange(entry, (changed) => {
            changed.reason = 'changed';
          });
          tryToChange(tamperWith(entry.actor), (actor) => {
            actor.role = 'admin';
          });
          tryToChange(tamperWith(got).updatedAt, (at) => at.setTime(0));
        }

        expect([applied.kind, replayed.kind]).toEqual(['applied', 'no-match']);
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
        await repository.transition({ id: order.id, change: changeAfter(order, 'CONFIRMED') });

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
      it('applies a move in one write: status, version + 1, updatedAt, the change appended once as entry version + 1', async () => {
        const repository = await setup.create();
        const order = newOrder();
        await repository.insert(order, claim('k-1'));
        const change = changeAfter(order, 'CONFIRMED');

        const result = await repository.transition({ id: order.id, change });

        const expected: Order = {
          ...order,
          status: 'CONFIRMED',
          version: 2,
          updatedAt: change.at,
          history: [...order.history, { seq: 2, ...change }],
        };
        expect(result).toStrictEqual({ kind: 'applied', order: expected });
        expect(await repository.findById(order.id)).toStrictEqual(expected);
      });

      it('stores every entry field: actor, reason, override flag, request id and idempotency key', async () => {
        const repository = await setup.create();
        const order = newOrder({ status: 'PREPARING' });
        await repository.insert(order, claim('k-1'));
        const change = changeAfter(order, 'CANCELLED', {
          actor: anActor({ role: 'admin' }),
          reason: 'the customer phoned to cancel',
          override: true,
          requestId: 'req-42',
          idempotencyKey: 'retry-me',
        });

        await repository.transition({ id: order.id, change, version: 3 });

        const found = await repository.findById(order.id);
        expect(found?.history).toHaveLength(4);
        expect(found?.history[3]).toStrictEqual({ seq: 4, ...change });
        expect(found?.history.slice(0, 3)).toStrictEqual(order.history);
      });

      it('matches nothing when the order is no longer in `from`, and hands back the order as it is', async () => {
        const repository = await setup.create();
        const order = newOrder({ status: 'CONFIRMED' });
        await repository.insert(order, claim('k-1'));
        const stale = changeAfter({ ...order, status: 'CREATED' }, 'CANCELLED');

        const result = await repository.transition({ id: order.id, change: stale });

        expect(result).toStrictEqual({ kind: 'no-match', current: order });
        expect(await repository.findById(order.id)).toStrictEqual(order);
      });

      it('matches nothing when a version is given and the order moved on, even in the same status', async () => {
        const repository = await setup.create();
        const order = newOrder({ status: 'CONFIRMED' });
        await repository.insert(order, claim('k-1'));
        const change = changeAfter(order, 'PREPARING');

        const stale = await repository.transition({ id: order.id, change, version: 1 });
        const current = await repository.transition({ id: order.id, change, version: 2 });

        expect(stale).toStrictEqual({ kind: 'no-match', current: order });
        expect(current.kind).toBe('applied');
      });

      it('matches nothing when a customer is given and the order is another’s', async () => {
        const repository = await setup.create();
        const order = newOrder();
        await repository.insert(order, claim('k-1'));
        const change = changeAfter(order, 'CANCELLED', { actor: anActor({ role: 'customer' }) });

        const others = await repository.transition({ id: order.id, change, customerId: newCustomer() });
        const owners = await repository.transition({ id: order.id, change, customerId: order.customerId });

        expect(others).toStrictEqual({ kind: 'no-match', current: order });
        expect(owners.kind).toBe('applied');
      });

      it('matches nothing for an unknown id, answers current: null and creates nothing', async () => {
        const repository = await setup.create();
        const ghost = newOrder();

        const result = await repository.transition({ id: ghost.id, change: changeAfter(ghost, 'CONFIRMED') });

        expect(result).toStrictEqual({ kind: 'no-match', current: null });
        expect(await repository.findById(ghost.id)).toBeNull();
      });

      it('applies a keyed change once: the same actor and key again match nothing, even back in `from`', async () => {
        const repository = await setup.create();
        const order = newOrder();
        await repository.insert(order, claim('k-1'));
        const kitchen = anActor({ role: 'kitchen' });
        const keyed = changeAfter(order, 'CONFIRMED', { actor: kitchen, idempotencyKey: 'confirm-1' });
        const applied = await repository.transition({ id: order.id, change: keyed });
        // An admin moves it back, so only the key can stop the retry.
        const back = await repository.transition({
          id: order.id,
          change: changeAfter(order, 'CREATED', {
            from: 'CONFIRMED',
            actor: anActor({ role: 'admin' }),
            reason: 'confirmed by mistake',
            override: true,
            // Another key on the order: "not used yet" must look at every key, not any one.
            idempotencyKey: 'undo-1',
          }),
        });

        const retried = await repository.transition({ id: order.id, change: keyed });

        expect([applied.kind, back.kind]).toEqual(['applied', 'applied']);
        expect(retried.kind).toBe('no-match');
        const stored = await repository.findById(order.id);
        expect(retried).toStrictEqual({ kind: 'no-match', current: stored });
        expect(stored?.version).toBe(3);
        expect(stored?.history.filter((entry) => entry.idempotencyKey === 'confirm-1')).toHaveLength(1);
      });

      it('scopes a key to its actor: another actor’s change under the same key applies', async () => {
        const repository = await setup.create();
        const order = newOrder();
        await repository.insert(order, claim('k-1'));
        const first = changeAfter(order, 'CONFIRMED', { idempotencyKey: 'shared' });
        await repository.transition({ id: order.id, change: first });

        const second = await repository.transition({
          id: order.id,
          change: changeAfter(order, 'PREPARING', {
            from: 'CONFIRMED',
            actor: anActor({ role: 'kitchen' }),
            idempotencyKey: 'shared',
          }),
        });

        expect(second.kind).toBe('applied');
        expect((await repository.findById(order.id))?.version).toBe(3);
      });

      itWhenAtomic(
        setup,
        `of ${RACERS} concurrent moves from one status, exactly one is applied`,
        async () => {
          const repository = await setup.create();
          const order = newOrder();
          await repository.insert(order, claim('k-1'));
          const changes = Array.from({ length: RACERS }, (_, i) =>
            changeAfter(order, i % 2 === 0 ? 'CONFIRMED' : 'CANCELLED', { requestId: `racer-${i}` }),
          );

          const results: TransitionResult[] = await Promise.all(
            changes.map((change, i) =>
              repository.transition({ id: order.id, change, ...(i % 3 === 0 && { version: 1 }) }),
            ),
          );

          const applied = results.flatMap((result) => (result.kind === 'applied' ? [result.order] : []));
          expect(applied).toHaveLength(1);
          expect(results.filter((result) => result.kind === 'no-match')).toHaveLength(RACERS - 1);
          const stored = await repository.findById(order.id);
          expect(stored?.version).toBe(2);
          expect(stored?.history).toHaveLength(2);
          expect(stored).toStrictEqual(applied[0]);
        },
      );
    });

    describe('transitions through TransitionOrder, the use case that relies on this port', () => {
      const kitchen = anActor({ role: 'kitchen' });
      const admin = anActor({ role: 'admin' });
      const useCaseOn = (orders: OrderRepository) =>
        new TransitionOrder({ orders, clock: new FixedClock(new Date('2025-03-02T00:00:00.000Z')) });

      it('answers a retried keyed move with the order it made: one entry, version unchanged', async () => {
        const repository = await setup.create();
        const order = newOrder();
        await repository.insert(order, claim('k-1'));
        const transition = useCaseOn(repository);
        const input = {
          actor: kitchen,
          orderId: order.id,
          to: 'CONFIRMED',
          idempotencyKey: 'k-t',
          requestId: null,
        } as const;

        const first = await transition.execute(input);
        const again = await transition.execute({ ...input, expectedVersion: 1 });

        expect(first.replayed).toBe(false);
        expect(again).toStrictEqual({ order: first.order, replayed: true });
        expect(await repository.findById(order.id)).toStrictEqual(first.order);
        expect(first.order.version).toBe(2);
        expect(first.order.history[1]).toMatchObject({ seq: 2, idempotencyKey: 'k-t', actor: kitchen });
      });

      it('refuses the same key with another body: IDEMPOTENCY_KEY_REUSED, nothing written', async () => {
        const repository = await setup.create();
        const order = newOrder();
        await repository.insert(order, claim('k-1'));
        const transition = useCaseOn(repository);
        const input = { actor: kitchen, orderId: order.id, idempotencyKey: 'k-t', requestId: null } as const;
        const { order: confirmed } = await transition.execute({ ...input, to: 'CONFIRMED' });

        await expect(transition.execute({ ...input, to: 'PREPARING' })).rejects.toMatchObject({
          code: 'IDEMPOTENCY_KEY_REUSED',
        });
        await expect(transition.execute({ ...input, to: 'CONFIRMED', reason: 'now' })).rejects.toMatchObject({
          code: 'IDEMPOTENCY_KEY_REUSED',
        });
        expect(await repository.findById(order.id)).toStrictEqual(confirmed);
      });

      itWhenAtomic(
        setup,
        `of ${RACERS} concurrent moves with one key, one writes and every one answers with that order`,
        async () => {
          const repository = await setup.create();
          const order = newOrder();
          await repository.insert(order, claim('k-1'));
          const transition = useCaseOn(repository);

          const answers = await Promise.all(
            Array.from({ length: RACERS }, (_, i) =>
              transition.execute({
                actor: kitchen,
                orderId: order.id,
                to: 'CONFIRMED',
                idempotencyKey: 'one-key',
                ...(i % 3 === 0 && { expectedVersion: 1 }),
                requestId: `racer-${i}`,
              }),
            ),
          );

          const stored = await repository.findById(order.id);
          expect(stored?.version).toBe(2);
          expect(answers.filter((answer) => !answer.replayed)).toHaveLength(1);
          expect(answers.map((answer) => answer.order)).toStrictEqual(answers.map(() => stored));
        },
      );

      // Mixed regular, keyed, If-Match and override writes, racing within a round where the
      // store is atomic (elsewhere one by one): whatever wins, the stored history stays a
      // gapless sequence that the version counts, and no actor's key made two entries.
      it('keeps version === history.length and seq contiguous after any mix of writes', async () => {
        const repository = await setup.create();
        const transition = useCaseOn(repository);
        const step = fc.record({
          role: fc.constantFrom('kitchen', 'admin', 'customer'),
          to: fc.constantFrom<OrderStatus>('CREATED', 'CONFIRMED', 'PREPARING', 'READY', 'CANCELLED'),
          reason: fc.constantFrom(undefined, 'because'),
          key: fc.constantFrom(undefined, 'k-a', 'k-b'),
          ifMatch: fc.boolean(),
        });
        await fc.assert(
          fc.asyncProperty(
            fc.array(fc.array(step, { minLength: 1, maxLength: 3 }), { maxLength: 6 }),
            async (rounds) => {
              const order = newOrder();
              await repository.insert(order, claim(order.id));
              const actors = {
                kitchen,
                admin,
                customer: { id: order.customerId, role: 'customer' },
              } as const;
              for (const round of rounds) {
                const version = (await repository.findById(order.id))?.version ?? 0;
                const send = (request: (typeof round)[number], i: number) =>
                  transition
                    .execute({
                      actor: actors[request.role],
                      orderId: order.id,
                      to: request.to,
                      ...(request.reason !== undefined && { reason: request.reason }),
                      ...(request.key !== undefined && { idempotencyKey: request.key }),
                      ...(request.ifMatch && { expectedVersion: version }),
                      requestId: `round-${i}`,
                    })
                    .catch((error: unknown) => {
                      if (!(error instanceof Error && 'code' in error)) throw error;
                    });
                if (setup.atomicConditionalUpdates === true) await Promise.all(round.map(send));
                else for (const [i, request] of round.entries()) await send(request, i);
              }
              const stored = await repository.findById(order.id);
              expect(stored?.version).toBe(stored?.history.length);
              expect(stored?.history.map((entry) => entry.seq)).toEqual(stored?.history.map((_, i) => i + 1));
              stored?.history.slice(1).forEach((entry, i) => {
                expect(entry.from).toBe(stored.history[i]?.to);
              });
              expect(stored?.history.at(-1)?.to).toBe(stored?.status);
              const keyed = stored?.history.flatMap((entry) =>
                entry.idempotencyKey === undefined ? [] : [`${entry.actor.id} ${entry.idempotencyKey}`],
              );
              expect(new Set(keyed).size).toBe(keyed?.length);
            },
          ),
          { numRuns: 25 },
        );
      });
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
