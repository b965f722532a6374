import { describe, expect, it } from 'vitest';
import { canonicalEmail, isValidEmail } from '../src/index.ts';

describe('isValidEmail', () => {
  it.each(['ann@example.com', 'ann+food@mail.example.org', 'zoë@exämple.com', 'twin\ufffd@example.com'])(
    'accepts %j',
    (email) => {
      expect(isValidEmail(canonicalEmail(email))).toBe(true);
    },
  );

  it.each([
    ['a zero width space', 'vic\u200btim@example.com'],
    ['a right-to-left override', 'ann\u202e@example.com'],
    ['a word joiner', 'ann@exa\u2060mple.com'],
    ['a soft hyphen', 'an\u00adn@example.com'],
    ['a BOM inside', 'ann@ex\ufeffample.com'],
    ['a lone surrogate', 'ann\ud800@example.com'],
    ['a control character', 'ann\u0007@example.com'],
    ['no dot in the domain', 'ann@localhost'],
  ])('refuses an address with %s', (_what, email) => {
    expect(isValidEmail(canonicalEmail(email))).toBe(false);
  });
});
