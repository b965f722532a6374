import type { Actor, User, UserId } from '../index.ts';
import { BUILT_AT, builtId } from './builder-ids.ts';

export function aUser(overrides: Partial<User> = {}): User {
  const id = overrides.id ?? (builtId() as UserId);
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
  return { id: builtId() as UserId, role: 'customer', ...overrides };
}
