import { argon2i, argon2id, hash } from 'argon2';
import { describe, expect, it } from 'vitest';
import { ARGON2_MINIMUM, Argon2PasswordHasher } from '../src/index.ts';

const hasher = new Argon2PasswordHasher();

/** The parameters as the encoded PHC string states them, read independently of the hasher. */
function encodedParameters(encoded: string) {
  const [, type, version, params] = encoded.split('$');
  return {
    type,
    version,
    params: Object.fromEntries((params ?? '').split(',').map((pair) => pair.split('='))),
  };
}

// Weaker hashes are made with argon2 directly: the hasher itself refuses weak options.
function weakHash(options: {
  type?: 0 | 1 | 2;
  memoryCost?: number;
  timeCost?: number;
  parallelism?: number;
}) {
  return hash('correct horse battery', { ...ARGON2_MINIMUM, type: argon2id, ...options });
}

describe('Argon2PasswordHasher', () => {
  it('verifies the password it hashed, and no other', async () => {
    const encoded = await hasher.hash('correct horse 🐎 battery');
    expect(await hasher.verify(encoded, 'correct horse 🐎 battery')).toBe(true);
    expect(await hasher.verify(encoded, 'correct horse 🐎 batterY')).toBe(false);
    expect(await hasher.verify(encoded, '')).toBe(false);
  });

  it('salts every hash', async () => {
    const [first, second] = await Promise.all([hasher.hash('same password'), hasher.hash('same password')]);
    expect(first).not.toBe(second);
  });

  it('hashes with argon2id v1.3 at m=19456 KiB, t=2, p=1 by default', async () => {
    expect(encodedParameters(await hasher.hash('correct horse battery'))).toEqual({
      type: 'argon2id',
      version: 'v=19',
      params: { m: '19456', t: '2', p: '1' },
    });
  });

  it('hashes with stronger options when given them', async () => {
    const strong = new Argon2PasswordHasher({ memoryCost: 32_768, timeCost: 3 });
    expect(encodedParameters(await strong.hash('correct horse battery')).params).toEqual({
      m: '32768',
      t: '3',
      p: '1',
    });
  });

  it.each([{ memoryCost: 4096 }, { timeCost: 1 }, { parallelism: 0 }, { memoryCost: Number.NaN }])(
    'refuses options weaker than the minimum: %o',
    (options) => {
      expect(() => new Argon2PasswordHasher(options)).toThrow(RangeError);
    },
  );

  it.each([
    ['an empty string', ''],
    ['plain text', 'not a hash'],
    ['a bcrypt hash', '$2b$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy'],
    ['an argon2 hash with a truncated digest', '$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$AAAA'],
    [
      'an argon2 hash with no parameters',
      '$argon2id$v=19$$c2FsdHNhbHRzYWx0$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
    ],
    [
      'an unknown algorithm',
      '$scrypt$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
    ],
  ])('answers false, without throwing, for %s', async (_, malformed) => {
    await expect(hasher.verify(malformed, 'correct horse battery')).resolves.toBe(false);
  });

  describe('needsRehash', () => {
    it('is false for a hash made with the current options', async () => {
      expect(hasher.needsRehash(await hasher.hash('correct horse battery'))).toBe(false);
    });

    it('is false for a hash stronger than the current options', async () => {
      const strong = new Argon2PasswordHasher({ memoryCost: 32_768, timeCost: 3 });
      expect(hasher.needsRehash(await strong.hash('correct horse battery'))).toBe(false);
    });

    it('is true for a hash made before the options were raised', async () => {
      const encoded = await hasher.hash('correct horse battery');
      expect(new Argon2PasswordHasher({ memoryCost: 32_768 }).needsRehash(encoded)).toBe(true);
      expect(new Argon2PasswordHasher({ timeCost: 3 }).needsRehash(encoded)).toBe(true);
      expect(new Argon2PasswordHasher({ parallelism: 2 }).needsRehash(encoded)).toBe(true);
    });

    it.each([
      ['m=4096,t=1', { memoryCost: 4096, timeCost: 1 }],
      ['a lower memory cost alone', { memoryCost: 16_384 }],
      ['a lower time cost alone', { timeCost: 1 }],
      ['argon2i', { type: argon2i }],
    ] as const)('is true for a hash made with %s', async (_, options) => {
      expect(hasher.needsRehash(await weakHash(options))).toBe(true);
    });

    it('still verifies such a weaker hash, so the password can be rehashed at log-in', async () => {
      const encoded = await weakHash({ memoryCost: 4096, timeCost: 1 });
      expect(await hasher.verify(encoded, 'correct horse battery')).toBe(true);
    });

    it('is true for an argon2 1.0 hash', () => {
      expect(
        hasher.needsRehash(
          '$argon2id$v=16$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
        ),
      ).toBe(true);
    });

    it.each([
      '',
      'not a hash',
      '$argon2id$v=19$m=19456,t=2$c2FsdHNhbHRzYWx0$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
      '$argon2id$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
    ])('is true, without throwing, for the unreadable hash %j', (malformed) => {
      expect(hasher.needsRehash(malformed)).toBe(true);
    });
  });
});
