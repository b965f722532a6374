import { canonicalEmail, isValidEmail } from './email.ts';
import { ValidationError, type Violation } from './errors.ts';
import type { UserId } from './ids.ts';
import { USER_LIMITS } from './limits.ts';
import type { Role } from './role.ts';

/** A user as everyone but the password hasher sees it: no secret lives here. */
export interface User {
  readonly id: UserId;
  /** Canonical form, see canonicalEmail. */
  readonly email: string;
  readonly name: string;
  readonly role: Role;
  readonly createdAt: Date;
}

export interface NewUserInput {
  readonly id: UserId;
  readonly email: string;
  readonly name: string;
  readonly role: Role;
  readonly at: Date;
}

/** Builds a user from raw input, canonicalising the email; throws ValidationError listing every fault. */
export function newUser(input: NewUserInput): User {
  const email = canonicalEmail(input.email);
  const name = input.name.trim();
  const violations: Violation[] = [];
  if (!isValidEmail(email)) violations.push({ pointer: '/email', message: 'must be an email address' });
  if (name.length < USER_LIMITS.minNameLength || name.length > USER_LIMITS.maxNameLength) {
    violations.push({
      pointer: '/name',
      message: `must be ${USER_LIMITS.minNameLength} to ${USER_LIMITS.maxNameLength} characters`,
    });
  }
  if (violations.length > 0) throw new ValidationError(violations);
  return { id: input.id, email, name, role: input.role, createdAt: input.at };
}

/** The password policy: length only (NIST SP 800-63B), counted in code points. */
export function checkPassword(password: string): void {
  const length = [...password].length;
  if (length < USER_LIMITS.minPasswordLength || length > USER_LIMITS.maxPasswordLength) {
    throw new ValidationError([
      {
        pointer: '/password',
        message: `must be ${USER_LIMITS.minPasswordLength} to ${USER_LIMITS.maxPasswordLength} characters`,
      },
    ]);
  }
}
