import { ValidationError } from './errors.ts';
import { ORDER_LIMITS } from './limits.ts';

/**
 * Where a fault of the key points: the key is the request's Idempotency-Key header, so its
 * violations point into the request's `headers` member, whoever checks it.
 */
const KEY_POINTER = '/headers/idempotency-key';

/**
 * What is wrong with an Idempotency-Key, or null: a key names one request among a caller's
 * many, so it must say something (1 character at least) and stay a size a store indexes
 * (255 at most).
 */
export function idempotencyKeyFault(key: string): string | null {
  const { minIdempotencyKeyLength: min, maxIdempotencyKeyLength: max } = ORDER_LIMITS;
  return key.length < min || key.length > max ? `must be ${min} to ${max} characters` : null;
}

/** Throws ValidationError for a key that breaks idempotencyKeyFault's rule. */
export function checkIdempotencyKey(key: string): void {
  const fault = idempotencyKeyFault(key);
  if (fault !== null) throw new ValidationError([{ pointer: KEY_POINTER, message: fault }]);
}
