import { anActor, anOrder, aUser } from '@food-oms/application/testing';
import type { HistoryChange, Order } from '@food-oms/domain';
import { MongoServerError } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { MongoOrderRepository } from '../src/mongo-order-repository.ts';
import type { OrderDocument } from '../src/order-document.ts';
import { useMongoTestDatabase } from '../src/testing/index.ts';
import { useCommandLog } from './support/command-log.ts';

// What the shared contract cannot see: the stored document, the exact commands sent, and
// the unique index deciding idempotent creates (which holds on FerretDB too).
const mongo = useMongoTestDatabase();
const commands = useCommandLog(mongo);

const repository = () => new MongoOrderRepository(commands.db());
const claim = (key: string) => ({ key, fingerprint: `fingerprint-of-${key}` });

function confirmation(order: Order): HistoryChange {
  return {
    from: order.status,
    to: 'CONFIRMED',
    at: new Date(order.updatedAt.getTime() + 60_000),
    actor: anActor({ role: 'kitchen' }),
    reason: null,
    override: false,
    requestId: 'req-7',
  };
}

describe.skipIf(!mongo.available)('MongoOrderRepository', () => {
  it('stores the order under its UUIDv7 _id with BSON dates, and the claim beside it', async () => {
    const orders = repository();
    const order = anOrder({ note: 'extra basil' });

    await orders.insert(order, claim('k-stored'));

    const stored = await mongo.get().db.collection<OrderDocument>('orders').findOne({ _id: order.id });
    expect(stored).toMatchObject({
      _id: order.id,
      customerId: order.customerId,
      idempotencyKey: 'k-stored',
      fingerprint: 'fingerprint-of-k-stored',
      status: 'CREATED',
      version: 1,
      note: 'extra basil',
    });
    expect(stored?.createdAt).toBeInstanceOf(Date);
    expect(stored?.updatedAt).toBeInstanceOf(Date);
    expect(stored?.history[0]?.at).toBeInstanceOf(Date);
    expect(Object.keys(stored ?? {}).sort()).toEqual([
      '_id',
      'createdAt',
      'customerId',
      'fingerprint',
      'history',
      'idempotencyKey',
      'items',
      'note',
      'status',
      'totalCents',
      'updatedAt',
      'version',
    ]);
    const found = await orders.findById(order.id);
    expect(found).toStrictEqual(order);
    expect(found).not.toHaveProperty('idempotencyKey');
    expect(found).not.toHaveProperty('fingerprint');
  });

  it('moves an order with exactly one findAndModify whose filter carries the whole decision', async () => {
    const orders = repository();
    const order = anOrder();
    await orders.insert(order, claim('k-transition'));
    const change = { ...confirmation(order), idempotencyKey: 'confirm-once' };

    const sent = await commands.during(() =>
      orders.transition({ id: order.id, change, version: 1, customerId: order.customerId }),
    );

    expect(sent.map((command) => command.name)).toEqual(['findAndModify']);
    const [findAndModify] = sent;
    expect(findAndModify?.body.query).toEqual({
      _id: order.id,
      status: 'CREATED',
      version: 1,
      customerId: order.customerId,
      transitionKeys: { $ne: `${change.actor.id} confirm-once` },
    });
    expect(findAndModify?.body.update).toEqual({
      $set: { status: 'CONFIRMED', updatedAt: change.at },
      $inc: { version: 1 },
      $push: {
        history: { ...change, actor: { ...change.actor } },
        transitionKeys: `${change.actor.id} confirm-once`,
      },
    });
    expect(findAndModify?.body.new).toBe(true);
    expect(findAndModify?.body).not.toHaveProperty('fields');
  });

  it('sends a regular move without If-Match filtered on _id and status alone: no version, no seq', async () => {
    const orders = repository();
    const order = anOrder();
    await orders.insert(order, claim('k-blind'));
    const change = confirmation(order);

    const sent = await commands.during(() => orders.transition({ id: order.id, change }));

    expect(sent.map((command) => command.name)).toEqual(['findAndModify']);
    expect(sent[0]?.body.query).toEqual({ _id: order.id, status: 'CREATED' });
    expect(sent[0]?.body.update.$push).toEqual({ history: { ...change, actor: { ...change.actor } } });
    const stored = await mongo.get().db.collection<OrderDocument>('orders').findOne({ _id: order.id });
    expect(stored?.history.map((entry) => 'seq' in entry)).toEqual([false, false]);
    expect((await orders.findById(order.id))?.history.map((entry) => entry.seq)).toEqual([1, 2]);
  });

  it('reads seq from the position, also in documents written when entries stored it', async () => {
    const orders = repository();
    const order = anOrder({ status: 'CONFIRMED' });
    await orders.insert(order, claim('k-legacy'));
    const collection = mongo.get().db.collection<OrderDocument>('orders');
    const stored = await collection.findOne({ _id: order.id });
    await collection.updateOne(
      { _id: order.id },
      { $set: { history: (stored?.history ?? []).map((entry, i) => ({ seq: i + 1, ...entry })) } },
    );

    expect(await orders.findById(order.id)).toStrictEqual(order);
  });

  it('reads once after a transition that matched nothing, only to say why', async () => {
    const orders = repository();
    const order = anOrder({ status: 'CONFIRMED' });
    await orders.insert(order, claim('k-stale'));
    const stale = confirmation({ ...order, status: 'CREATED', version: 1 });

    let result: unknown;
    const sent = await commands.during(async () => {
      result = await orders.transition({ id: order.id, change: stale });
    });

    expect(sent.map((command) => command.name)).toEqual(['findAndModify', 'find']);
    expect(result).toStrictEqual({ kind: 'no-match', current: order });
  });

  it('creates one order for concurrent creates with one key: the unique index decides, no lock', async () => {
    const orders = repository();
    const customerId = aUser().id;
    const twins = Array.from({ length: 20 }, () => anOrder({ customerId }));

    const results = await Promise.all(twins.map((order) => orders.insert(order, claim('k-race'))));

    const inserted = results.filter((result) => result.kind === 'inserted');
    expect(inserted).toHaveLength(1);
    const winner = inserted[0]?.order;
    expect(results.filter((result) => result.kind === 'duplicate')).toEqual(
      Array.from({ length: 19 }, () => ({
        kind: 'duplicate',
        order: winner,
        fingerprint: 'fingerprint-of-k-race',
      })),
    );
    expect(await mongo.get().db.collection('orders').countDocuments({ customerId })).toBe(1);
  });

  it('lets a duplicate key on another index propagate as it is, never as a replay', async () => {
    const orders = repository();
    const order = anOrder();
    await orders.insert(order, claim('k-first'));

    const sameIdOtherKey = orders.insert(order, claim('k-second'));

    await expect(sameIdOtherKey).rejects.toBeInstanceOf(MongoServerError);
    await expect(sameIdOtherKey).rejects.toMatchObject({ code: 11000 });
    expect(await orders.findByIdempotencyKey(order.customerId, 'k-second')).toBeNull();
  });
});
