import type { Db } from 'mongodb';
import { afterAll } from 'vitest';
import type { MongoTestHandle } from '../../src/testing/index.ts';

/**
 * For tests that need an EMPTY store each: `next()` hands out a new database on the test
 * file's connection, and every one is dropped after the file.
 */
export function useFreshDatabases(mongo: MongoTestHandle): { next(): Db } {
  const created: Db[] = [];
  afterAll(async () => {
    await Promise.all(created.map((db) => db.dropDatabase()));
  });
  return {
    next() {
      const { client, dbName } = mongo.get();
      const db = client.db(`${dbName}_${created.length + 1}`);
      created.push(db);
      return db;
    },
  };
}
