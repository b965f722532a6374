import { DatabaseUnavailableError } from '@food-oms/application';
import { anActor, anOrder, aUser } from '@food-oms/application/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMongoStore, type MongoStore } from '../src/index.ts';
import {
  mongoServerAddress,
  mongoUriVia,
  startTcpProxy,
  type TcpProxy,
  useMongoTestDatabase,
} from '../src/testing/index.ts';

// Behind a proxy the test controls, the database goes away (connections closed, new ones
// refused) or hangs. The store must fail fast with DatabaseUnavailableError, never a driver
// error, and come back by itself: no restart, no reconnect call.
const mongo = useMongoTestDatabase();

const TIMEOUT_MS = 1000;
/**
 * A hung server can cost an operation a socket timeout, a handshake timeout and a server
 * selection timeout in a row (about 3 s here); the driver's defaults would wait 30 s, or
 * forever on a socket. Generous, so a slow machine does not fail it.
 */
const BOUND_MS = 5000;

/** How the operation failed, and how long it took to. */
async function failure(operation: () => Promise<unknown>): Promise<{ error: unknown; elapsedMs: number }> {
  const started = performance.now();
  const error = await operation().then(
    () => new Error('the operation succeeded while the database was away'),
    (rejection: unknown) => rejection,
  );
  return { error, elapsedMs: performance.now() - started };
}

describe.skipIf(!mongo.available)('an unavailable database', () => {
  let proxy: TcpProxy;
  let store: MongoStore;

  beforeEach(async () => {
    proxy = await startTcpProxy(mongoServerAddress(mongo.get().uri));
    store = createMongoStore({
      uri: mongoUriVia(mongo.get().uri, proxy.address),
      dbName: mongo.get().dbName,
      serverSelectionTimeoutMS: TIMEOUT_MS,
      connectTimeoutMS: TIMEOUT_MS,
      socketTimeoutMS: TIMEOUT_MS,
    });
  });

  afterEach(async () => {
    await store.close();
    await proxy.close();
  });

  it('fails reads and writes with DatabaseUnavailableError within the bound when cut, then recovers', async () => {
    const order = anOrder();
    await store.orders.insert(order, { key: 'k-cut', fingerprint: 'f' });

    await proxy.cut();

    for (const operation of [
      () => store.orders.findById(order.id),
      () => store.orders.insert(anOrder(), { key: 'k-cut-2', fingerprint: 'f' }),
      () => store.users.insert(aUser(), 'hash'),
      () => store.menu.list(),
    ]) {
      const { error, elapsedMs } = await failure(operation);
      expect(error).toBeInstanceOf(DatabaseUnavailableError);
      expect(error).toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
      expect(elapsedMs).toBeLessThan(BOUND_MS);
    }
    expect(await store.ping()).toBe(false);

    await proxy.restore();

    expect(await store.orders.findById(order.id)).toStrictEqual(order);
    expect(await store.ping()).toBe(true);
  });

  it('fails within the bound when the database hangs, then recovers', async () => {
    const order = anOrder();
    await store.orders.insert(order, { key: 'k-stall', fingerprint: 'f' });
    const confirm = {
      id: order.id,
      version: 1,
      change: {
        from: 'CREATED',
        to: 'CONFIRMED',
        at: new Date(order.createdAt.getTime() + 60_000),
        actor: anActor({ role: 'kitchen' }),
        reason: null,
        override: false,
        requestId: null,
      },
    } as const;

    proxy.stall();

    for (const operation of [() => store.orders.transition(confirm), () => store.orders.list({ limit: 5 })]) {
      const { error, elapsedMs } = await failure(operation);
      expect(error).toBeInstanceOf(DatabaseUnavailableError);
      expect(elapsedMs).toBeLessThan(BOUND_MS);
    }

    await proxy.restore();

    expect(await store.orders.findById(order.id)).toStrictEqual(order);
    expect(await store.orders.transition(confirm)).toMatchObject({ kind: 'applied', order: { version: 2 } });
  });

  it('starts while the database is down, reports not ready, and heals once it is back', async () => {
    await proxy.cut();
    const coldStore = createMongoStore({
      uri: mongoUriVia(mongo.get().uri, proxy.address),
      dbName: `${mongo.get().dbName}_cold`,
      serverSelectionTimeoutMS: TIMEOUT_MS,
    });
    try {
      const { error, elapsedMs } = await failure(() => coldStore.prepare());
      expect(error).toBeInstanceOf(DatabaseUnavailableError);
      expect(elapsedMs).toBeLessThan(BOUND_MS);
      expect(await coldStore.ping()).toBe(false);

      await proxy.restore();

      expect(await coldStore.ping()).toBe(true);
      const indexes = await mongo
        .get()
        .client.db(`${mongo.get().dbName}_cold`)
        .collection('orders')
        .indexes();
      expect(indexes.map((index) => index.name)).toContain('customer_idempotency_key_unique');
    } finally {
      await mongo.get().client.db(`${mongo.get().dbName}_cold`).dropDatabase();
      await coldStore.close();
    }
  });
});
