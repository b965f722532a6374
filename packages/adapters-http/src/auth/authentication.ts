import { type Actor, ForbiddenError, type Role } from '@food-oms/domain';
import { createVerifier } from 'fast-jwt';
import type { FastifyInstance, FastifyRequest, onRequestHookHandler } from 'fastify';
import { UnauthenticatedError } from '../errors/http-errors.ts';
import { withRouteHook } from '../http/route-hooks.ts';
import { actorFromClaims } from './access-token-claims.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Who may call the route; absent means public. Checked in ONE hook, never in handlers. */
    roles?: readonly Role[];
  }
  interface FastifyRequest {
    /** Set by the authentication hook on every route that declares `roles`. */
    actor: Actor | null;
  }
}

export interface AuthSettings {
  readonly secret: string;
  readonly issuer: string;
  readonly audience: string;
  /**
   * The longest a token may live, counted from its iat: the lifetime this server issues
   * (JWT_TTL_SECONDS), so a token minted with a far `exp` dies like any other.
   * Default: 86 400, the longest lifetime the configuration allows.
   */
  readonly maxAgeSeconds?: number;
}

/** How far ahead of this server's clock another instance's may be when it issues a token. */
const CLOCK_SKEW_SECONDS = 30;
const DEFAULT_MAX_AGE_SECONDS = 86_400;

// RFC 6750 §2.1: "Bearer" 1*SP b64token; the scheme name is case-insensitive (RFC 9110 §11.1).
const BEARER_SCHEME = /^Bearer +/i;
const B64TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;

/** At most this many verified tokens are kept, each as long as a token that got through the Bearer syntax. */
const VERIFIED_TOKENS_KEPT = 1000;

/**
 * How many of a token's last characters key it among those kept: the end of its signature, an
 * HMAC, which two tokens this server issued share only by chance (about 2^-130 here). A kept
 * token is matched whole, so a token that shares them with another is only verified anew.
 */
const KEY_CHARACTERS = 22;

/** A verified token's claims, and the span of time (ms) in which its verification holds. */
interface Kept {
  readonly token: string;
  readonly claims: unknown;
  readonly from: number;
  readonly until: number;
}

/**
 * Tokens kept once verified, each matched whole, under its last characters (KEY_CHARACTERS):
 * a token arrives as a new string with each request, and a key of the whole token would make
 * every request hash 200 characters and more. A client sends one token for its whole
 * lifetime, and every check a verification makes but the time ones has the same answer each
 * time; an entry holds from the token's nbf (when it has one) until the first of its exp and
 * its iat plus the maximum age, the bounds fast-jwt's own checks apply, so those hold to the
 * millisecond. A token that fails is never kept; the oldest entry goes first.
 *
 * fast-jwt's own cache is off: under its default key (a SHA-256 of the token) a quarter of
 * the CPU of a read went into hashing, and under a key of its caller's it warns at every start
 * that two tokens might share an entry. Here two tokens may share a key, never an entry.
 */
class VerifiedTokens {
  readonly #kept = new Map<string, Kept>();
  readonly #verify: (token: string) => unknown;
  readonly #maxAgeMs: number;

  constructor(verify: (token: string) => unknown, maxAgeMs: number) {
    this.#verify = verify;
    this.#maxAgeMs = maxAgeMs;
  }

  /**
   * The token's claims, or throws: what the verification threw, or a TypeError for a token
   * that is not a b64token (checked before it is verified; a kept token passed it already).
   */
  claimsOf(token: string, nowMs: number): unknown {
    const key = token.slice(-KEY_CHARACTERS); // the whole token when it is shorter
    const kept = this.#kept.get(key);
    if (kept?.token === token) {
      if (nowMs >= kept.from && nowMs <= kept.until) return kept.claims;
      this.#kept.delete(key);
    }
    if (!B64TOKEN.test(token)) throw new TypeError('The credential is not a b64token.');
    const claims = this.#verify(token);
    const { exp, iat, nbf } = (claims ?? {}) as { exp?: unknown; iat?: unknown; nbf?: unknown };
    if (typeof exp === 'number' && typeof iat === 'number') {
      this.#kept.delete(key); // another token kept under the same key: this one takes its place
      if (this.#kept.size >= VERIFIED_TOKENS_KEPT)
        this.#kept.delete(this.#kept.keys().next().value as string);
      const from = typeof nbf === 'number' ? nbf * 1000 : Number.NEGATIVE_INFINITY;
      const until = Math.min(exp * 1000, iat * 1000 + this.#maxAgeMs);
      this.#kept.set(key, { token, claims, from, until });
    }
    return claims;
  }
}

function verifiedActor(request: FastifyRequest, tokens: VerifiedTokens, nowMs: number): Actor {
  const authorization = request.headers.authorization;
  if (authorization === undefined) throw new UnauthenticatedError(false);
  const scheme = BEARER_SCHEME.exec(authorization);
  if (scheme === null) throw new UnauthenticatedError(true);
  const token = authorization.slice(scheme[0].length);
  let claims: unknown;
  try {
    claims = tokens.claimsOf(token, nowMs);
  } catch {
    // Every verifier fault (signature, algorithm, expiry, nbf, iss, aud, missing claim,
    // malformed token) is the client's, and none of them may become a 500.
    throw new UnauthenticatedError(true);
  }
  const actor = actorFromClaims(claims, Math.floor(nowMs / 1000) + CLOCK_SKEW_SECONDS);
  if (actor === null) throw new UnauthenticatedError(true);
  return actor;
}

/**
 * Verifies access tokens (HS256 only, issuer and audience pinned, sub/role/iss/aud/exp/iat
 * required, no older than the maximum age, not issued in the future) and enforces each
 * route's `config.roles`. Runs as an onRequest hook of each route that declares roles, so
 * public routes carry none; route hooks run after the app's (request id, CORS, draining,
 * strict input), and before the rate limiters', so limits can be kept per user. Must be
 * called before the routes are added.
 */
export function registerAuthentication(app: FastifyInstance, settings: AuthSettings): void {
  const maxAgeMs = (settings.maxAgeSeconds ?? DEFAULT_MAX_AGE_SECONDS) * 1000;
  const verify = createVerifier({
    key: settings.secret,
    algorithms: ['HS256'],
    allowedIss: settings.issuer,
    allowedAud: settings.audience,
    // iat too: without it neither the maximum age nor "not issued in the future" can be checked.
    requiredClaims: ['sub', 'role', 'iss', 'aud', 'exp', 'iat'],
    // fast-jwt counts milliseconds.
    maxAge: maxAgeMs,
    cache: false,
  });
  const tokens = new VerifiedTokens(verify, maxAgeMs);
  app.decorateRequest('actor', null);
  app.addHook('onRoute', (route) => {
    const roles = route.config?.roles;
    if (roles === undefined) return;
    const authenticate: onRequestHookHandler = (request, _reply, done) => {
      const actor = verifiedActor(request, tokens, Date.now());
      if (!roles.includes(actor.role)) {
        throw new ForbiddenError(`This operation is only for: ${roles.join(', ')}.`);
      }
      request.actor = actor;
      done();
    };
    route.onRequest = withRouteHook(route.onRequest, authenticate);
  });
}

/** The authenticated caller of a route that declares `roles`. */
export function actorOf(request: FastifyRequest): Actor {
  if (request.actor === null) {
    throw new Error(`${request.method} ${request.routeOptions.url} reads the actor but declares no roles`);
  }
  return request.actor;
}
