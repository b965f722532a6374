import { describe, expect, it } from 'vitest';
import { createMongoStore } from '../src/index.ts';
import { useMongoTestDatabase } from '../src/testing/index.ts';

const mongo = useMongoTestDatabase();

describe.skipIf(!mongo.available)('the store reports whether its server updates atomically', () => {
  it('names the server, and is not atomic exactly on FerretDB 1.x', async () => {
    const { uri, dbName, ferretDbVersion } = mongo.get();
    const store = createMongoStore({ uri, dbName });
    try {
      const { atomic, server } = await store.atomicity();
      if (ferretDbVersion === null) {
        expect({ atomic, server }).toEqual({ atomic: true, server: expect.stringMatching(/^MongoDB \d/) });
      } else {
        expect(server).toBe(`FerretDB ${ferretDbVersion}`);
        expect(atomic).toBe(!/^v?1\./.test(ferretDbVersion));
      }
    } finally {
      await store.close();
    }
  });

  it('rejects as unavailable while the database is unreachable', async () => {
    const store = createMongoStore({
      uri: 'mongodb://127.0.0.1:1',
      dbName: 'x',
      serverSelectionTimeoutMS: 300,
    });
    try {
      await expect(store.atomicity()).rejects.toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
    } finally {
      await store.close();
    }
  });
});
