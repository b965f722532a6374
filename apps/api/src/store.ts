import { createInMemoryStore } from '@food-oms/adapters-memory';
import { createMongoStore, type DatabaseCommand } from '@food-oms/adapters-mongo';
import type { Store } from '@food-oms/application';
import type { Config } from './config.ts';

/** MongoDB when the configuration names one, else the store kept in this process. */
export function createStore(config: Config, onCommand?: (command: DatabaseCommand) => void): Store {
  if (config.mongo === null) return createInMemoryStore();
  const { uri, dbName } = config.mongo;
  return createMongoStore({ uri, dbName, ...(onCommand !== undefined && { onCommand }) });
}
