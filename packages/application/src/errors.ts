import type { OrderStatus } from '@food-oms/domain';

/**
 * What a use case refuses, with a stable `code`. Together with the domain's codes these
 * are every error a client can see; adapters-http maps each code to a status in one table.
 */
export type ApplicationErrorCode =
  | 'NOT_FOUND'
  | 'EMAIL_TAKEN'
  | 'INVALID_CREDENTIALS'
  | 'PRECONDITION_FAILED'
  | 'IDEMPOTENCY_KEY_REUSED'
  | 'MENU_ITEM_UNAVAILABLE'
  | 'INVALID_CURSOR'
  | 'SERVICE_UNAVAILABLE';

export class ApplicationError extends Error {
  readonly code: ApplicationErrorCode;

  constructor(code: ApplicationErrorCode, message: string) {
    super(message);
    this.name = 'ApplicationError';
    this.code = code;
  }
}

export class NotFoundError extends ApplicationError {
  constructor(what: string) {
    super('NOT_FOUND', `${what} was not found.`);
    this.name = 'NotFoundError';
  }
}

export class EmailTakenError extends ApplicationError {
  constructor() {
    super('EMAIL_TAKEN', 'An account with this email already exists.');
    this.name = 'EmailTakenError';
  }
}

export class InvalidCredentialsError extends ApplicationError {
  constructor() {
    super('INVALID_CREDENTIALS', 'The email or password is wrong.');
    this.name = 'InvalidCredentialsError';
  }
}

export class PreconditionFailedError extends ApplicationError {
  readonly currentVersion: number;
  readonly currentStatus: OrderStatus;

  constructor(currentVersion: number, currentStatus: OrderStatus) {
    super('PRECONDITION_FAILED', `The order is at version ${currentVersion}, not the one expected.`);
    this.name = 'PreconditionFailedError';
    this.currentVersion = currentVersion;
    this.currentStatus = currentStatus;
  }
}

export class IdempotencyKeyReusedError extends ApplicationError {
  constructor() {
    super('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was already used for a different request.');
    this.name = 'IdempotencyKeyReusedError';
  }
}

export class MenuItemUnavailableError extends ApplicationError {
  readonly menuItemIds: readonly string[];

  constructor(menuItemIds: readonly string[]) {
    super('MENU_ITEM_UNAVAILABLE', `Menu items not available: ${menuItemIds.join(', ')}.`);
    this.name = 'MenuItemUnavailableError';
    this.menuItemIds = menuItemIds;
  }
}

export class InvalidCursorError extends ApplicationError {
  constructor() {
    super('INVALID_CURSOR', 'The cursor is malformed, tampered with, or belongs to other filters.');
    this.name = 'InvalidCursorError';
  }
}

/**
 * The store cannot answer now (unreachable, too slow, shutting down). Repositories throw
 * it instead of any driver error, so callers can answer 503 and the client may retry.
 */
export class DatabaseUnavailableError extends ApplicationError {
  constructor(options?: { cause?: unknown }) {
    super('SERVICE_UNAVAILABLE', 'The database is unavailable.');
    this.name = 'DatabaseUnavailableError';
    if (options?.cause !== undefined) this.cause = options.cause;
  }
}
