import { ORDER_LIMITS, ValidationError } from '@food-oms/domain';
import type { Fingerprint } from '../ports/fingerprint.ts';

/**
 * An Idempotency-Key's length rule, for every use case that takes one (HTTP checks the
 * syntax too; this keeps the rule true for any other caller). Throws ValidationError.
 */
export function checkIdempotencyKey(key: string): void {
  const { minIdempotencyKeyLength: min, maxIdempotencyKeyLength: max } = ORDER_LIMITS;
  if (key.length < min || key.length > max) {
    throw new ValidationError([
      { pointer: '', message: `Idempotency-Key must be ${min} to ${max} characters` },
    ]);
  }
}

/**
 * The identity of a request already normalised by its use case (same request, same
 * fingerprint), stored beside what its key made so a repeat can be told from a reuse.
 */
export function fingerprintOf(fingerprint: Fingerprint, normalised: unknown): string {
  return fingerprint.of(JSON.stringify(normalised));
}
