import type { ApplicationErrorCode } from '@food-oms/application';
import type { DomainErrorCode } from '@food-oms/domain';
import type { HttpErrorCode } from './http-errors.ts';

/** Every `code` a client can see: the domain's, the application's and the HTTP layer's own. */
export type ProblemCode = DomainErrorCode | ApplicationErrorCode | HttpErrorCode;

interface ProblemType {
  readonly status: number;
  readonly title: string;
}

/**
 * THE table that turns a `code` into an HTTP status (docs/api.md). Typed as a full Record, so
 * a code added to the domain or the application does not compile until it is mapped here.
 */
export const PROBLEM_TYPES: Readonly<Record<ProblemCode, ProblemType>> = {
  VALIDATION_FAILED: { status: 400, title: 'The request is not valid' },
  MISSING_IDEMPOTENCY_KEY: { status: 400, title: 'The Idempotency-Key header is required' },
  INVALID_CURSOR: { status: 400, title: 'The cursor is not valid for this query' },
  UNAUTHENTICATED: { status: 401, title: 'Authentication is required' },
  INVALID_CREDENTIALS: { status: 401, title: 'The credentials are not valid' },
  FORBIDDEN: { status: 403, title: 'The caller may not do this' },
  NOT_FOUND: { status: 404, title: 'Not found' },
  EMAIL_TAKEN: { status: 409, title: 'The email is already registered' },
  INVALID_TRANSITION: { status: 409, title: 'The order cannot move to that status' },
  REQUEST_TIMEOUT: { status: 408, title: 'The request was not received in time' },
  PRECONDITION_FAILED: { status: 412, title: 'The order has changed' },
  PAYLOAD_TOO_LARGE: { status: 413, title: 'The request body is too large' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, title: 'The request body must be JSON' },
  IDEMPOTENCY_KEY_REUSED: { status: 422, title: 'The Idempotency-Key was used for another request' },
  MENU_ITEM_UNAVAILABLE: { status: 422, title: 'A menu item is not available' },
  OVERRIDE_REASON_REQUIRED: { status: 422, title: 'An override needs a reason' },
  RATE_LIMITED: { status: 429, title: 'Too many requests' },
  HEADERS_TOO_LARGE: { status: 431, title: 'The request headers are too large' },
  INTERNAL: { status: 500, title: 'Internal error' },
  SERVICE_UNAVAILABLE: { status: 503, title: 'The service is unavailable' },
};

export const PROBLEM_CODES = Object.keys(PROBLEM_TYPES) as ProblemCode[];

/**
 * RFC 9457 asks for a URI per problem type; a `tag:` URI (RFC 4151, suggested by RFC 9457
 * §3.1.1) names the type stably without promising a page that nobody serves.
 */
export function problemTypeUri(code: ProblemCode): string {
  return `tag:food-oms,2025:problems/${code.toLowerCase().replaceAll('_', '-')}`;
}
