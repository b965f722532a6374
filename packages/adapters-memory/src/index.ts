export { InMemoryMenuRepository } from './in-memory-menu-repository.ts';
export { InMemoryOrderRepository } from './in-memory-order-repository.ts';
export { createInMemoryStore } from './in-memory-store.ts';
export { InMemoryUserRepository } from './in-memory-user-repository.ts';
