import { EmailTakenError, type UserRepository, type UserWithPasswordHash } from '@food-oms/application';
import type { User, UserId } from '@food-oms/domain';

/** The embedded store: unique canonical email like a unique index, and copies in and out. */
export class InMemoryUserRepository implements UserRepository {
  readonly #byId = new Map<UserId, UserWithPasswordHash>();
  readonly #idByEmail = new Map<string, UserId>();

  async insert(user: User, passwordHash: string): Promise<void> {
    if (this.#idByEmail.has(user.email)) throw new EmailTakenError();
    this.#byId.set(user.id, structuredClone({ user, passwordHash }));
    this.#idByEmail.set(user.email, user.id);
  }

  async findByEmail(canonicalEmail: string): Promise<UserWithPasswordHash | null> {
    const id = this.#idByEmail.get(canonicalEmail);
    const found = id === undefined ? undefined : this.#byId.get(id);
    return found === undefined ? null : structuredClone(found);
  }

  async findById(id: UserId): Promise<User | null> {
    const found = this.#byId.get(id);
    return found === undefined ? null : structuredClone(found.user);
  }

  async updatePasswordHash(id: UserId, passwordHash: string): Promise<void> {
    const found = this.#byId.get(id);
    if (found !== undefined) this.#byId.set(id, { user: found.user, passwordHash });
  }
}
