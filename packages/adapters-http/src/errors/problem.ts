import { hasZodFastifySchemaValidationErrors } from '@fastify/type-provider-zod';
import { ApplicationError, MenuItemUnavailableError, PreconditionFailedError } from '@food-oms/application';
import { DomainError, InvalidTransitionError, ValidationError, type Violation } from '@food-oms/domain';
import { BODY_LIMIT_BYTES } from '../http/body-limit.ts';
import type { Problem } from '../schemas/problem-schema.ts';
import { HttpError, RateLimitedError, UnauthenticatedError } from './http-errors.ts';
import { PROBLEM_TYPES, type ProblemCode, problemTypeUri } from './problem-types.ts';
import { requestViolations } from './request-violations.ts';

/** How long a client should wait before retrying a 503; short, the store usually comes back fast. */
const SERVICE_UNAVAILABLE_RETRY_AFTER_SECONDS = 5;

interface ProblemResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Problem;
}

interface Fault {
  readonly code: ProblemCode;
  readonly detail: string;
  readonly extra?: Partial<Problem>;
  readonly headers?: Readonly<Record<string, string>>;
}

const INTERNAL: Fault = { code: 'INTERNAL', detail: 'An unexpected error occurred.' };
const NOT_FOUND: Fault = { code: 'NOT_FOUND', detail: 'The requested resource was not found.' };

/** Fastify's own request faults (body parsing, URL decoding), by their FST_ code. */
const FRAMEWORK_FAULTS: Readonly<Record<string, Fault>> = {
  FST_ERR_CTP_BODY_TOO_LARGE: {
    code: 'PAYLOAD_TOO_LARGE',
    detail: `The request body is larger than ${BODY_LIMIT_BYTES / 1024} KiB.`,
  },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    code: 'UNSUPPORTED_MEDIA_TYPE',
    detail: 'The request body must be sent as application/json.',
  },
  FST_ERR_CTP_INVALID_JSON_BODY: {
    code: 'VALIDATION_FAILED',
    detail:
      'The request body is not valid JSON, or it uses a forbidden key (__proto__, constructor.prototype).',
    extra: {
      errors: [{ pointer: '', message: 'must be valid JSON without __proto__ or constructor.prototype' }],
    },
  },
  FST_ERR_CTP_EMPTY_JSON_BODY: {
    code: 'VALIDATION_FAILED',
    detail: 'The request says it has a JSON body but it is empty.',
    extra: { errors: [{ pointer: '', message: 'must not be empty' }] },
  },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: {
    code: 'VALIDATION_FAILED',
    detail: 'The Content-Length header does not match the body.',
  },
  FST_ERR_BAD_URL: { code: 'VALIDATION_FAILED', detail: 'The URL is not correctly percent-encoded.' },
  // A path segment longer than any id names nothing.
  FST_ERR_MAX_PARAM_LENGTH: NOT_FOUND,
};

function violationsFault(violations: readonly Violation[]): Fault {
  return {
    code: 'VALIDATION_FAILED',
    detail: 'The request is not valid; see errors.',
    extra: { errors: violations.map(({ pointer, message }) => ({ pointer, message })) },
  };
}

/** What a domain or application error adds to its problem. */
function businessFault(error: DomainError | ApplicationError): Fault {
  if (error instanceof ValidationError) return violationsFault(error.violations);
  if (error.code === 'SERVICE_UNAVAILABLE') {
    // The message may one day carry driver text; the client only needs to know to retry.
    return {
      code: 'SERVICE_UNAVAILABLE',
      detail: 'The database is unavailable; retry later.',
      headers: { 'retry-after': String(SERVICE_UNAVAILABLE_RETRY_AFTER_SECONDS) },
    };
  }
  const fault = { code: error.code, detail: error.message };
  if (error instanceof InvalidTransitionError) {
    return {
      ...fault,
      extra: { currentStatus: error.currentStatus, allowedTransitions: [...error.allowedTransitions] },
    };
  }
  if (error instanceof PreconditionFailedError) {
    return { ...fault, extra: { currentVersion: error.currentVersion, currentStatus: error.currentStatus } };
  }
  if (error instanceof MenuItemUnavailableError) {
    return { ...fault, extra: { menuItemIds: [...error.menuItemIds] } };
  }
  return fault;
}

function httpFault(error: HttpError): Fault {
  if (error instanceof UnauthenticatedError) {
    return {
      code: error.code,
      detail: error.message,
      headers: { 'www-authenticate': error.credentialsSent ? 'Bearer error="invalid_token"' : 'Bearer' },
    };
  }
  if (error instanceof RateLimitedError) {
    return {
      code: error.code,
      detail: error.message,
      headers: { 'retry-after': String(error.retryAfterSeconds) },
    };
  }
  if (error.code === 'SERVICE_UNAVAILABLE') {
    return {
      code: error.code,
      detail: error.message,
      headers: { 'retry-after': String(SERVICE_UNAVAILABLE_RETRY_AFTER_SECONDS) },
    };
  }
  return { code: error.code, detail: error.message };
}

function frameworkFault(error: object): Fault {
  const { code, statusCode } = error as { code?: unknown; statusCode?: unknown };
  if (typeof code !== 'string' || !code.startsWith('FST_')) return INTERNAL;
  const known = FRAMEWORK_FAULTS[code];
  if (known !== undefined) return known;
  // Any other request fault fastify reports, without repeating its wording.
  return typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500
    ? { code: 'VALIDATION_FAILED', detail: 'The request is malformed.' }
    : INTERNAL;
}

function faultOf(error: unknown): Fault {
  if (hasZodFastifySchemaValidationErrors(error)) {
    return violationsFault(requestViolations(error.validation, error.validationContext));
  }
  if (error instanceof DomainError || error instanceof ApplicationError) return businessFault(error);
  if (error instanceof HttpError) return httpFault(error);
  if (typeof error === 'object' && error !== null) return frameworkFault(error);
  return INTERNAL;
}

/**
 * Turns anything thrown while serving a request into its RFC 9457 problem. Only our own
 * error classes and fastify's request faults reach the client with a specific text;
 * everything else is a 500 with a generic detail, so no stack or driver text ever leaks.
 */
export function problemFor(error: unknown, requestId: string): ProblemResponse {
  const fault = faultOf(error);
  const { status, title } = PROBLEM_TYPES[fault.code];
  return {
    status,
    headers: {
      'content-type': 'application/problem+json; charset=utf-8',
      // An error describes one moment; no cache may replay it.
      'cache-control': 'no-store',
      ...fault.headers,
    },
    body: {
      type: problemTypeUri(fault.code),
      title,
      status,
      detail: fault.detail,
      code: fault.code,
      requestId,
      ...fault.extra,
    },
  };
}
