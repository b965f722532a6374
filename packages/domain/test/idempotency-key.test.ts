import { describe, expect, it } from 'vitest';
import { checkIdempotencyKey, idempotencyKeyFault, ORDER_LIMITS, ValidationError } from '../src/index.ts';

describe('the Idempotency-Key rule', () => {
  it('takes 1 to 255 characters and names the fault of any other length', () => {
    expect(idempotencyKeyFault('k')).toBeNull();
    expect(idempotencyKeyFault('k'.repeat(ORDER_LIMITS.maxIdempotencyKeyLength))).toBeNull();
    expect(idempotencyKeyFault('')).toBe('must be 1 to 255 characters');
    expect(idempotencyKeyFault('k'.repeat(256))).toBe('must be 1 to 255 characters');
  });

  it('throws with one violation at the header the key comes in', () => {
    expect(() => checkIdempotencyKey('k')).not.toThrow();
    let thrown: unknown;
    try {
      checkIdempotencyKey('k'.repeat(256));
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ValidationError);
    expect((thrown as ValidationError).details.violations).toEqual([
      { pointer: '/headers/idempotency-key', message: 'must be 1 to 255 characters' },
    ]);
  });
});
