import { createHash } from 'node:crypto';
import { normalizeIP } from '@fastify/rate-limit';
import { canonicalEmail } from '@food-oms/domain';
import type { FastifyRequest } from 'fastify';

export interface RateLimits {
  readonly signupPerMin: number;
  readonly loginPerMin: number;
  readonly orderCreatePerMin: number;
  readonly orderUpdatePerMin: number;
  readonly adminPerMin: number;
}

export type RateLimitPolicyName =
  | 'signup'
  | 'login-ip'
  | 'login-email'
  | 'orders-create'
  | 'orders-status'
  | 'admin-writes';

export interface RateLimitPolicy {
  readonly name: RateLimitPolicyName;
  readonly quota: number;
  readonly windowSeconds: number;
  /** onRequest counts every attempt, even unparseable ones; preHandler can read the validated body. */
  readonly stage: 'onRequest' | 'preHandler';
  /** Whose budget a request spends. */
  readonly partition: (request: FastifyRequest) => string;
}

const WINDOW_SECONDS = 60;

/** IPv6 clients are grouped by /64, the block one host usually gets, as @fastify/rate-limit does. */
function clientIp(request: FastifyRequest): string {
  return `ip:${normalizeIP(request.ip)}`;
}

/** Per user once authenticated (auth runs first), so users behind one NAT do not share a budget. */
function callerOrIp(request: FastifyRequest): string {
  return request.actor === null ? clientIp(request) : `user:${request.actor.id}`;
}

/**
 * The canonical email, hashed so no address is written to the shared store. Both spellings
 * of one account (" Ann@X.io", "ann@x.io") spend one budget.
 *
 * Lock-out trade-off: anyone who knows an address can spend its budget and so delay that
 * user's log-in. The window is fixed and short (one minute, no escalation or ban), so the
 * delay is bounded by one window; the per-IP limiter caps how many accounts one client can
 * do this to; and without this limiter a botnet could guess one password from many IPs.
 */
function loginEmail(request: FastifyRequest): string {
  // Runs at preHandler: the login body schema has already made `email` a string.
  const { email } = request.body as { readonly email: string };
  return `email:${createHash('sha256').update(canonicalEmail(email)).digest('hex')}`;
}

export function rateLimitPolicies(
  limits: RateLimits,
): Readonly<Record<RateLimitPolicyName, RateLimitPolicy>> {
  const policy = (
    name: RateLimitPolicyName,
    quota: number,
    partition: RateLimitPolicy['partition'],
    stage: RateLimitPolicy['stage'] = 'onRequest',
  ): RateLimitPolicy => ({ name, quota, windowSeconds: WINDOW_SECONDS, stage, partition });
  return {
    signup: policy('signup', limits.signupPerMin, clientIp),
    'login-ip': policy('login-ip', limits.loginPerMin, clientIp),
    'login-email': policy('login-email', limits.loginPerMin, loginEmail, 'preHandler'),
    'orders-create': policy('orders-create', limits.orderCreatePerMin, callerOrIp),
    'orders-status': policy('orders-status', limits.orderUpdatePerMin, callerOrIp),
    'admin-writes': policy('admin-writes', limits.adminPerMin, callerOrIp),
  };
}
