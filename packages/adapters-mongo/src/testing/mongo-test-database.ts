import { randomUUID } from 'node:crypto';
import { type Db, MongoClient } from 'mongodb';
import { afterAll, beforeAll, inject } from 'vitest';

export interface MongoTestDatabase {
  readonly uri: string;
  readonly client: MongoClient;
  /** A database of this test file's own, dropped after it. */
  readonly db: Db;
  readonly dbName: string;
  /**
   * FerretDB (what CI has) does not apply a conditional update atomically, so suites that
   * prove "exactly one wins" skip there, with this reason; real MongoDB runs them.
   */
  readonly ferretDbVersion: string | null;
}

export interface MongoTestHandle {
  /** False when this run has no MongoDB (the reason was printed; REQUIRE_MONGO=1 fails the run instead). */
  readonly available: boolean;
  readonly skipReason: string;
  /** The connection and database, once beforeAll has run. */
  get(): MongoTestDatabase;
}

/**
 * Registers beforeAll/afterAll hooks that give the calling test file a fresh database on
 * the run's MongoDB server. Use with `describe.skipIf(!mongo.available)`.
 */
export function useMongoTestDatabase(): MongoTestHandle {
  const target = inject('mongo');
  let current: MongoTestDatabase | undefined;

  if (target.kind === 'server') {
    beforeAll(async () => {
      const client = new MongoClient(target.uri, { serverSelectionTimeoutMS: 10_000 });
      await client.connect();
      const dbName = `food_oms_test_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
      const buildInfo = await client.db('admin').command({ buildInfo: 1 });
      const ferret = buildInfo.ferretdbVersion;
      current = {
        uri: target.uri,
        client,
        db: client.db(dbName),
        dbName,
        ferretDbVersion: typeof ferret === 'string' ? ferret : null,
      };
    });
    afterAll(async () => {
      if (current === undefined) return;
      await current.db.dropDatabase();
      await current.client.close();
    });
  }

  return {
    available: target.kind === 'server',
    skipReason: target.kind === 'none' ? target.reason : '',
    get() {
      if (current === undefined)
        throw new Error('useMongoTestDatabase: the database is ready only inside tests');
      return current;
    },
  };
}
