import { createMongoStore, type DatabaseCommand, type MongoStore } from '@food-oms/adapters-mongo';
import {
  InMemoryMenuRepository,
  InMemoryOrderRepository,
  InMemoryUserRepository,
} from '@food-oms/application';
import type { Config } from './config.ts';

/**
 * The repositories and the life cycle of whatever keeps them: MongoDB's, or the same shape
 * kept in memory.
 */
export type Store = MongoStore & { readonly kind: 'memory' | 'mongodb' };

export function createStore(config: Config, onCommand?: (command: DatabaseCommand) => void): Store {
  if (config.mongo !== null) {
    const { uri, dbName } = config.mongo;
    return {
      kind: 'mongodb',
      ...createMongoStore({ uri, dbName, ...(onCommand !== undefined && { onCommand }) }),
    };
  }
  return {
    kind: 'memory',
    orders: new InMemoryOrderRepository(),
    users: new InMemoryUserRepository(),
    menu: new InMemoryMenuRepository(),
    ensureIndexes: async () => {},
    // One process, one thread: a conditional update is checked and applied in one step.
    atomicity: async () => ({ atomic: true, server: 'in-memory store' }),
    ping: async () => true,
    close: async () => {},
  };
}
