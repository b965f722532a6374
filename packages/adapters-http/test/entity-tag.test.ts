import { describe, expect, test } from 'vitest';
import { entityTag, ifNoneMatchHits, parseIfMatch } from '../src/http/entity-tag.ts';

describe('entity tags', () => {
  test('an order version is a strong tag', () => {
    expect(entityTag(3)).toBe('"v3"');
  });

  test.each([
    ['"v3"', { version: 3 }],
    [' "v12" ', { version: 12 }],
    ['*', 'any'],
    ['"v0"', null],
    ['"v03"', null],
    ['v3', null],
    ['W/"v3"', null],
    ['"v3", "v4"', null],
    ['"v1e3"', null],
    ['"v9999999999999999"', null],
    ['', null],
  ])('If-Match %j reads as %j', (header, expected) => {
    expect(parseIfMatch(header)).toEqual(expected);
  });

  test.each([
    ['"v3"', true],
    ['W/"v3"', true],
    ['"v1", "v3"', true],
    ['"v1",W/"v3"', true],
    [' * ', true],
    ['"v30"', false],
    ['"v3', false],
    ['v3', false],
    ['', false],
  ])('If-None-Match %j against version 3 hits: %s', (header, expected) => {
    expect(ifNoneMatchHits(header, 3)).toBe(expected);
  });
});
