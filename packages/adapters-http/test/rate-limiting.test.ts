import { afterEach, describe, expect, test } from 'vitest';
import { expectProblem } from './support/problems.ts';
import { GENEROUS_LIMITS, PASSWORD, TestWorld } from './support/test-app.ts';

const POLICY = /^"([a-z-]+)";q=(\d+);w=60$/;
const REMAINING = /^"([a-z-]+)";r=(\d+);t=(\d+)$/;

describe('rate limiting', () => {
  let world: TestWorld;
  afterEach(() => world.close());

  const signUp = (n: number, remoteAddress = '203.0.113.7', headers: Record<string, string> = {}) =>
    world.inject({
      method: 'POST',
      url: '/auth/signup',
      remoteAddress,
      headers,
      payload: { email: `user-${n}@example.com`, password: PASSWORD, name: 'U' },
    });

  test('signup per IP: the request over the limit is a 429 problem with Retry-After and no-store', async () => {
    world = await TestWorld.start({ rateLimits: { ...GENEROUS_LIMITS, signupPerMin: 2 } });
    const first = await signUp(1);
    const second = await signUp(2);
    expect([first.statusCode, second.statusCode]).toEqual([201, 201]);
    expect(first.headers['ratelimit-policy']).toBe('"signup";q=2;w=60');
    expect(first.headers.ratelimit).toMatch(/^"signup";r=1;t=(60|59)$/);
    expect(second.headers.ratelimit).toMatch(/^"signup";r=0;t=\d+$/);

    const third = await signUp(3, '203.0.113.7', { 'x-request-id': 'too-many-1' });
    const problem = expectProblem(third, 429, 'RATE_LIMITED');
    expect(problem.requestId).toBe('too-many-1');
    expect(Number(third.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(Number(third.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect(third.headers['cache-control']).toBe('no-store');
    expect(third.headers.ratelimit).toMatch(/^"signup";r=0;t=\d+$/);

    expect((await signUp(4, '198.51.100.1')).statusCode).toBe(201);
  });

  test('with trustProxy false a forged X-Forwarded-For does not buy a fresh budget', async () => {
    world = await TestWorld.start({ rateLimits: { ...GENEROUS_LIMITS, signupPerMin: 1 } });
    expect((await signUp(1, '203.0.113.7', { 'x-forwarded-for': '192.0.2.1' })).statusCode).toBe(201);
    expectProblem(await signUp(2, '203.0.113.7', { 'x-forwarded-for': '192.0.2.2' }), 429, 'RATE_LIMITED');
  });

  test('behind one trusted proxy hop, each forwarded client has its own budget', async () => {
    world = await TestWorld.start({ trustProxy: 1, rateLimits: { ...GENEROUS_LIMITS, signupPerMin: 1 } });
    const proxy = '10.0.0.2';
    expect((await signUp(1, proxy, { 'x-forwarded-for': '192.0.2.1' })).statusCode).toBe(201);
    expect((await signUp(2, proxy, { 'x-forwarded-for': '192.0.2.2' })).statusCode).toBe(201);
    expectProblem(await signUp(3, proxy, { 'x-forwarded-for': '192.0.2.1' }), 429, 'RATE_LIMITED');
  });

  test('behind a proxy trusted by address, only that proxy may forward', async () => {
    world = await TestWorld.start({
      trustProxy: ['10.0.0.0/8'],
      rateLimits: { ...GENEROUS_LIMITS, signupPerMin: 1 },
    });
    expect((await signUp(1, '10.0.0.2', { 'x-forwarded-for': '192.0.2.1' })).statusCode).toBe(201);
    expect((await signUp(2, '10.0.0.2', { 'x-forwarded-for': '192.0.2.2' })).statusCode).toBe(201);
    expect((await signUp(3, '203.0.113.9', { 'x-forwarded-for': '192.0.2.3' })).statusCode).toBe(201);
    expectProblem(await signUp(4, '203.0.113.9', { 'x-forwarded-for': '192.0.2.4' }), 429, 'RATE_LIMITED');
  });

  describe('login: per IP and, separately, per email', () => {
    const logIn = (email: string, remoteAddress: string) =>
      world.inject({
        method: 'POST',
        url: '/auth/login',
        remoteAddress,
        payload: { email, password: 'wrong password' },
      });

    test('many IPs guessing one account are stopped by the per-email budget, whatever the spelling', async () => {
      world = await TestWorld.start({ rateLimits: { ...GENEROUS_LIMITS, loginPerMin: 3 } });
      await world.caller('customer', 'ann@example.com');
      const spellings = ['ann@example.com', 'ANN@example.com', ' Ann@Example.com '];
      for (const [i, email] of spellings.entries()) {
        expectProblem(await logIn(email, `192.0.2.${i + 1}`), 401, 'INVALID_CREDENTIALS');
      }
      const blocked = await logIn('ann@example.com', '192.0.2.99');
      expectProblem(blocked, 429, 'RATE_LIMITED');
      expect(blocked.headers['ratelimit-policy']).toBe('"login-ip";q=3;w=60, "login-email";q=3;w=60');
      expect(blocked.headers.ratelimit).toMatch(/^"login-ip";r=2;t=\d+, "login-email";r=0;t=\d+$/);
      // The rest of the service, and other accounts, are unaffected.
      expectProblem(await logIn('bob@example.com', '192.0.2.99'), 401, 'INVALID_CREDENTIALS');
    });

    test('one IP guessing many accounts is stopped by the per-IP budget', async () => {
      world = await TestWorld.start({ rateLimits: { ...GENEROUS_LIMITS, loginPerMin: 3 } });
      for (let i = 0; i < 3; i += 1) {
        expectProblem(await logIn(`user-${i}@example.com`, '203.0.113.50'), 401, 'INVALID_CREDENTIALS');
      }
      const blocked = await logIn('someone-else@example.com', '203.0.113.50');
      expectProblem(blocked, 429, 'RATE_LIMITED');
      expect(blocked.headers.ratelimit).toMatch(/^"login-ip";r=0;t=\d+$/);
    });

    test('each login response advertises both policies', async () => {
      world = await TestWorld.start({ rateLimits: { ...GENEROUS_LIMITS, loginPerMin: 10 } });
      const response = await logIn('ann@example.com', '192.0.2.1');
      const policies = String(response.headers['ratelimit-policy']).split(', ');
      const remaining = String(response.headers.ratelimit).split(', ');
      expect(policies.map((member) => POLICY.exec(member)?.slice(1, 3))).toEqual([
        ['login-ip', '10'],
        ['login-email', '10'],
      ]);
      expect(remaining.map((member) => REMAINING.exec(member)?.slice(1, 3))).toEqual([
        ['login-ip', '9'],
        ['login-email', '9'],
      ]);
    });
  });

  test('order creation is per user: two customers behind one IP have a budget each', async () => {
    world = await TestWorld.start({ rateLimits: { ...GENEROUS_LIMITS, orderCreatePerMin: 1 } });
    const [ann, bob] = [await world.caller('customer'), await world.caller('customer')];
    const item = await world.menuItem();
    const place = (caller: typeof ann, key: string) =>
      world.inject({
        method: 'POST',
        url: '/orders',
        remoteAddress: '203.0.113.7',
        headers: { ...caller.headers, 'idempotency-key': key },
        payload: { items: [{ menuItemId: item.id, quantity: 1 }] },
      });
    const first = await place(ann, 'a1');
    expect(first.statusCode).toBe(201);
    expect(first.headers['ratelimit-policy']).toBe('"orders-create";q=1;w=60');
    expect((await place(bob, 'b1')).statusCode).toBe(201);
    expectProblem(await place(ann, 'a2'), 429, 'RATE_LIMITED');
  });

  test('status changes are per user', async () => {
    world = await TestWorld.start({ rateLimits: { ...GENEROUS_LIMITS, orderUpdatePerMin: 1 } });
    const customer = await world.caller('customer');
    const kitchen = await world.caller('kitchen');
    const url = `/orders/${(await world.placedOrder(customer)).id}/status`;
    const confirmed = await world.inject({
      method: 'PATCH',
      url,
      headers: kitchen.headers,
      payload: { status: 'CONFIRMED' },
    });
    expect(confirmed.statusCode).toBe(200);
    expect(confirmed.headers['ratelimit-policy']).toBe('"orders-status";q=1;w=60');
    expectProblem(
      await world.inject({
        method: 'PATCH',
        url,
        headers: kitchen.headers,
        payload: { status: 'PREPARING' },
      }),
      429,
      'RATE_LIMITED',
    );
    // The customer's budget is untouched: the 409 comes from the state machine, not the limiter.
    expectProblem(
      await world.inject({
        method: 'PATCH',
        url,
        headers: customer.headers,
        payload: { status: 'CANCELLED' },
      }),
      409,
      'INVALID_TRANSITION',
    );
  });

  test('admin writes share one budget per admin across users and menu', async () => {
    world = await TestWorld.start({ rateLimits: { ...GENEROUS_LIMITS, adminPerMin: 2 } });
    const admin = await world.caller('admin');
    const other = await world.caller('admin');
    const item = await world.menuItem();
    const write = (caller: typeof admin, method: 'POST' | 'PATCH', url: string, payload: object) =>
      world.inject({ method, url, headers: caller.headers, payload });

    expect((await write(admin, 'POST', '/menu-items', { name: 'Dish', priceCents: 100 })).statusCode).toBe(
      201,
    );
    const patched = await write(admin, 'PATCH', `/menu-items/${item.id}`, { priceCents: 120 });
    expect(patched.statusCode).toBe(200);
    expect(patched.headers['ratelimit-policy']).toBe('"admin-writes";q=2;w=60');
    const user = { email: 'cook@example.com', password: PASSWORD, name: 'Cook', role: 'kitchen' };
    expectProblem(await write(admin, 'POST', '/users', user), 429, 'RATE_LIMITED');
    expect((await write(other, 'POST', '/users', user)).statusCode).toBe(201);
  });

  test('reads, health and docs are never limited and carry no rate-limit headers', async () => {
    world = await TestWorld.start({
      rateLimits: {
        signupPerMin: 1,
        loginPerMin: 1,
        orderCreatePerMin: 1,
        orderUpdatePerMin: 1,
        adminPerMin: 1,
      },
    });
    const customer = await world.caller('customer');
    for (const url of [
      '/menu-items',
      '/orders',
      '/users/me',
      '/health/live',
      '/health/ready',
      '/openapi.json',
    ]) {
      for (let i = 0; i < 3; i += 1) {
        const response = await world.inject({ method: 'GET', url, headers: customer.headers });
        expect(response.statusCode).toBe(200);
        expect(response.headers['ratelimit-policy']).toBeUndefined();
        expect(response.headers.ratelimit).toBeUndefined();
      }
    }
  });
});
