import { createInMemoryStore } from '@food-oms/adapters-memory';
import type { DatabaseCommand } from '@food-oms/adapters-mongo';
import type { Store } from '@food-oms/application';
import type { Config } from './config.ts';

/**
 * MongoDB when the configuration names one, else the store kept in this process. The driver
 * is loaded only then: an instance on the embedded store does not carry its memory.
 */
export async function createStore(
  config: Config,
  onCommand?: (command: DatabaseCommand) => void,
): Promise<Store> {
  if (config.mongo === null) return createInMemoryStore();
  const { createMongoStore } = await import('@food-oms/adapters-mongo');
  const { uri, dbName } = config.mongo;
  return createMongoStore({ uri, dbName, ...(onCommand !== undefined && { onCommand }) });
}
