import fastifyRateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Redis } from 'ioredis';
import { RateLimitedError } from '../errors/http-errors.ts';
import { withRouteHook } from '../http/route-hooks.ts';
import type { HttpMetrics } from '../observability/http-metrics.ts';
import {
  type RateLimitPolicy,
  type RateLimitPolicyName,
  type RateLimits,
  rateLimitPolicies,
} from './rate-limit-policies.ts';
import { redisRateLimitStore } from './redis-rate-limit-store.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The budgets a request to this route spends, in order; absent means not limited. */
    rateLimits?: readonly RateLimitPolicyName[];
  }
}

export const RATE_LIMIT_NAMESPACE = 'food-oms:rl:';

interface Limiter {
  readonly policy: RateLimitPolicy;
  readonly consume: ReturnType<FastifyInstance['createRateLimit']>;
}

/** Adds one member to a Structured Fields List header (RFC 9651), keeping those already there. */
function appendListMember(reply: FastifyReply, field: string, member: string): void {
  const existing = reply.getHeader(field);
  reply.header(field, typeof existing === 'string' ? `${existing}, ${member}` : member);
}

/**
 * Spends one unit of `limiter`'s budget and advertises it in the format of
 * draft-ietf-httpapi-ratelimit-headers-10 (the same since -08): `RateLimit-Policy:
 * "<name>";q=<quota>;w=<window s>` and `RateLimit: "<name>";r=<remaining>;t=<reset s>`,
 * one list member per policy the route spends. The plugin's own headers follow an older
 * revision (RateLimit-Limit/-Remaining/-Reset), so they are not used.
 */
async function spend(
  limiter: Limiter,
  request: FastifyRequest,
  reply: FastifyReply,
  metrics: HttpMetrics,
): Promise<void> {
  const { policy } = limiter;
  let outcome: Awaited<ReturnType<Limiter['consume']>>;
  try {
    outcome = await limiter.consume(request);
  } catch (error) {
    // A store outage must not take the API down with it: fail open, loudly, and the
    // limits hold again as soon as the store answers.
    request.log.warn({ err: error, policy: policy.name }, 'rate-limit store failed; request not limited');
    return;
  }
  // Only an allow-list makes a request exempt, and none is configured.
  if (outcome.isAllowed) return;
  appendListMember(reply, 'ratelimit-policy', `"${policy.name}";q=${policy.quota};w=${policy.windowSeconds}`);
  appendListMember(reply, 'ratelimit', `"${policy.name}";r=${outcome.remaining};t=${outcome.ttlInSeconds}`);
  if (outcome.isExceeded) {
    metrics.rateLimited(policy.name);
    throw new RateLimitedError(Math.max(1, outcome.ttlInSeconds));
  }
}

/**
 * Rate limiting with @fastify/rate-limit's counters, per route `config.rateLimits`. Only
 * the routes that spend a budget get hooks, after authentication's, so per-user budgets
 * know the user; limiters of the preHandler stage see the validated body. Must be called
 * after registerAuthentication and before the routes. With `redis`, every instance shares
 * the counters; otherwise they live in this process.
 */
export async function registerRateLimiting(
  app: FastifyInstance,
  options: {
    readonly limits: RateLimits;
    readonly redis?: Redis | undefined;
    readonly metrics: HttpMetrics;
  },
): Promise<void> {
  await app.register(fastifyRateLimit, {
    global: false,
    ...(options.redis !== undefined && { store: redisRateLimitStore(options.redis, RATE_LIMIT_NAMESPACE) }),
  });
  const limiters = new Map<RateLimitPolicyName, Limiter>(
    Object.values(rateLimitPolicies(options.limits)).map((policy) => [
      policy.name,
      {
        policy,
        consume: app.createRateLimit({
          max: policy.quota,
          timeWindow: policy.windowSeconds * 1000,
          keyGenerator: (request) => `${policy.name}:${policy.partition(request)}`,
        }),
      },
    ]),
  );
  const limitersOf = (names: readonly RateLimitPolicyName[], stage: RateLimitPolicy['stage']) =>
    names.flatMap((name) => {
      const limiter = limiters.get(name);
      return limiter?.policy.stage === stage ? [limiter] : [];
    });
  app.addHook('onRoute', (route) => {
    const names = route.config?.rateLimits ?? [];
    for (const stage of ['onRequest', 'preHandler'] as const) {
      const spent = limitersOf(names, stage);
      if (spent.length === 0) continue;
      const spendAll = async (request: FastifyRequest, reply: FastifyReply) => {
        for (const limiter of spent) await spend(limiter, request, reply, options.metrics);
      };
      route[stage] = withRouteHook(route[stage], spendAll);
    }
  });
}
