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
const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*)$/i;

/**
 * Tokens kept once verified, each under the token itself. A client sends one token for its
 * whole lifetime, and every check a verification makes but the time ones has the same
 * answer each time; fast-jwt keeps an entry no longer than the token's exp, nbf and maxAge
 * allow, so those hold to the millisecond. Tokens that fail are never answered from it.
 * At most this many entries, each as long as a token that got through the Bearer syntax.
 */
const VERIFIED_TOKENS_KEPT = 1000;

function verifiedActor(
  request: FastifyRequest,
  verify: (token: string) => unknown,
  nowSeconds: number,
): Actor {
  const authorization = request.headers.authorization;
  if (authorization === undefined) throw new UnauthenticatedError(false);
  const token = BEARER.exec(authorization)?.[1];
  if (token === undefined) throw new UnauthenticatedError(true);
  let claims: unknown;
  try {
    claims = verify(token);
  } catch {
    // Every verifier fault (signature, algorithm, expiry, nbf, iss, aud, missing claim,
    // malformed token) is the client's, and none of them may become a 500.
    throw new UnauthenticatedError(true);
  }
  const actor = actorFromClaims(claims, nowSeconds + CLOCK_SKEW_SECONDS);
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
  const verify = createVerifier({
    key: settings.secret,
    algorithms: ['HS256'],
    allowedIss: settings.issuer,
    allowedAud: settings.audience,
    // iat too: without it neither the maximum age nor "not issued in the future" can be checked.
    requiredClaims: ['sub', 'role', 'iss', 'aud', 'exp', 'iat'],
    // fast-jwt counts milliseconds.
    maxAge: (settings.maxAgeSeconds ?? DEFAULT_MAX_AGE_SECONDS) * 1000,
    cache: VERIFIED_TOKENS_KEPT,
    cacheKeyBuilder: (token) => token,
  });
  app.decorateRequest('actor', null);
  app.addHook('onRoute', (route) => {
    const roles = route.config?.roles;
    if (roles === undefined) return;
    const authenticate: onRequestHookHandler = (request, _reply, done) => {
      const actor = verifiedActor(request, verify, Math.floor(Date.now() / 1000));
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
