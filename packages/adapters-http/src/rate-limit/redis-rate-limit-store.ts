import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import type { Redis } from 'ioredis';

/**
 * A fixed window in one atomic script: count, start the window's expiry on the first hit,
 * report the time left. A key that somehow lost its expiry gets it back rather than
 * limiting forever.
 */
const FIXED_WINDOW = `
local current = redis.call('INCR', KEYS[1])
if current == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {current, ttl}
`;

/**
 * The shared store for @fastify/rate-limit's `store` option. The plugin's built-in Redis
 * store names each limiter's keys after its route's method and URL, which limiters made
 * with `createRateLimit` do not have (the keys would read "undefinedundefined-"); here each
 * policy already puts its name in the key, so every limiter shares one namespace:
 * `<namespace><policy>:<partition>`.
 */
export function redisRateLimitStore(redis: Redis, namespace: string): FastifyRateLimitStoreCtor {
  return class RedisRateLimitStore implements FastifyRateLimitStore {
    incr(
      key: string,
      callback: (error: Error | null, result?: { current: number; ttl: number }) => void,
      timeWindow: number,
    ): void {
      redis.eval(FIXED_WINDOW, 1, namespace + key, timeWindow).then(
        (reply) => {
          const [current, ttl] = reply as [number, number];
          callback(null, { current, ttl });
        },
        (error: Error) => callback(error),
      );
    }

    child(): FastifyRateLimitStore {
      return this;
    }
  };
}
