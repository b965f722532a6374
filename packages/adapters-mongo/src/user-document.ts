import type { Role, User, UserId } from '@food-oms/domain';

/** How a user is stored in the `users` collection; the password hash lives only here. */
export interface UserDocument {
  _id: string;
  /** Canonical (trimmed, lower-cased), so the unique index compares what log-in compares. */
  email: string;
  name: string;
  role: Role;
  createdAt: Date;
  passwordHash: string;
}

export function toUserDocument(user: User, passwordHash: string): UserDocument {
  return {
    _id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    createdAt: user.createdAt,
    passwordHash,
  };
}

export function toUser(document: UserDocument): User {
  return {
    id: document._id as UserId,
    email: document.email,
    name: document.name,
    role: document.role,
    createdAt: document.createdAt,
  };
}
