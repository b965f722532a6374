import { canonicalPassword, type User, type UserId } from '@food-oms/domain';
import type { Clock } from '../ports/clock.ts';
import type { IdGenerator } from '../ports/id-generator.ts';
import type { PasswordHasher } from '../ports/password-hasher.ts';
import type { UserRepository } from '../ports/user-repository.ts';
import { newAccount } from './new-account.ts';

export interface SignUpDeps {
  readonly users: UserRepository;
  readonly passwordHasher: PasswordHasher;
  readonly ids: IdGenerator;
  readonly clock: Clock;
}

export interface SignUpInput {
  readonly email: string;
  readonly password: string;
  readonly name: string;
}

export interface SignUpOutput {
  readonly user: User;
}

/** Self-service registration: always a customer, whatever else the request carried. */
export class SignUp {
  readonly #deps: SignUpDeps;

  constructor(deps: SignUpDeps) {
    this.#deps = deps;
  }

  /** Throws ValidationError, or EmailTakenError when the canonical email has an account. */
  async execute(input: SignUpInput): Promise<SignUpOutput> {
    const { users, passwordHasher, ids, clock } = this.#deps;
    const user = newAccount({
      id: ids.next() as UserId,
      email: input.email,
      password: input.password,
      name: input.name,
      role: 'customer',
      at: clock.now(),
    });
    // Hash only after validation: argon2 is the expensive step and invalid input must stay cheap.
    await users.insert(user, await passwordHasher.hash(canonicalPassword(input.password)));
    return { user };
  }
}
