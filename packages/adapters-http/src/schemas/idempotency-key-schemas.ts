import { ORDER_LIMITS } from '@food-oms/domain';
import { z } from 'zod';
import { parseIdempotencyKey } from '../http/idempotency-key.ts';

const KEY_LENGTH = `${ORDER_LIMITS.minIdempotencyKeyLength}–${ORDER_LIMITS.maxIdempotencyKeyLength}`;
const MALFORMED = `must be ${KEY_LENGTH} printable ASCII characters, bare or as a quoted structured-field string`;
const SYNTAX = `${KEY_LENGTH} printable ASCII characters (0x20–0x7E), bare or as an RFC 9651 string ("abc")`;

/**
 * The Idempotency-Key header of a route that requires one. A malformed key is a
 * VALIDATION_FAILED pointing at /headers/idempotency-key; an absent or empty one becomes
 * undefined, which the route answers with MISSING_IDEMPOTENCY_KEY.
 */
export function requiredIdempotencyKeyHeader(scope: string) {
  return z
    .string()
    .transform((header, context) => {
      if (header === '') return undefined;
      const key = parseIdempotencyKey(header);
      if (key === null) {
        context.issues.push({ code: 'custom', input: header, message: MALFORMED });
        return z.NEVER;
      }
      return key;
    })
    .optional()
    .describe(`Required. ${SYNTAX}. ${scope}`);
}

/**
 * The Idempotency-Key header of a route where it is optional, with the same syntax. Sent
 * but empty or malformed is a VALIDATION_FAILED: a client that meant to be retry-safe is
 * told so, rather than served without the guarantee it asked for.
 */
export function optionalIdempotencyKeyHeader(scope: string) {
  return z
    .string()
    .transform((header, context) => {
      const key = parseIdempotencyKey(header);
      if (key === null) {
        context.issues.push({ code: 'custom', input: header, message: MALFORMED });
        return z.NEVER;
      }
      return key;
    })
    .optional()
    .describe(`Optional. ${SYNTAX}. ${scope}`);
}
