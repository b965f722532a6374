import type { Actor, User } from '@food-oms/domain';
import { NotFoundError } from '../errors.ts';
import type { UserRepository } from '../ports/user-repository.ts';

export interface GetCurrentUserDeps {
  readonly users: UserRepository;
}

export interface GetCurrentUserInput {
  readonly actor: Actor;
}

export interface GetCurrentUserOutput {
  readonly user: User;
}

export class GetCurrentUser {
  readonly #deps: GetCurrentUserDeps;

  constructor(deps: GetCurrentUserDeps) {
    this.#deps = deps;
  }

  /** NotFoundError when the token outlived its user. */
  async execute(input: GetCurrentUserInput): Promise<GetCurrentUserOutput> {
    const user = await this.#deps.users.findById(input.actor.id);
    if (user === null) throw new NotFoundError('User');
    return { user };
  }
}
