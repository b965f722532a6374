import { canonicalPassword, type User, type UserId } from '@food-oms/domain';
import { EmailTakenError } from '../errors.ts';
import type { Clock } from '../ports/clock.ts';
import type { IdGenerator } from '../ports/id-generator.ts';
import type { PasswordHasher } from '../ports/password-hasher.ts';
import type { UserRepository } from '../ports/user-repository.ts';
import { newAccount } from './new-account.ts';

export interface BootstrapAdminDeps {
  readonly users: UserRepository;
  readonly passwordHasher: PasswordHasher;
  readonly ids: IdGenerator;
  readonly clock: Clock;
}

export interface BootstrapAdminInput {
  readonly email: string;
  readonly password: string;
}

export type BootstrapAdminOutcome = 'created' | 'exists' | 'exists-with-other-role';

export interface BootstrapAdminOutput {
  readonly outcome: BootstrapAdminOutcome;
}

const ADMIN_NAME = 'Administrator';

/**
 * Ensures the configured admin exists at start-up. Idempotent, and safe when several
 * instances start at once. It never changes an existing account: a configured password
 * must not silently reset a live one, and a role clash is for a human to resolve.
 */
export class BootstrapAdmin {
  readonly #deps: BootstrapAdminDeps;

  constructor(deps: BootstrapAdminDeps) {
    this.#deps = deps;
  }

  /** Throws ValidationError for a bad email or password, even when the account exists. */
  async execute(input: BootstrapAdminInput): Promise<BootstrapAdminOutput> {
    const { users, passwordHasher, ids, clock } = this.#deps;
    const admin = newAccount({
      id: ids.next() as UserId,
      email: input.email,
      password: input.password,
      name: ADMIN_NAME,
      role: 'admin',
      at: clock.now(),
    });
    const existing = await users.findByEmail(admin.email);
    if (existing !== null) return outcomeFor(existing.user);
    try {
      await users.insert(admin, await passwordHasher.hash(canonicalPassword(input.password)));
      return { outcome: 'created' };
    } catch (error) {
      if (!(error instanceof EmailTakenError)) throw error;
      // Another instance inserted it between our read and our write: the account exists.
      const winner = await users.findByEmail(admin.email);
      if (winner === null) throw error;
      return outcomeFor(winner.user);
    }
  }
}

function outcomeFor(user: User): BootstrapAdminOutput {
  return { outcome: user.role === 'admin' ? 'exists' : 'exists-with-other-role' };
}
