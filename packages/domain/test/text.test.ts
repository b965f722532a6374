import { describe, expect, it } from 'vitest';
import { checkOrderRequest, newUser, type UserId, ValidationError } from '../src/index.ts';
import { textFault } from '../src/text.ts';

describe('textFault', () => {
  it('measures length within the bounds', () => {
    expect(textFault('ab', { min: 1, max: 2 })).toBeNull();
    expect(textFault('', { min: 1, max: 2 })).toBe('must be 1 to 2 characters');
    expect(textFault('abc', { min: 0, max: 2 })).toBe('must be at most 2 characters');
  });

  it.each(['\u0000', '\u0007', '\u000B', '\u001F', '\u007F', '\u0080', '\u0085', '\u009B', '\u009F'])(
    'refuses the control character %j',
    (control) => {
      expect(textFault(`a${control}b`, { min: 0, max: 10 })).toMatch(/control characters/);
    },
  );

  it('keeps the letters right after the C1 controls', () => {
    expect(textFault('a\u00a0b\u00e9', { min: 0, max: 10 })).toBeNull();
  });

  it('keeps tab and line breaks, which notes legitimately hold', () => {
    expect(textFault('first line\nsecond\r\n\tindented', { min: 0, max: 100 })).toBeNull();
  });

  it.each(['a\ud800b', '\udfff', 'end\ud83d'])('refuses the lone surrogate in %j', (text) => {
    expect(textFault(text, { min: 0, max: 10 })).toBe('must be well-formed Unicode (no lone surrogates)');
  });

  it('keeps whole surrogate pairs (emoji and the astral planes)', () => {
    expect(textFault('🍕 \u{1d11e}', { min: 0, max: 10 })).toBeNull();
  });

  it.each(['\u200b', '\u202e\u2060', '\u0301', '\u00a0\u200b'])('refuses %j: nothing visible', (text) => {
    expect(textFault(text, { min: 0, max: 10 })).toBe('must contain a visible character');
  });

  it.each(['x', '7', '!', '🍕', 'e\u0301', 'a\u200bb'])('accepts %j: something visible', (text) => {
    expect(textFault(text, { min: 0, max: 10 })).toBeNull();
  });

  it('accepts empty text where the bounds allow it', () => {
    expect(textFault('', { min: 0, max: 10 })).toBeNull();
  });

  it('is the rule of every free-text field, whoever calls the domain', () => {
    const id = 'u' as UserId;
    expect(() =>
      newUser({ id, email: 'a@example.com', name: 'An\u0000n', role: 'customer', at: new Date() }),
    ).toThrow(ValidationError);
    expect(() =>
      checkOrderRequest({ items: [{ menuItemId: 'm', quantity: 1 }], note: 'no\u0000nuts' }),
    ).toThrow(ValidationError);
  });
});
