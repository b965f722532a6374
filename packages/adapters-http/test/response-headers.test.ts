import { type JWTPayload, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { expectProblem } from './support/problems.ts';
import { type Caller, PASSWORD, TEST_AUTH, TestWorld } from './support/test-app.ts';

const KEY = new TextEncoder().encode(TEST_AUTH.secret);
const NOW = () => Math.floor(Date.now() / 1000);

describe('response headers', () => {
  let world: TestWorld;
  let customer: Caller;
  let admin: Caller;

  beforeAll(async () => {
    world = await TestWorld.start();
    customer = await world.caller('customer', 'headers-customer@example.com');
    admin = await world.caller('admin');
  });
  afterAll(() => world.close());

  test.each([
    ['a success', { method: 'GET', url: '/health/live' }, 200],
    ['a 401', { method: 'GET', url: '/users/me' }, 401],
    ['a 404', { method: 'GET', url: '/nowhere' }, 404],
    ['a URL fault', { method: 'GET', url: '/orders/%zz' }, 400],
    [
      'a 415',
      { method: 'POST', url: '/auth/login', headers: { 'content-type': 'text/html' }, payload: '<p>' },
      415,
    ],
  ] as const)('%s carries X-Content-Type-Options: nosniff', async (_what, request, status) => {
    const response = await world.inject(request);
    expect(response.statusCode).toBe(status);
    expect(response.headers['x-content-type-options']).toBe('nosniff');
  });

  describe('Cache-Control', () => {
    test('tokens and accounts: no-store', async () => {
      const login = await world.inject({
        method: 'POST',
        url: '/auth/login',
        payload: { email: 'headers-customer@example.com', password: PASSWORD },
      });
      const signup = await world.inject({
        method: 'POST',
        url: '/auth/signup',
        payload: { email: 'headers-new@example.com', password: PASSWORD, name: 'New' },
      });
      const me = await world.inject({ method: 'GET', url: '/users/me', headers: customer.headers });
      const staff = await world.inject({
        method: 'POST',
        url: '/users',
        headers: admin.headers,
        payload: { email: 'headers-kim@example.com', password: PASSWORD, name: 'Kim', role: 'kitchen' },
      });
      for (const [response, status] of [
        [login, 200],
        [signup, 201],
        [me, 200],
        [staff, 201],
      ] as const) {
        expect(response.statusCode, response.body).toBe(status);
        expect(response.headers['cache-control']).toBe('no-store');
      }
    });

    test('an order, read, placed or moved: private, no-cache with its ETag; a page of orders: no-store', async () => {
      const item = await world.menuItem();
      const placed = await world.inject({
        method: 'POST',
        url: '/orders',
        headers: { ...customer.headers, 'idempotency-key': 'cache-1' },
        payload: { items: [{ menuItemId: item.id, quantity: 1 }] },
      });
      const id = placed.json().order.id;
      const read = await world.inject({ method: 'GET', url: `/orders/${id}`, headers: customer.headers });
      const moved = await world.inject({
        method: 'PATCH',
        url: `/orders/${id}/status`,
        headers: admin.headers,
        payload: { status: 'CONFIRMED' },
      });
      const page = await world.inject({ method: 'GET', url: '/orders', headers: customer.headers });
      for (const response of [placed, read, moved]) {
        expect(response.statusCode, response.body).toBeLessThan(300);
        expect(response.headers['cache-control']).toBe('private, no-cache');
        expect(response.headers.etag).toMatch(/^"v\d+"$/);
      }
      expect(page.statusCode, page.body).toBe(200);
      expect(page.headers['cache-control']).toBe('no-store');
    });
  });

  describe('token age', () => {
    const tokenWith = (times: { iat?: number; exp: number }) =>
      new SignJWT({
        sub: customer.user.id,
        role: 'customer',
        iss: TEST_AUTH.issuer,
        aud: TEST_AUTH.audience,
        ...times,
      } as JWTPayload)
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .sign(KEY);
    const me = async (token: string) =>
      world.inject({ method: 'GET', url: '/users/me', headers: { authorization: `Bearer ${token}` } });

    test('a token within the maximum age is accepted', async () => {
      expect((await me(await tokenWith({ iat: NOW() - 60, exp: NOW() + 600 }))).statusCode).toBe(200);
    });

    test.each([
      [
        'older than the maximum age although exp is years away',
        { iat: NOW() - 901, exp: NOW() + 10 * 365 * 86_400 },
      ],
      ['issued an hour in the future', { iat: NOW() + 3600, exp: NOW() + 4000 }],
      ['without iat', { exp: NOW() + 600 }],
    ])('a token %s is 401', async (_what, times) => {
      expectProblem(await me(await tokenWith(times)), 401, 'UNAUTHENTICATED');
    });
  });
});
