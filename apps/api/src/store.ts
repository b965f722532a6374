import { createMongoStore } from '@food-oms/adapters-mongo';
import {
  InMemoryMenuRepository,
  InMemoryOrderRepository,
  InMemoryUserRepository,
  type MenuRepository,
  type OrderRepository,
  type UserRepository,
} from '@food-oms/application';
import type { Config } from './config.ts';

/** The repositories and the life cycle of whatever keeps them. */
export interface Store {
  readonly kind: 'memory' | 'mongodb';
  readonly orders: OrderRepository;
  readonly users: UserRepository;
  readonly menu: MenuRepository;
  ensureIndexes(): Promise<void>;
  /** Readiness: the database answers. Never rejects. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

export function createStore(config: Config): Store {
  if (config.mongo !== null) {
    return { kind: 'mongodb', ...createMongoStore({ uri: config.mongo.uri, dbName: config.mongo.dbName }) };
  }
  return {
    kind: 'memory',
    orders: new InMemoryOrderRepository(),
    users: new InMemoryUserRepository(),
    menu: new InMemoryMenuRepository(),
    ensureIndexes: async () => {},
    ping: async () => true,
    close: async () => {},
  };
}
