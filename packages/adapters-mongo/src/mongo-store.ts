import type { Store } from '@food-oms/application';
import { MongoClient, type MongoClientOptions } from 'mongodb';
import { keepConnecting } from './keep-connecting.ts';
import { MongoMenuRepository } from './mongo-menu-repository.ts';
import { MongoOrderRepository } from './mongo-order-repository.ts';
import { MongoUserRepository } from './mongo-user-repository.ts';
import { serverAtomicity } from './server-atomicity.ts';

export interface MongoStoreOptions {
  readonly uri: string;
  readonly dbName: string;
  /** How long an operation waits for a reachable server before it fails as unavailable. Default 2000. */
  readonly serverSelectionTimeoutMS?: number;
  /** How long opening a connection (TCP and handshake) may take. Default 2000. */
  readonly connectTimeoutMS?: number;
  /** How long a request may wait for the server's reply: the bound on "too slow". Default 5000. */
  readonly socketTimeoutMS?: number;
  /** Connections per server. Default 20. */
  readonly maxPoolSize?: number;
  /** How long an operation may wait for a free connection when all are busy. Default 2000. */
  readonly waitQueueTimeoutMS?: number;
  /** Told about every command the driver completes or fails (command monitoring), e.g. for metrics. */
  readonly onCommand?: (command: DatabaseCommand) => void;
}

/** One command the driver sent, as command monitoring reports it. */
export interface DatabaseCommand {
  /** The command's name: find, insert, update, findAndModify, createIndexes, ping, … */
  readonly command: string;
  readonly durationMs: number;
  readonly failed: boolean;
}

/**
 * The MongoDB-backed repositories, and the connection's life cycle. `prepare` creates the
 * indexes the repositories rely on (the unique ones carry the idempotency and email
 * guarantees); inserts and `ping` ensure them too, so a store that started while the
 * database was down heals by itself. `close` closes the connection pool.
 */
export interface MongoStore extends Store {
  readonly kind: 'mongodb';
}

/**
 * The client settings of the store when its options leave them out, in MongoClient's terms;
 * exported so that tools talking to the same database (bench/raw-driver.ts) use the very same.
 */
export const MONGO_CLIENT_DEFAULTS = {
  serverSelectionTimeoutMS: 2000,
  connectTimeoutMS: 2000,
  socketTimeoutMS: 5000,
  maxPoolSize: 20,
  waitQueueTimeoutMS: 2000,
  // An acknowledged write survives a failover; FerretDB accepts it as well.
  writeConcern: { w: 'majority' },
} as const satisfies MongoClientOptions;

/**
 * Builds the store and starts connecting in the background; nothing here waits for the
 * database. So the API starts while the database is down, reports not-ready, and recovers
 * by itself when it returns. Throws only for a malformed `uri`.
 */
export function createMongoStore(options: MongoStoreOptions): MongoStore {
  const defaults = MONGO_CLIENT_DEFAULTS;
  const client = new MongoClient(options.uri, {
    appName: 'food-oms',
    serverSelectionTimeoutMS: options.serverSelectionTimeoutMS ?? defaults.serverSelectionTimeoutMS,
    connectTimeoutMS: options.connectTimeoutMS ?? defaults.connectTimeoutMS,
    socketTimeoutMS: options.socketTimeoutMS ?? defaults.socketTimeoutMS,
    maxPoolSize: options.maxPoolSize ?? defaults.maxPoolSize,
    waitQueueTimeoutMS: options.waitQueueTimeoutMS ?? defaults.waitQueueTimeoutMS,
    writeConcern: { ...defaults.writeConcern },
    monitorCommands: options.onCommand !== undefined,
  });
  const { onCommand } = options;
  if (onCommand !== undefined) {
    client.on('commandSucceeded', (event) =>
      onCommand({ command: event.commandName, durationMs: event.duration, failed: false }),
    );
    client.on('commandFailed', (event) =>
      onCommand({ command: event.commandName, durationMs: event.duration, failed: true }),
    );
  }
  const connecting = keepConnecting(client);
  const db = client.db(options.dbName);
  const orders = new MongoOrderRepository(db);
  const users = new MongoUserRepository(db);
  const menu = new MongoMenuRepository(db);

  const prepare = async (): Promise<void> => {
    await Promise.all([orders.ensureIndexes(), users.ensureIndexes(), menu.ensureIndexes()]);
  };

  return {
    kind: 'mongodb',
    orders,
    users,
    menu,
    prepare,
    atomicity: () => serverAtomicity(db),
    async ping() {
      try {
        await prepare();
        await db.command({ ping: 1 });
        return true;
      } catch {
        return false;
      }
    },
    async close() {
      connecting.stop();
      await client.close();
    },
  };
}
