import {
  describeMenuRepositoryContract,
  describeOrderRepositoryContract,
  describeUserRepositoryContract,
} from '@food-oms/application/testing';
import { createInMemoryStore } from '../src/index.ts';

// One JavaScript thread and no await between check and write: the in-memory store is atomic.
describeOrderRepositoryContract('InMemoryOrderRepository', {
  create: async () => createInMemoryStore().orders,
  atomicConditionalUpdates: true,
});

describeUserRepositoryContract('InMemoryUserRepository', {
  create: async () => createInMemoryStore().users,
  atomicConditionalUpdates: true,
});

describeMenuRepositoryContract('InMemoryMenuRepository', {
  create: async () => createInMemoryStore().menu,
  atomicConditionalUpdates: true,
});
