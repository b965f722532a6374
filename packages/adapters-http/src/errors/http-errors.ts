import { CodedError, type NoDetails } from '@food-oms/domain';

/** The codes only the HTTP layer can raise: about the request itself, not about the business. */
export type HttpErrorCode =
  | 'UNAUTHENTICATED'
  | 'MISSING_IDEMPOTENCY_KEY'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'RATE_LIMITED'
  | 'REQUEST_TIMEOUT'
  | 'HEADERS_TOO_LARGE'
  | 'INTERNAL';

/** A fault of the request, or a state of this server, that needs no data beyond its message. */
export class HttpError extends CodedError<
  Exclude<HttpErrorCode, 'UNAUTHENTICATED' | 'RATE_LIMITED'> | 'SERVICE_UNAVAILABLE',
  NoDetails
> {
  constructor(code: HttpError['code'], message: string) {
    super(code, message, {});
  }
}

export class UnauthenticatedError extends CodedError<
  'UNAUTHENTICATED',
  /** RFC 6750 §3.1: the challenge names `invalid_token` only when a credential was sent. */
  { readonly credentialsSent: boolean }
> {
  constructor(credentialsSent: boolean) {
    super(
      'UNAUTHENTICATED',
      credentialsSent
        ? 'The access token is invalid, expired or not a Bearer token.'
        : 'This request needs an access token: Authorization: Bearer <token>.',
      { credentialsSent },
    );
  }
}

export class MissingIdempotencyKeyError extends HttpError {
  constructor() {
    super('MISSING_IDEMPOTENCY_KEY', 'Creating an order needs an Idempotency-Key header.');
  }
}

export class RateLimitedError extends CodedError<'RATE_LIMITED', { readonly retryAfterSeconds: number }> {
  constructor(retryAfterSeconds: number) {
    super('RATE_LIMITED', `Too many requests; retry in ${retryAfterSeconds} seconds.`, { retryAfterSeconds });
  }
}

/** Draining before exit: the client should retry, on another instance if there is one. */
export class ShuttingDownError extends HttpError {
  constructor() {
    super('SERVICE_UNAVAILABLE', 'The server is shutting down; retry the request.');
  }
}

/** Still preparing the store (indexes, bootstrap admin): nothing may be served before it. */
export class StartingUpError extends HttpError {
  constructor() {
    super('SERVICE_UNAVAILABLE', 'The server is starting; retry the request.');
  }
}

/** GET /health/ready while the instance cannot serve: an answer for a probe, not a fault. */
export class NotReadyError extends HttpError {
  constructor() {
    super('SERVICE_UNAVAILABLE', 'Not ready: starting, shutting down or the database is unreachable.');
  }
}
