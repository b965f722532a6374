import type { MenuRepository, OrderRepository, Store, UserRepository } from '@food-oms/application';
import { InMemoryMenuRepository } from './in-memory-menu-repository.ts';
import { InMemoryOrderRepository } from './in-memory-order-repository.ts';
import { InMemoryUserRepository } from './in-memory-user-repository.ts';

/** Repositories to use instead of fresh in-memory ones, e.g. a test's wrapper around one. */
export interface InMemoryStoreOptions {
  readonly orders?: OrderRepository;
  readonly users?: UserRepository;
  readonly menu?: MenuRepository;
}

/** The store kept in this process: nothing to prepare or reach, and lost when the process exits. */
export function createInMemoryStore(options: InMemoryStoreOptions = {}): Store {
  return {
    kind: 'memory',
    orders: options.orders ?? new InMemoryOrderRepository(),
    users: options.users ?? new InMemoryUserRepository(),
    menu: options.menu ?? new InMemoryMenuRepository(),
    prepare: async () => {},
    // One process, one thread: a conditional update is checked and applied in one step.
    atomicity: async () => ({ atomic: true, server: 'in-memory store' }),
    ping: async () => true,
    close: async () => {},
  };
}
