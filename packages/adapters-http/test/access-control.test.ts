import type { Role } from '@food-oms/domain';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { expectProblem } from './support/problems.ts';
import { type Caller, TestWorld } from './support/test-app.ts';

/** One valid request per protected route, for a caller of each role (the customer owns the order). */
interface RouteCase {
  readonly name: string;
  readonly allowed: readonly Role[];
  readonly success: number;
  readonly request: (caller: Caller) => Promise<Parameters<TestWorld['inject']>[0]>;
}

describe('role-based access, declared per route', () => {
  let world: TestWorld;
  const callers = {} as Record<Role, Caller>;
  let seq = 0;

  beforeAll(async () => {
    world = await TestWorld.start();
    callers.customer = await world.caller('customer');
    callers.kitchen = await world.caller('kitchen');
    callers.admin = await world.caller('admin');
  });
  afterAll(() => world.close());

  async function customerOrder(): Promise<string> {
    return (await world.placedOrder(callers.customer)).id;
  }

  const routes: RouteCase[] = [
    {
      name: 'GET /users/me',
      allowed: ['customer', 'kitchen', 'admin'],
      success: 200,
      request: async () => ({ method: 'GET', url: '/users/me' }),
    },
    {
      name: 'POST /users',
      allowed: ['admin'],
      success: 201,
      request: async () => {
        seq += 1;
        return {
          method: 'POST',
          url: '/users',
          payload: {
            email: `cook-${seq}@example.com`,
            password: 'long enough',
            name: 'Cook',
            role: 'kitchen',
          },
        };
      },
    },
    {
      name: 'GET /menu-items',
      allowed: ['customer', 'kitchen', 'admin'],
      success: 200,
      request: async () => ({ method: 'GET', url: '/menu-items' }),
    },
    {
      name: 'POST /menu-items',
      allowed: ['admin'],
      success: 201,
      request: async () => ({
        method: 'POST',
        url: '/menu-items',
        payload: { name: 'Calzone', priceCents: 1200 },
      }),
    },
    {
      name: 'PATCH /menu-items/:id',
      allowed: ['admin'],
      success: 200,
      request: async () => ({
        method: 'PATCH',
        url: `/menu-items/${(await world.menuItem()).id}`,
        payload: { available: false },
      }),
    },
    {
      name: 'POST /orders',
      allowed: ['customer'],
      success: 201,
      request: async () => {
        seq += 1;
        return {
          method: 'POST',
          url: '/orders',
          headers: { 'idempotency-key': `rbac-create-${seq}` },
          payload: { items: [{ menuItemId: (await world.menuItem()).id, quantity: 1 }] },
        };
      },
    },
    {
      name: 'GET /orders/:id',
      allowed: ['customer', 'kitchen', 'admin'],
      success: 200,
      request: async () => ({ method: 'GET', url: `/orders/${await customerOrder()}` }),
    },
    {
      name: 'PATCH /orders/:id/status',
      allowed: ['customer', 'kitchen', 'admin'],
      success: 200,
      request: async () => ({
        method: 'PATCH',
        url: `/orders/${await customerOrder()}/status`,
        payload: { status: 'CANCELLED' },
      }),
    },
    {
      name: 'GET /orders',
      allowed: ['customer', 'kitchen', 'admin'],
      success: 200,
      request: async () => ({ method: 'GET', url: '/orders' }),
    },
  ];

  const roles: Role[] = ['customer', 'kitchen', 'admin'];
  const matrix = routes.flatMap((route) => roles.map((role) => [route.name, role, route] as const));

  test.each(matrix)('%s as %s', async (_name, role, route) => {
    const options = await route.request(callers[role]);
    const response = await world.inject({
      ...options,
      headers: { ...options.headers, ...callers[role].headers },
    });
    if (route.allowed.includes(role)) {
      expect({ status: response.statusCode, body: response.body }).toMatchObject({ status: route.success });
    } else {
      const problem = expectProblem(response, 403, 'FORBIDDEN');
      expect(problem.detail).toContain(route.allowed.join(', '));
    }
  });

  test.each(routes.map((route) => [route.name, route] as const))(
    '%s without a token is 401',
    async (_name, route) => {
      const response = await world.inject(await route.request(callers.customer));
      expectProblem(response, 401, 'UNAUTHENTICATED');
      expect(response.headers['www-authenticate']).toBe('Bearer');
    },
  );

  test.each([
    ['GET', '/health/live'],
    ['GET', '/health/ready'],
    ['GET', '/openapi.json'],
    ['GET', '/docs'],
  ])('%s %s is public', async (method, url) => {
    const response = await world.inject({ method: method as 'GET', url });
    expect(response.statusCode).toBe(200);
  });
});
