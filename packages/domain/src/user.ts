import { canonicalEmail, isValidEmail } from './email.ts';
import { ValidationError, type Violation } from './errors.ts';
import type { UserId } from './ids.ts';
import { USER_LIMITS } from './limits.ts';
import type { Role } from './role.ts';
import { type TextBounds, textFault } from './text.ts';

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
  const nameFault = textFault(name, { min: USER_LIMITS.minNameLength, max: USER_LIMITS.maxNameLength });
  if (nameFault !== null) violations.push({ pointer: '/name', message: nameFault });
  if (violations.length > 0) throw new ValidationError(violations);
  return { id: input.id, email, name, role: input.role, createdAt: input.at };
}

const PASSWORD_POLICY: TextBounds = {
  min: USER_LIMITS.minPasswordLength,
  max: USER_LIMITS.maxPasswordLength,
};

/**
 * The password as it is hashed and compared: Unicode normal form C, so "é" typed as one code
 * point or as e + combining accent is one password, whichever keyboard set it and whichever
 * one logs in (NIST SP 800-63B §5.1.1.2).
 */
export function canonicalPassword(password: string): string {
  return password.normalize('NFC');
}

/**
 * The password policy: length only (NIST SP 800-63B), counted in code points of the
 * canonical password. Null when met. Other bounds serve where only a sane size matters
 * (a log-in attempt).
 */
export function passwordFault(password: string, { min, max }: TextBounds = PASSWORD_POLICY): string | null {
  // A lone surrogate has no UTF-8 form: the hasher would see U+FFFD, so every such password
  // would match every other of its length.
  if (!password.isWellFormed()) return 'must not contain lone surrogates';
  const length = [...canonicalPassword(password)].length;
  return length < min || length > max ? `must be ${min} to ${max} characters` : null;
}

export function checkPassword(password: string): void {
  const fault = passwordFault(password);
  if (fault !== null) throw new ValidationError([{ pointer: '/password', message: fault }]);
}
