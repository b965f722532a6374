import { CodedError, type NoDetails, type OrderStatus } from '@food-oms/domain';

/**
 * What a use case refuses, with a stable `code`. Together with the domain's codes these
 * are every error a client can see; adapters-http describes each code in one table.
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

export class NotFoundError extends CodedError<'NOT_FOUND', NoDetails> {
  constructor(what: string) {
    super('NOT_FOUND', `${what} was not found.`, {});
  }
}

export class EmailTakenError extends CodedError<'EMAIL_TAKEN', NoDetails> {
  constructor() {
    super('EMAIL_TAKEN', 'An account with this email already exists.', {});
  }
}

export class InvalidCredentialsError extends CodedError<'INVALID_CREDENTIALS', NoDetails> {
  constructor() {
    super('INVALID_CREDENTIALS', 'The email or password is wrong.', {});
  }
}

export class PreconditionFailedError extends CodedError<
  'PRECONDITION_FAILED',
  { readonly currentVersion: number; readonly currentStatus: OrderStatus }
> {
  constructor(currentVersion: number, currentStatus: OrderStatus) {
    super('PRECONDITION_FAILED', `The order is at version ${currentVersion}, not the one expected.`, {
      currentVersion,
      currentStatus,
    });
  }
}

export class IdempotencyKeyReusedError extends CodedError<'IDEMPOTENCY_KEY_REUSED', NoDetails> {
  constructor() {
    super('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was already used for a different request.', {});
  }
}

export class MenuItemUnavailableError extends CodedError<
  'MENU_ITEM_UNAVAILABLE',
  { readonly menuItemIds: readonly string[] }
> {
  constructor(menuItemIds: readonly string[]) {
    super('MENU_ITEM_UNAVAILABLE', `Menu items not available: ${menuItemIds.join(', ')}.`, { menuItemIds });
  }
}

export class InvalidCursorError extends CodedError<'INVALID_CURSOR', NoDetails> {
  constructor() {
    super('INVALID_CURSOR', 'The cursor is malformed, tampered with, or belongs to other filters.', {});
  }
}

/**
 * The store cannot answer now (unreachable, too slow, shutting down). Repositories throw
 * it instead of any driver error, so callers can answer 503 and the client may retry. The
 * driver's text stays in `cause`: the client only needs to know to retry.
 */
export class DatabaseUnavailableError extends CodedError<'SERVICE_UNAVAILABLE', NoDetails> {
  constructor(options?: { readonly cause?: unknown }) {
    super('SERVICE_UNAVAILABLE', 'The database is unavailable; retry later.', {}, options);
  }
}
