import type { PasswordHasher } from '../ports/password-hasher.ts';
import { fakeDigest } from './fake-digest.ts';

const FORMAT = /^fake\$cost=(\d+)\$([0-9a-f]{64})$/;

/**
 * An instant, deterministic stand-in for the argon2 hasher that still behaves like one:
 * a hash records the cost it was made with, `verify` compares, and `needsRehash` is true
 * for hashes made at a lower cost than the current one (raise it with `setCost`). It
 * counts the work done, because "log-in verifies even for an unknown email" is a timing
 * property that only the amount of hashing work can show.
 */
export class FakePasswordHasher implements PasswordHasher {
  #cost: number;
  #hashCalls = 0;
  #verifyCalls = 0;

  constructor(options: { readonly cost?: number } = {}) {
    this.#cost = options.cost ?? 1;
  }

  get hashCalls(): number {
    return this.#hashCalls;
  }

  get verifyCalls(): number {
    return this.#verifyCalls;
  }

  setCost(cost: number): void {
    this.#cost = cost;
  }

  async hash(password: string): Promise<string> {
    this.#hashCalls += 1;
    return `fake$cost=${this.#cost}$${fakeDigest(password)}`;
  }

  async verify(hash: string, password: string): Promise<boolean> {
    this.#verifyCalls += 1;
    return FORMAT.exec(hash)?.[2] === fakeDigest(password);
  }

  needsRehash(hash: string): boolean {
    const cost = FORMAT.exec(hash)?.[1];
    return cost === undefined || Number(cost) < this.#cost;
  }
}
