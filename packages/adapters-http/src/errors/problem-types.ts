import {
  type ApplicationErrorCode,
  DatabaseUnavailableError,
  EmailTakenError,
  IdempotencyKeyReusedError,
  InvalidCredentialsError,
  InvalidCursorError,
  MenuItemUnavailableError,
  NotFoundError,
  PreconditionFailedError,
} from '@food-oms/application';
import {
  type CodedError,
  type DomainErrorCode,
  ForbiddenError,
  InvalidTransitionError,
  OverrideReasonRequiredError,
  ValidationError,
} from '@food-oms/domain';
import type { ResponseHeaderName } from '../openapi/documented-headers.ts';
import type { Problem } from '../schemas/problem-schema.ts';
import {
  bodyNotJson,
  bodyTooLarge,
  headersTooLarge,
  internalError,
  requestTimedOut,
} from './framework-faults.ts';
import {
  type HttpErrorCode,
  MissingIdempotencyKeyError,
  RateLimitedError,
  UnauthenticatedError,
} from './http-errors.ts';

/** Every `code` a client can see: the domain's, the application's and the HTTP layer's own. */
export type ProblemCode = DomainErrorCode | ApplicationErrorCode | HttpErrorCode;

/** The errors whose data a problem shows; every other code's errors carry none. */
type DataCarryingError =
  | ValidationError
  | InvalidTransitionError
  | PreconditionFailedError
  | MenuItemUnavailableError
  | UnauthenticatedError
  | RateLimitedError;

/** The `details` the errors of `C` carry. */
export type DetailsOf<C extends ProblemCode> = [Extract<DataCarryingError, { readonly code: C }>] extends [
  never,
]
  ? Readonly<Record<string, never>>
  : Extract<DataCarryingError, { readonly code: C }>['details'];

/** The members a problem may add to the core ones (see the Problem schema). */
export type ProblemMembers = Omit<
  Partial<Problem>,
  'type' | 'title' | 'status' | 'detail' | 'code' | 'requestId'
>;

export interface ProblemType<C extends ProblemCode> {
  readonly status: number;
  readonly title: string;
  /** Response headers every problem of the code carries, computed from its error's data. */
  readonly headers?: { readonly [name in ResponseHeaderName]?: (details: DetailsOf<C>) => string };
  /** The members the problem adds, from its error's data, in the order they are sent. */
  readonly members?: (details: DetailsOf<C>) => ProblemMembers;
  /** An error of the code as the API raises it: the OpenAPI document shows its problem. */
  readonly example: () => CodedError<ProblemCode, DetailsOf<C>>;
}

/** How long a client should wait before retrying a 503; short, the store usually comes back fast. */
const SERVICE_UNAVAILABLE_RETRY_AFTER_SECONDS = 5;

const EXAMPLE_MENU_ITEM_ID = '0190a6f2-6c3e-7cc1-8b1e-2f4a5d6c7b8a';

/**
 * THE description of every `code` (docs/api.md): its HTTP status, title, headers and extra
 * members, and an example. The error handler and the OpenAPI document both read it. Typed as
 * a full mapping, so a code added to the domain or the application does not compile until it
 * is described here.
 */
