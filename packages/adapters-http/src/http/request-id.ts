import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** docs/api.md: an incoming X-Request-Id is kept only when it matches this. */
export const ACCEPTED_REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * Keeps the caller's X-Request-Id when it is safe to echo and log (docs/api.md), otherwise
 * makes a fresh one; a repeated header arrives comma-joined and so is replaced too.
 */
export function requestIdOf(request: IncomingMessage): string {
  const incoming = request.headers['x-request-id'];
  return typeof incoming === 'string' && ACCEPTED_REQUEST_ID.test(incoming) ? incoming : randomUUID();
}
