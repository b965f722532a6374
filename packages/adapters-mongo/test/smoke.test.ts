import { MongoServerError } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { useMongoTestDatabase } from '../src/testing/index.ts';

// Proves the harness end to end with the official driver: connect, unique index,
// insert, duplicate key → 11000, read back.
const mongo = useMongoTestDatabase();

describe.skipIf(!mongo.available)('MongoDB smoke', () => {
  it('connects with the official driver and reports the server', async () => {
    const { db, ferretDbVersion } = mongo.get();
    const ping = await db.command({ ping: 1 });
    expect(ping.ok).toBe(1);
    console.warn(
      `[mongo] smoke: connected; server is ${ferretDbVersion ? `FerretDB ${ferretDbVersion}` : 'MongoDB'}`,
    );
  });

  it('enforces a unique index with duplicate-key code 11000 and reads back what was written', async () => {
    const things = mongo.get().db.collection<{ _id: string; email: string }>('smoke');
    await things.createIndex({ email: 1 }, { unique: true, name: 'email_unique' });
    await things.insertOne({ _id: 'a', email: 'ann@example.com' });

    const duplicate = await things
      .insertOne({ _id: 'b', email: 'ann@example.com' })
      .catch((error: unknown) => error);
    expect(duplicate).toBeInstanceOf(MongoServerError);
    expect((duplicate as MongoServerError).code).toBe(11000);

    expect(await things.findOne({ email: 'ann@example.com' })).toEqual({
      _id: 'a',
      email: 'ann@example.com',
    });
    expect(await things.countDocuments()).toBe(1);
  });
});
