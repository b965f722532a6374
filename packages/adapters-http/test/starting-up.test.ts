import { afterEach, describe, expect, test } from 'vitest';
import { LogCapture } from './support/log-capture.ts';
import { expectProblem } from './support/problems.ts';
import { PASSWORD, TestWorld } from './support/test-app.ts';

describe('until the store is prepared', () => {
  let world: TestWorld;
  afterEach(() => world.close());

  test.each([
    ['POST', '/auth/signup'],
    ['POST', '/auth/login'],
    ['GET', '/users/me'],
    ['GET', '/menu-items'],
    ['POST', '/orders'],
    ['GET', '/openapi.json'],
    ['GET', '/nowhere'],
  ])('%s %s is 503 SERVICE_UNAVAILABLE with Retry-After, and served once prepared', async (method, url) => {
    let prepared = false;
    world = await TestWorld.start({ isPrepared: () => prepared });
    const before = await world.inject({
      method: method as 'GET',
      url,
      headers: { 'x-request-id': 'early-1' },
    });
    const problem = expectProblem(before, 503, 'SERVICE_UNAVAILABLE');
    expect(problem.requestId).toBe('early-1');
    expect(before.headers['retry-after']).toBe('5');

    prepared = true;
    const after = await world.inject({ method: method as 'GET', url });
    expect(after.statusCode).not.toBe(503);
  });

  test('a sign-up sent before preparation creates nothing', async () => {
    let prepared = false;
    world = await TestWorld.start({ isPrepared: () => prepared });
    const body = { email: 'early@example.com', password: PASSWORD, name: 'Early' };
    expectProblem(
      await world.inject({ method: 'POST', url: '/auth/signup', payload: body }),
      503,
      'SERVICE_UNAVAILABLE',
    );
    expect(await world.users.findByEmail('early@example.com')).toBeNull();
    prepared = true;
    expect((await world.inject({ method: 'POST', url: '/auth/signup', payload: body })).statusCode).toBe(201);
  });

  test('/health/live answers 200 and /health/ready 503 (the readiness check decides)', async () => {
    world = await TestWorld.start({ isPrepared: () => false, readiness: async () => false });
    expect((await world.inject({ method: 'GET', url: '/health/live' })).statusCode).toBe(200);
    expectProblem(await world.inject({ method: 'GET', url: '/health/ready' }), 503, 'SERVICE_UNAVAILABLE');
  });

  test('a not-ready poll and a starting 503 are each logged once, at info, without a stack', async () => {
    const capture = new LogCapture();
    world = await TestWorld.start({
      isPrepared: () => false,
      readiness: async () => {
        throw new Error('connect ECONNREFUSED 10.0.0.7:27017');
      },
      logger: { level: 'info', stream: capture },
    });
    await world.inject({ method: 'GET', url: '/health/ready', headers: { 'x-request-id': 'probe-1' } });
    await world.inject({ method: 'GET', url: '/menu-items', headers: { 'x-request-id': 'early-2' } });
    for (const requestId of ['probe-1', 'early-2']) {
      const lines = capture.lines.filter((line) => line.requestId === requestId);
      expect(lines.map((line) => [line.level, line.msg])).toEqual([
        [30, 'incoming request'],
        [30, expect.any(String)],
        [30, 'request completed'],
      ]);
      expect(lines[1]).toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
      expect(lines[1]).not.toHaveProperty('err');
    }
    expect(capture.text).not.toContain('ECONNREFUSED');
  });
});
