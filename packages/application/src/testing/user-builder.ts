import type { Actor, User, UserId } from '@food-oms/domain';
import { BUILT_AT, builderIds } from './builder-ids.ts';

export function aUser(overrides: Partial<User> = {}): User {
  const id = overrides.id ?? (builderIds.next() as UserId);
  return {
    id,
    email: `user-${id.slice(-6)}@example.com`,
    name: 'Ann Example',
    role: 'customer',
    createdAt: BUILT_AT,
    ...overrides,
  };
}

export function anActor(overrides: Partial<Actor> = {}): Actor {
  return { id: builderIds.next() as UserId, role: 'customer', ...overrides };
}
