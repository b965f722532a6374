import {
  type Actor,
  canonicalPassword,
  ForbiddenError,
  type Role,
  type User,
  type UserId,
} from '@food-oms/domain';
import type { Clock } from '../ports/clock.ts';
import type { IdGenerator } from '../ports/id-generator.ts';
import type { PasswordHasher } from '../ports/password-hasher.ts';
import type { UserRepository } from '../ports/user-repository.ts';
import { newAccount } from './new-account.ts';

export interface CreateStaffUserDeps {
  readonly users: UserRepository;
  readonly passwordHasher: PasswordHasher;
  readonly ids: IdGenerator;
  readonly clock: Clock;
}

export interface CreateStaffUserInput {
  readonly actor: Actor;
  readonly email: string;
  readonly password: string;
  readonly name: string;
  readonly role: Role;
}

export interface CreateStaffUserOutput {
  readonly user: User;
}

/** An admin creates a user of any role: the only way kitchen and admin accounts come to be. */
export class CreateStaffUser {
  readonly #deps: CreateStaffUserDeps;

  constructor(deps: CreateStaffUserDeps) {
    this.#deps = deps;
  }

  /** Throws ForbiddenError unless the actor is an admin, ValidationError, EmailTakenError. */
  async execute(input: CreateStaffUserInput): Promise<CreateStaffUserOutput> {
    // HTTP checks the role too; this check keeps the rule true for any other caller.
    if (input.actor.role !== 'admin') throw new ForbiddenError('Only admins may create users.');
    const { users, passwordHasher, ids, clock } = this.#deps;
    const user = newAccount({
      id: ids.next() as UserId,
      email: input.email,
      password: input.password,
      name: input.name,
      role: input.role,
      at: clock.now(),
    });
    await users.insert(user, await passwordHasher.hash(canonicalPassword(input.password)));
    return { user };
  }
}
