import { GetOrder, ListOrders, PlaceOrder, TransitionOrder } from '@food-oms/application';
import {
  aMenuItem,
  anActor,
  FakeCursorCodec,
  FakeFingerprint,
  FixedClock,
  SequentialIdGenerator,
} from '@food-oms/application/testing';
import type { Actor } from '@food-oms/domain';
import { beforeAll, describe, expect, it } from 'vitest';
import { MongoMenuRepository } from '../src/mongo-menu-repository.ts';
import { MongoOrderRepository } from '../src/mongo-order-repository.ts';
import { useMongoTestDatabase } from '../src/testing/index.ts';
import { useCommandLog } from './support/command-log.ts';

// What each request costs on the wire: the commands the driver sends (its command monitoring,
// 'commandStarted'; the monitoring connection's own heartbeats are not commands), per use
// case, on the real adapters. Writes are bound by round trips, so these are the floor.
const mongo = useMongoTestDatabase();
const commands = useCommandLog(mongo);

describe.skipIf(!mongo.available)('round trips per request on MongoDB', () => {
  const customer = anActor({ role: 'customer' });
  const kitchen = anActor({ role: 'kitchen' });
  const pizza = aMenuItem({ name: 'Margherita', priceCents: 900 });
  let useCases: {
    placeOrder: PlaceOrder;
    transitionOrder: TransitionOrder;
    getOrder: GetOrder;
    listOrders: ListOrders;
  };
  let keys = 0;
  let menuRepository: MongoMenuRepository;

  beforeAll(async () => {
    const orders = new MongoOrderRepository(commands.db());
    const menu = new MongoMenuRepository(commands.db());
    menuRepository = menu;
    // Done once at start-up by the store, not per request.
    await orders.ensureIndexes();
    await menu.ensureIndexes();
    await menu.insert(pizza);
    const ids = new SequentialIdGenerator();
    const clock = new FixedClock();
    useCases = {
      placeOrder: new PlaceOrder({ orders, menu, ids, clock, fingerprint: new FakeFingerprint() }),
      transitionOrder: new TransitionOrder({ orders, clock }),
      getOrder: new GetOrder({ orders }),
      listOrders: new ListOrders({ orders, cursors: new FakeCursorCodec() }),
    };
  });

  const place = (actor: Actor = customer, key = `key-${++keys}`) =>
    useCases.placeOrder.execute({
      actor,
      idempotencyKey: key,
      request: { items: [{ menuItemId: pizza.id, quantity: 2 }] },
      requestId: null,
    });

  const sentDuring = async (action: () => Promise<unknown>) =>
    (await commands.during(action)).map((command) => command.name);

  it('POST /orders with a new key: the menu lookup and the insert, no key lookup', async () => {
    expect(await sentDuring(() => place())).toEqual(['find', 'insert']);
  });

  it('POST /orders replay: at most 3 (menu, the insert the unique index refuses, the stored order)', async () => {
    await place(customer, 'replayed');
    const sent = await sentDuring(() => place(customer, 'replayed'));
    expect(sent).toEqual(['find', 'insert', 'find']);
  });

  it('POST /orders replay after its item went off the menu: the menu, then the stored order, never 422', async () => {
    const seasonal = aMenuItem({ name: 'Seasonal', priceCents: 700 });
    await menuRepository.insert(seasonal);
    const order = (item: string) =>
      useCases.placeOrder.execute({
        actor: customer,
        idempotencyKey: 'seasonal',
        request: { items: [{ menuItemId: item, quantity: 1 }] },
        requestId: null,
      });
    const { order: placed } = await order(seasonal.id);
    await menuRepository.update(seasonal.id, { available: false }, new Date());

    let answer: unknown;
    const sent = await sentDuring(async () => {
      answer = await order(seasonal.id);
    });

    expect(sent).toEqual(['find', 'find']);
    expect(answer).toStrictEqual({ order: placed, replayed: true });
  });

  it('PATCH /orders/:id/status, regular edge: one findAndModify, with or without If-Match, with a key', async () => {
    const { order } = await place();
    const move = (to: 'CONFIRMED' | 'PREPARING' | 'READY', more: object) =>
      useCases.transitionOrder.execute({ actor: kitchen, orderId: order.id, to, requestId: null, ...more });

    expect(await sentDuring(() => move('CONFIRMED', {}))).toEqual(['findAndModify']);
    expect(await sentDuring(() => move('PREPARING', { expectedVersion: 2 }))).toEqual(['findAndModify']);
    expect(await sentDuring(() => move('READY', { idempotencyKey: 'ready-1' }))).toEqual(['findAndModify']);
    // The retry matches nothing and reads the order once, to see its key there.
    expect(await sentDuring(() => move('READY', { idempotencyKey: 'ready-1' }))).toEqual([
      'findAndModify',
      'find',
    ]);
  });

  it('GET /orders/:id and GET /orders: one find each', async () => {
    const { order } = await place();

    expect(await sentDuring(() => useCases.getOrder.execute({ actor: customer, orderId: order.id }))).toEqual(
      ['find'],
    );
    expect(
      await sentDuring(() => useCases.listOrders.execute({ actor: kitchen, statuses: ['CREATED'] })),
    ).toEqual(['find']);
  });
});
