import { InMemoryMenuRepository, InMemoryOrderRepository, InMemoryUserRepository } from '../src/index.ts';
import {
  describeMenuRepositoryContract,
  describeOrderRepositoryContract,
  describeUserRepositoryContract,
} from '../src/testing/index.ts';

// One JavaScript thread and no await between check and write: the in-memory store is atomic.
describeOrderRepositoryContract('InMemoryOrderRepository', {
  create: async () => new InMemoryOrderRepository(),
  atomicConditionalUpdates: true,
});

describeUserRepositoryContract('InMemoryUserRepository', {
  create: async () => new InMemoryUserRepository(),
  atomicConditionalUpdates: true,
});

describeMenuRepositoryContract('InMemoryMenuRepository', {
  create: async () => new InMemoryMenuRepository(),
  atomicConditionalUpdates: true,
});
