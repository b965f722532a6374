import type { OrderStatus } from './order-status.ts';

/** What an error carries besides its code and message: plain data, safe to log and to copy. */
export type ErrorDetails = Readonly<Record<string, unknown>>;

/**
 * The one base of every error a client may see, whichever layer raises it: a stable `code`
 * that adapters match on (never the class or the message, so the code survives logs and
 * process boundaries), a message a client may read, and plain-data `details`. It lives in the
 * domain because every layer may import the domain. Subclasses only name a code and its data.
 */
export class CodedError<
  Code extends string = string,
  Details extends ErrorDetails = ErrorDetails,
> extends Error {
  readonly code: Code;
  readonly details: Details;

  constructor(code: Code, message: string, details: Details, options?: { readonly cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.details = details;
  }
}

/** No data beyond the code and the message. */
export type NoDetails = Readonly<Record<string, never>>;

/** The domain's codes; the application and the HTTP layer add their own. */
export type DomainErrorCode =
  | 'VALIDATION_FAILED'
  | 'INVALID_TRANSITION'
  | 'FORBIDDEN'
  | 'OVERRIDE_REASON_REQUIRED';

/** One broken rule of an input, with a JSON Pointer to where it is (RFC 6901). */
export interface Violation {
  readonly pointer: string;
  readonly message: string;
}

/** What a client must see about an input it sent: one message, and every rule broken, each where it is. */
export class ValidationError extends CodedError<
  'VALIDATION_FAILED',
  { readonly violations: readonly Violation[] }
> {
  constructor(violations: readonly Violation[], message = 'The request is not valid; see errors.') {
    super('VALIDATION_FAILED', message, { violations });
  }
}

export class InvalidTransitionError extends CodedError<
  'INVALID_TRANSITION',
  {
    readonly currentStatus: OrderStatus;
    readonly requestedStatus: OrderStatus;
    readonly allowedTransitions: readonly OrderStatus[];
  }
> {
  constructor(current: OrderStatus, requested: OrderStatus, allowed: readonly OrderStatus[]) {
    super('INVALID_TRANSITION', `Cannot move an order from ${current} to ${requested}.`, {
      currentStatus: current,
      requestedStatus: requested,
      allowedTransitions: allowed,
    });
  }
}

export class ForbiddenError extends CodedError<'FORBIDDEN', NoDetails> {
  constructor(message: string) {
    super('FORBIDDEN', message, {});
  }
}

export class OverrideReasonRequiredError extends CodedError<'OVERRIDE_REASON_REQUIRED', NoDetails> {
  constructor(from: OrderStatus, to: OrderStatus) {
    super(
      'OVERRIDE_REASON_REQUIRED',
      `Moving an order from ${from} to ${to} is an override and needs a reason.`,
      {},
    );
  }
}
