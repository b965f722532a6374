import type { AccessToken, TokenIssuer } from '@food-oms/application';
import type { Role, UserId } from '@food-oms/domain';
import { createSigner } from 'fast-jwt';

/** HS256 keys shorter than the hash output weaken it (RFC 7518 §3.2): 256 bits at least. */
export const MIN_JWT_SECRET_BYTES = 32;

export interface JwtTokenIssuerOptions {
  readonly secret: string;
  readonly issuer: string;
  readonly audience: string;
  readonly ttlSeconds: number;
  /** Epoch milliseconds; tests pin it to mint tokens that are already expired or not yet valid. */
  readonly now?: () => number;
}

/**
 * Issues the access tokens the HTTP layer verifies: HS256 with claims sub, role, iss, aud,
 * iat and exp. It signs with fast-jwt, the library the authentication hook verifies with, so
 * the two sides agree on every encoding detail.
 */
export class JwtTokenIssuer implements TokenIssuer {
  readonly #sign: (payload: Record<string, unknown>) => string;
  readonly #ttlSeconds: number;
  readonly #now: () => number;

  constructor(options: JwtTokenIssuerOptions) {
    if (Buffer.byteLength(options.secret, 'utf8') < MIN_JWT_SECRET_BYTES) {
      throw new Error(`The JWT secret must be at least ${MIN_JWT_SECRET_BYTES} bytes long.`);
    }
    if (!Number.isSafeInteger(options.ttlSeconds) || options.ttlSeconds <= 0) {
      throw new Error('The token lifetime must be a positive whole number of seconds.');
    }
    this.#sign = createSigner({
      key: options.secret,
      algorithm: 'HS256',
      iss: options.issuer,
      aud: options.audience,
      expiresIn: options.ttlSeconds * 1000,
    });
    this.#ttlSeconds = options.ttlSeconds;
    this.#now = options.now ?? Date.now;
  }

  async issue(subject: { readonly id: UserId; readonly role: Role }): Promise<AccessToken> {
    // fast-jwt computes exp from this iat, so both follow the injected clock.
    const iat = Math.floor(this.#now() / 1000);
    return {
      accessToken: this.#sign({ sub: subject.id, role: subject.role, iat }),
      expiresIn: this.#ttlSeconds,
    };
  }
}