export const PROBLEM_TYPES: { readonly [C in ProblemCode]: ProblemType<C> } = {
  VALIDATION_FAILED: {
    status: 400,
    title: 'The request is not valid',
    // A fault of the request as a whole (bytes that are not HTTP, say) has no pointer to give.
    members: ({ violations }) =>
      violations.length === 0
        ? {}
        : { errors: violations.map(({ pointer, message }) => ({ pointer, message })) },
    example: () =>
      new ValidationError([{ pointer: '/items/0/quantity', message: 'must be an integer from 1 to 50' }]),
  },
  MISSING_IDEMPOTENCY_KEY: {
    status: 400,
    title: 'The Idempotency-Key header is required',
    example: () => new MissingIdempotencyKeyError(),
  },
  INVALID_CURSOR: {
    status: 400,
    title: 'The cursor is not valid for this query',
    example: () => new InvalidCursorError(),
  },
  UNAUTHENTICATED: {
    status: 401,
    title: 'Authentication is required',
    headers: {
      'WWW-Authenticate': ({ credentialsSent }) =>
        credentialsSent ? 'Bearer error="invalid_token"' : 'Bearer',
    },
    example: () => new UnauthenticatedError(false),
  },
  INVALID_CREDENTIALS: {
    status: 401,
    title: 'The credentials are not valid',
    example: () => new InvalidCredentialsError(),
  },
  FORBIDDEN: {
    status: 403,
    title: 'The caller may not do this',
    example: () => new ForbiddenError('Customers may only cancel their orders.'),
  },
  NOT_FOUND: { status: 404, title: 'Not found', example: () => new NotFoundError('Order') },
  EMAIL_TAKEN: {
    status: 409,
    title: 'The email is already registered',
    example: () => new EmailTakenError(),
  },
  INVALID_TRANSITION: {
    status: 409,
    title: 'The order cannot move to that status',
    members: ({ currentStatus, allowedTransitions }) => ({
      currentStatus,
      allowedTransitions: [...allowedTransitions],
    }),
    example: () => new InvalidTransitionError('CONFIRMED', 'CANCELLED', ['PREPARING']),
  },
  REQUEST_TIMEOUT: {
    status: 408,
    title: 'The request was not received in time',
    example: requestTimedOut,
  },
  PRECONDITION_FAILED: {
    status: 412,
    title: 'The order has changed',
    members: ({ currentVersion, currentStatus }) => ({ currentVersion, currentStatus }),
    example: () => new PreconditionFailedError(3, 'CONFIRMED'),
  },
  PAYLOAD_TOO_LARGE: { status: 413, title: 'The request body is too large', example: bodyTooLarge },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, title: 'The request body must be JSON', example: bodyNotJson },
  IDEMPOTENCY_KEY_REUSED: {
    status: 422,
    title: 'The Idempotency-Key was used for another request',
    example: () => new IdempotencyKeyReusedError(),
  },
  MENU_ITEM_UNAVAILABLE: {
    status: 422,
    title: 'A menu item is not available',
    members: ({ menuItemIds }) => ({ menuItemIds: [...menuItemIds] }),
    example: () => new MenuItemUnavailableError([EXAMPLE_MENU_ITEM_ID]),
  },
  OVERRIDE_REASON_REQUIRED: {
    status: 422,
    title: 'An override needs a reason',
    example: () => new OverrideReasonRequiredError('READY', 'PREPARING'),
  },
  RATE_LIMITED: {
    status: 429,
    title: 'Too many requests',
    headers: { 'Retry-After': ({ retryAfterSeconds }) => String(retryAfterSeconds) },
    example: () => new RateLimitedError(42),
  },
  HEADERS_TOO_LARGE: {
    status: 431,
    title: 'The request headers are too large',
    example: headersTooLarge,
  },
  INTERNAL: { status: 500, title: 'Internal error', example: internalError },
  SERVICE_UNAVAILABLE: {
    status: 503,
    title: 'The service is unavailable',
    headers: { 'Retry-After': () => String(SERVICE_UNAVAILABLE_RETRY_AFTER_SECONDS) },
    example: () => new DatabaseUnavailableError(),
  },
};

export const PROBLEM_CODES = Object.keys(PROBLEM_TYPES) as ProblemCode[];

/** Whether an error's code is one the table describes (and so one a client may see). */
export function isProblemCode(code: unknown): code is ProblemCode {
  return typeof code === 'string' && Object.hasOwn(PROBLEM_TYPES, code);
}

/**
 * RFC 9457 asks for a URI per problem type; a `tag:` URI (RFC 4151, suggested by RFC 9457
 * §3.1.1) names the type stably without promising a page that nobody serves.
 */
export function problemTypeUri(code: ProblemCode): string {
  return `tag:food-oms,2025:problems/${code.toLowerCase().replaceAll('_', '-')}`;
}
