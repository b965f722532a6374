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

export class HttpError extends Error {
  readonly code: HttpErrorCode | 'SERVICE_UNAVAILABLE' | 'VALIDATION_FAILED';

  constructor(code: HttpErrorCode | 'SERVICE_UNAVAILABLE' | 'VALIDATION_FAILED', message: string) {
    super(message);
    this.name = 'HttpError';
    this.code = code;
  }
}

export class UnauthenticatedError extends HttpError {
  /** RFC 6750 §3.1: the challenge names `invalid_token` only when a credential was sent. */
  readonly credentialsSent: boolean;

  constructor(credentialsSent: boolean) {
    super(
      'UNAUTHENTICATED',
      credentialsSent
        ? 'The access token is invalid, expired or not a Bearer token.'
        : 'This request needs an access token: Authorization: Bearer <token>.',
    );
    this.name = 'UnauthenticatedError';
    this.credentialsSent = credentialsSent;
  }
}

export class MissingIdempotencyKeyError extends HttpError {
  constructor() {
    super('MISSING_IDEMPOTENCY_KEY', 'Creating an order needs an Idempotency-Key header.');
    this.name = 'MissingIdempotencyKeyError';
  }
}

export class RateLimitedError extends HttpError {
  readonly retryAfterSeconds: number;

  constructor(retryAfterSeconds: number) {
    super('RATE_LIMITED', `Too many requests; retry in ${retryAfterSeconds} seconds.`);
    this.name = 'RateLimitedError';
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** Draining before exit: the client should retry, on another instance if there is one. */
export class ShuttingDownError extends HttpError {
  constructor() {
    super('SERVICE_UNAVAILABLE', 'The server is shutting down; retry the request.');
    this.name = 'ShuttingDownError';
  }
}

/** Still preparing the store (indexes, bootstrap admin): nothing may be served before it. */
export class StartingUpError extends HttpError {
  constructor() {
    super('SERVICE_UNAVAILABLE', 'The server is starting; retry the request.');
    this.name = 'StartingUpError';
  }
}

/** GET /health/ready while the instance cannot serve: an answer for a probe, not a fault. */
export class NotReadyError extends HttpError {
  constructor() {
    super('SERVICE_UNAVAILABLE', 'Not ready: starting, shutting down or the database is unreachable.');
    this.name = 'NotReadyError';
  }
}
