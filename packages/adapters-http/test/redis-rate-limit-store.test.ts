import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { RATE_LIMIT_NAMESPACE } from '../src/index.ts';
import { expectProblem } from './support/problems.ts';
import { GENEROUS_LIMITS, PASSWORD, TestWorld } from './support/test-app.ts';

/** The Redis 7 every development and CI machine runs (MACHINE.md). */
const REDIS_URL = 'redis://127.0.0.1:6379';

describe('rate limits shared through Redis', () => {
  // A prefix of its own, so runs never see each other's counters and cleanup is exact.
  const prefix = `food-oms-test:${randomUUID()}:`;
  let redis: Redis;
  /** Sees the raw key names, prefix included. */
  let inspector: Redis;
  const worlds: TestWorld[] = [];

  beforeAll(() => {
    redis = new Redis(REDIS_URL, { keyPrefix: prefix, maxRetriesPerRequest: 1 });
    inspector = new Redis(REDIS_URL);
  });
  afterEach(async () => {
    await Promise.all(worlds.splice(0).map((world) => world.close()));
  });
  afterAll(async () => {
    const keys = await inspector.keys(`${prefix}*`);
    if (keys.length > 0) await inspector.del(...keys);
    inspector.disconnect();
    redis.disconnect();
  });

  async function instance(signupPerMin: number, client: Redis = redis): Promise<TestWorld> {
    const world = await TestWorld.start({ redis: client, rateLimits: { ...GENEROUS_LIMITS, signupPerMin } });
    worlds.push(world);
    return world;
  }

  const signUp = (world: TestWorld, n: number) =>
    world.inject({
      method: 'POST',
      url: '/auth/signup',
      remoteAddress: '203.0.113.77',
      payload: { email: `shared-${n}@example.com`, password: PASSWORD, name: 'S' },
    });

  test('two instances share one budget per client', async () => {
    const [a, b] = [await instance(2), await instance(2)];
    expect((await signUp(a, 1)).statusCode).toBe(201);
    const second = await signUp(b, 2);
    expect(second.statusCode).toBe(201);
    expect(second.headers.ratelimit).toMatch(/^"signup";r=0;t=\d+$/);
    const third = await signUp(a, 3);
    expectProblem(third, 429, 'RATE_LIMITED');
    expect(Number(third.headers['retry-after'])).toBeGreaterThanOrEqual(1);
  });

  test('counters live under food-oms:rl:<policy>:<partition> with the window as expiry', async () => {
    const world = await instance(5);
    await signUp(world, 10);
    const keys = await inspector.keys(`${prefix}${RATE_LIMIT_NAMESPACE}*`);
    expect(keys).toEqual([`${prefix}food-oms:rl:signup:ip:203.0.113.77`]);
    const ttl = await redis.pttl('food-oms:rl:signup:ip:203.0.113.77');
    expect(ttl).toBeGreaterThan(55_000);
    expect(ttl).toBeLessThanOrEqual(60_000);
  });

  test('an unreachable store fails open: requests are served, not refused', async () => {
    const unreachable = new Redis('redis://127.0.0.1:1', {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    // The refused connection is the point of the test, not an unhandled failure.
    unreachable.on('error', () => {});
    const world = await instance(1, unreachable);
    expect((await signUp(world, 20)).statusCode).toBe(201);
    expect((await signUp(world, 21)).statusCode).toBe(201);
    unreachable.disconnect();
  });
});
