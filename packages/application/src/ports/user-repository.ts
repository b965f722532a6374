import type { User, UserId } from '@food-oms/domain';

export interface UserWithPasswordHash {
  readonly user: User;
  readonly passwordHash: string;
}

export interface UserRepository {
  /** Throws EmailTakenError when the canonical email exists, also when two inserts race. */
  insert(user: User, passwordHash: string): Promise<void>;
  findByEmail(canonicalEmail: string): Promise<UserWithPasswordHash | null>;
  findById(id: UserId): Promise<User | null>;
  updatePasswordHash(id: UserId, passwordHash: string): Promise<void>;
}
