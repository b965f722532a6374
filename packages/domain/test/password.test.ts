import { describe, expect, it } from 'vitest';
import { canonicalPassword, passwordFault } from '../src/index.ts';

describe('passwords', () => {
  it('are canonical in NFC: one password however the keyboard composed it', () => {
    expect(canonicalPassword('cafe\u0301 horse')).toBe('caf\u00e9 horse');
    expect(canonicalPassword('caf\u00e9 horse')).toBe('caf\u00e9 horse');
  });

  it('are counted in code points of their canonical form', () => {
    // Eight code points once composed: 'e' + U+0301 is one 'é'.
    expect(passwordFault('abcdefe\u0301')).toBe('must be 8 to 128 characters');
    expect(passwordFault('abcdefge\u0301')).toBeNull();
    expect(passwordFault('😀'.repeat(8))).toBeNull();
  });

  it('refuse lone surrogates, which would all hash as U+FFFD and match one another', () => {
    expect(passwordFault('\ud800'.repeat(8))).toBe('must not contain lone surrogates');
    expect(passwordFault(`password\udfff`)).toBe('must not contain lone surrogates');
    expect(passwordFault('\ufffd'.repeat(8))).toBeNull();
  });
});
