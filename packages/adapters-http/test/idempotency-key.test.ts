import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { parseIdempotencyKey } from '../src/http/idempotency-key.ts';

const printable = fc.integer({ min: 0x20, max: 0x7e }).map((code) => String.fromCharCode(code));
const printableKey = fc.string({ unit: printable, minLength: 1, maxLength: 255 });

/** RFC 9651 §4.1.6: serialise a String by escaping DQUOTE and backslash. */
function asStructuredString(key: string): string {
  return `"${key.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`;
}

describe('parseIdempotencyKey', () => {
  test('any 1–255 printable ASCII key survives the structured-field round trip', () => {
    fc.assert(fc.property(printableKey, (key) => parseIdempotencyKey(asStructuredString(key)) === key));
  });

  test('any 1–255 printable ASCII key not starting with a quote is taken as sent', () => {
    fc.assert(
      fc.property(
        printableKey.filter((key) => !key.startsWith('"')),
        (key) => parseIdempotencyKey(key) === key,
      ),
    );
  });

  test('a key with any character outside 0x20–0x7E is refused, bare or quoted', () => {
    const outside = fc
      .integer({ min: 0, max: 0xffff })
      .filter((code) => code < 0x20 || code > 0x7e)
      .map((code) => String.fromCharCode(code));
    fc.assert(
      fc.property(fc.string({ unit: printable, maxLength: 254 }), outside, fc.nat(), (key, bad, at) => {
        const position = at % (key.length + 1);
        const tainted = `${key.slice(0, position)}${bad}${key.slice(position)}`;
        return (
          parseIdempotencyKey(tainted) === null && parseIdempotencyKey(asStructuredString(tainted)) === null
        );
      }),
    );
  });

  test.each([
    ['too long', 'k'.repeat(256), null],
    ['too long once unquoted', `"${'k'.repeat(256)}"`, null],
    ['exactly 255 once unquoted', `"${'k'.repeat(255)}"`, 'k'.repeat(255)],
    ['an escaped quote and backslash', '"a\\"b\\\\c"', 'a"b\\c'],
    ['an escape of another character', '"a\\nb"', null],
    ['a lone backslash at the end', '"abc\\"', null],
    ['text after the closing quote', '"abc"def', null],
    ['an unescaped quote inside', '"a"b"', null],
    ['no closing quote', '"abc', null],
    ['the empty structured string', '""', null],
    ['a quote that is not first', 'abc"', 'abc"'],
  ])('%s', (_name, header, expected) => {
    expect(parseIdempotencyKey(header)).toBe(expected);
  });
});
