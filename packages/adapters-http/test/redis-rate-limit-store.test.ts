import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { RATE_LIMIT_NAMESPACE } from '../src/index.ts';
import { expectProblem } from './support/problems.ts';
import { GENEROUS_LIMITS, PASSWORD, TestWorld } from './support/test-app.ts';

/** A Redis to share counters through; without one this suite is skipped (printed), or fails under REQUIRE_REDIS=1. */
const REDIS_URL = process.env.REDIS_URL || undefined;
const NO_REDIS = 'REDIS_URL is not set, so there is no Redis to share rate-limit counters through';

describe.skipIf(REDIS_URL !== undefined)('rate limits shared through Redis, without REDIS_URL', () => {
  test('are skipped with the reason printed, unless REQUIRE_REDIS=1 demands them', (context) => {
    if (process.env.REQUIRE_REDIS === '1') throw new Error(`REQUIRE_REDIS=1, but ${NO_REDIS}`);
    console.warn(`[redis] Redis rate-limit store suite: SKIPPED, ${NO_REDIS}`);
    context.skip(NO_REDIS);
  });
});

describe.runIf(REDIS_URL !== undefined)('rate limits shared through Redis', () => {
  const url = REDIS_URL ?? '';
  // A prefix of its own, so runs never see each other's counters and cleanup is exact.
  const prefix = `food-oms-test:${randomUUID()}:`;
  let redis: Redis;
  /** Sees the raw key names, prefix included. */
  let inspector: Redis;
  const worlds: TestWorld[] = [];

  beforeAll(() => {
    redis = new Redis(url, { keyPrefix: prefix, maxRetriesPerRequest: 1 });
    inspector = new Redis(url);
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
