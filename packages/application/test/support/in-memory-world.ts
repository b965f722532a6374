import {
  InMemoryMenuRepository,
  InMemoryOrderRepository,
  InMemoryUserRepository,
} from '@food-oms/adapters-memory';
import {
  FakeCursorCodec,
  FakeFingerprint,
  FakePasswordHasher,
  FakeTokenIssuer,
  FixedClock,
  SequentialIdGenerator,
} from '../../src/testing/index.ts';

/**
 * Everything a use case can depend on, wired to in-memory adapters and predictable
 * doubles. A use case takes the world as its deps and picks what it needs.
 */
export function anInMemoryWorld() {
  return {
    clock: new FixedClock(),
    ids: new SequentialIdGenerator(),
    users: new InMemoryUserRepository(),
    menu: new InMemoryMenuRepository(),
    orders: new InMemoryOrderRepository(),
    passwordHasher: new FakePasswordHasher(),
    tokens: new FakeTokenIssuer(),
    cursors: new FakeCursorCodec(),
    fingerprint: new FakeFingerprint(),
  };
}

export type InMemoryWorld = ReturnType<typeof anInMemoryWorld>;
