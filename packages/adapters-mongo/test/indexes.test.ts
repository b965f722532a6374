import type { Db } from 'mongodb';
import { MongoServerError } from 'mongodb';
import { afterEach, describe, expect, it } from 'vitest';
import { createMongoStore, type MongoStore } from '../src/index.ts';
import { useMongoTestDatabase } from '../src/testing/index.ts';
import { useFreshDatabases } from './support/fresh-databases.ts';

const mongo = useMongoTestDatabase();
const databases = useFreshDatabases(mongo);

const opened: MongoStore[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((store) => store.close()));
});

/** A store with a client of its own, as one more API instance starting up would have. */
function anInstanceOn(db: Db): MongoStore {
  const store = createMongoStore({ uri: mongo.get().uri, dbName: db.databaseName });
  opened.push(store);
  return store;
}

async function indexesOf(db: Db, collection: string) {
  const indexes = await db.collection(collection).listIndexes().toArray();
  return indexes
    .map((index) => ({ name: index.name, key: index.key, unique: index.unique === true }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

const ORDER_INDEXES = [
  { name: '_id_', key: { _id: 1 }, unique: false },
  { name: 'customer_idempotency_key_unique', key: { customerId: 1, idempotencyKey: 1 }, unique: true },
  { name: 'customer_newest_first', key: { customerId: 1, _id: -1 }, unique: false },
  { name: 'status_newest_first', key: { status: 1, _id: -1 }, unique: false },
];
const USER_INDEXES = [
  { name: '_id_', key: { _id: 1 }, unique: false },
  { name: 'email_unique', key: { email: 1 }, unique: true },
];

describe.skipIf(!mongo.available)('prepare: the indexes', () => {
  it('creates the named indexes, the idempotency and email ones unique', async () => {
    const db = databases.next();

    await anInstanceOn(db).prepare();

    expect(await indexesOf(db, 'orders')).toEqual(ORDER_INDEXES);
    expect(await indexesOf(db, 'users')).toEqual(USER_INDEXES);
  });

  it('is idempotent: again, and from several instances starting at once', async () => {
    const db = databases.next();
    const first = anInstanceOn(db);

    await Promise.all(Array.from({ length: 5 }, () => anInstanceOn(db).prepare()));
    await first.prepare();
    await first.prepare();
    await anInstanceOn(db).prepare();

    expect(await indexesOf(db, 'orders')).toEqual(ORDER_INDEXES);
    expect(await indexesOf(db, 'users')).toEqual(USER_INDEXES);
  });

  it('makes the database itself refuse a second order per (customer, key) and a second account per email', async () => {
    const db = databases.next();
    await anInstanceOn(db).prepare();
    const orders = db.collection<{ _id: string; customerId: string; idempotencyKey: string }>('orders');
    const users = db.collection<{ _id: string; email: string }>('users');
    await orders.insertOne({ _id: 'order-1', customerId: 'ann', idempotencyKey: 'k' });
    await users.insertOne({ _id: 'user-1', email: 'ann@example.com' });

    // Each write is awaited where it is made: a rejection with no handler yet attached
    // would surface as an unhandled rejection of the whole run.
    const secondOrder = orders.insertOne({ _id: 'order-2', customerId: 'ann', idempotencyKey: 'k' });
    await expect(secondOrder).rejects.toBeInstanceOf(MongoServerError);
    await expect(secondOrder).rejects.toMatchObject({ code: 11000 });
    await expect(users.insertOne({ _id: 'user-2', email: 'ann@example.com' })).rejects.toMatchObject({
      code: 11000,
    });
    await expect(
      orders.insertOne({ _id: 'order-3', customerId: 'bob', idempotencyKey: 'k' }),
    ).resolves.toBeTruthy();
  });
});
