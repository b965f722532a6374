import type { OrderStatus } from './order-status.ts';

/**
 * Every rule the domain refuses has a stable `code`; adapters match on it, never on
 * the class or the message, so the code survives logs and process boundaries.
 */
export type DomainErrorCode =
  | 'VALIDATION_FAILED'
  | 'INVALID_TRANSITION'
  | 'FORBIDDEN'
  | 'OVERRIDE_REASON_REQUIRED';

export class DomainError extends Error {
  readonly code: DomainErrorCode;

  constructor(code: DomainErrorCode, message: string) {
    super(message);
    this.name = 'DomainError';
    this.code = code;
  }
}

/** One broken rule of an input, with a JSON Pointer to where it is (RFC 6901). */
export interface Violation {
  readonly pointer: string;
  readonly message: string;
}

export class ValidationError extends DomainError {
  readonly violations: readonly Violation[];

  constructor(violations: readonly Violation[]) {
    super('VALIDATION_FAILED', violations.map((v) => `${v.pointer || '/'}: ${v.message}`).join('; '));
    this.name = 'ValidationError';
    this.violations = violations;
  }
}

export class InvalidTransitionError extends DomainError {
  readonly currentStatus: OrderStatus;
  readonly requestedStatus: OrderStatus;
  readonly allowedTransitions: readonly OrderStatus[];

  constructor(current: OrderStatus, requested: OrderStatus, allowed: readonly OrderStatus[]) {
    super('INVALID_TRANSITION', `Cannot move an order from ${current} to ${requested}.`);
    this.name = 'InvalidTransitionError';
    this.currentStatus = current;
    this.requestedStatus = requested;
    this.allowedTransitions = allowed;
  }
}

export class ForbiddenError extends DomainError {
  constructor(message: string) {
    super('FORBIDDEN', message);
    this.name = 'ForbiddenError';
  }
}

export class OverrideReasonRequiredError extends DomainError {
  constructor(from: OrderStatus, to: OrderStatus) {
    super(
      'OVERRIDE_REASON_REQUIRED',
      `Moving an order from ${from} to ${to} is an override and needs a reason.`,
    );
    this.name = 'OverrideReasonRequiredError';
  }
}
