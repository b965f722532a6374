import type { PasswordHasher } from '@food-oms/application';
import { argon2id, hash, verify } from 'argon2';

export interface Argon2Options {
  /** In KiB. */
  readonly memoryCost: number;
  readonly timeCost: number;
  readonly parallelism: number;
}

/** OWASP's floor for argon2id, which docs/api.md sets as the least the service may use: m = 19 MiB, t = 2, p = 1. */
export const ARGON2_MINIMUM: Argon2Options = { memoryCost: 19_456, timeCost: 2, parallelism: 1 };

// argon2 1.3 (v=19) is the only version that fixes the weakness of 1.0 (v=16).
const CURRENT_VERSION = 0x13;

// $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>; the argon2 package writes the
// parameters as m,p,t, so their order is not fixed.
const ENCODED_HASH =
  /^\$(argon2(?:id|i|d))\$v=(\d+)\$([a-z]+=[^,$]+(?:,[a-z]+=[^,$]+)*)\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$/;

interface EncodedParameters extends Argon2Options {
  readonly type: string;
  readonly version: number;
}

/** A parameter's value, or NaN when it is absent, so that it compares as weaker than anything. */
function parameter(list: string, key: string): number {
  const value = new RegExp(`(?:^|,)${key}=(\\d+)(?:,|$)`).exec(list)?.[1];
  return value === undefined ? Number.NaN : Number(value);
}

function parameters(encoded: string): EncodedParameters | null {
  const match = ENCODED_HASH.exec(encoded);
  if (match === null) return null;
  const [, type = '', version = '', list = ''] = match;
  return {
    type,
    version: Number(version),
    memoryCost: parameter(list, 'm'),
    timeCost: parameter(list, 't'),
    parallelism: parameter(list, 'p'),
  };
}

export class Argon2PasswordHasher implements PasswordHasher {
  readonly #options: Argon2Options;

  /** Stronger options are welcome; weaker ones than ARGON2_MINIMUM are refused. */
  constructor(options: Partial<Argon2Options> = {}) {
    const chosen = { ...ARGON2_MINIMUM, ...options };
    if (
      !(chosen.memoryCost >= ARGON2_MINIMUM.memoryCost) ||
      !(chosen.timeCost >= ARGON2_MINIMUM.timeCost) ||
      !(chosen.parallelism >= ARGON2_MINIMUM.parallelism)
    ) {
      throw new RangeError(
        `argon2 options must be at least m=${ARGON2_MINIMUM.memoryCost},t=${ARGON2_MINIMUM.timeCost},p=${ARGON2_MINIMUM.parallelism}`,
      );
    }
    this.#options = chosen;
  }

  hash(password: string): Promise<string> {
    return hash(password, { type: argon2id, version: CURRENT_VERSION, ...this.#options });
  }

  async verify(encoded: string, password: string): Promise<boolean> {
    try {
      return await verify(encoded, password);
    } catch {
      // A stored hash that argon2 cannot read matches no password; throwing would turn
      // one corrupt row into a 500 on log-in instead of INVALID_CREDENTIALS.
      return false;
    }
  }

  /** Also true for a hash this hasher cannot read: nothing shows it is strong enough. */
  needsRehash(encoded: string): boolean {
    const found = parameters(encoded);
    if (found === null) return true;
    const current = this.#options;
    // Written as !(found >= current) so that a missing parameter (NaN) counts as weaker.
    return (
      found.type !== 'argon2id' ||
      !(found.version >= CURRENT_VERSION) ||
      !(found.memoryCost >= current.memoryCost) ||
      !(found.timeCost >= current.timeCost) ||
      !(found.parallelism >= current.parallelism)
    );
  }
}
