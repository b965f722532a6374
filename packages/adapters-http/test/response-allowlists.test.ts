import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  LeakyMenuRepository,
  LeakyOrderRepository,
  LeakyUserRepository,
  SECRET_FIELDS,
} from './support/leaky-repositories.ts';
import { TestWorld } from './support/test-app.ts';

const SECRETS = new RegExp([...Object.keys(SECRET_FIELDS), ...Object.values(SECRET_FIELDS)].join('|'));

describe('response schemas are field allowlists', () => {
  let world: TestWorld;

  beforeAll(async () => {
    world = await TestWorld.start({
      users: new LeakyUserRepository(),
      menu: new LeakyMenuRepository(),
      orders: new LeakyOrderRepository(),
    });
  });
  afterAll(() => world.close());

  test('whatever extra the stores hand out never reaches a client', async () => {
    const customer = await world.caller('customer');
    const kitchen = await world.caller('kitchen');
    const item = await world.menuItem();
    const placed = await world.inject({
      method: 'POST',
      url: '/orders',
      headers: { ...customer.headers, 'idempotency-key': 'the-idempotency-key' },
      payload: { items: [{ menuItemId: item.id, quantity: 1 }] },
    });
    const orderId = placed.json().order.id;
    const responses = [
      placed,
      await world.inject({ method: 'GET', url: '/users/me', headers: customer.headers }),
      await world.inject({ method: 'GET', url: '/menu-items', headers: customer.headers }),
      await world.inject({ method: 'GET', url: `/orders/${orderId}`, headers: customer.headers }),
      await world.inject({ method: 'GET', url: '/orders', headers: kitchen.headers }),
    ];
    for (const response of responses) {
      expect(response.statusCode).toBeLessThan(300);
      expect(response.body).not.toMatch(SECRETS);
    }
  });

  test('an order and a user leave with exactly their declared fields, at every level', async () => {
    const customer = await world.caller('customer');
    const item = await world.menuItem();
    const placed = await world.inject({
      method: 'POST',
      url: '/orders',
      headers: { ...customer.headers, 'idempotency-key': 'exact-fields-1' },
      payload: { items: [{ menuItemId: item.id, quantity: 1 }] },
    });
    const { order } = (
      await world.inject({
        method: 'GET',
        url: `/orders/${placed.json().order.id}`,
        headers: customer.headers,
      })
    ).json();
    expect(Object.keys(order)).toEqual([
      'id',
      'customerId',
      'status',
      'items',
      'totalCents',
      'note',
      'version',
      'createdAt',
      'updatedAt',
      'history',
    ]);
    expect(Object.keys(order.items[0])).toEqual([
      'menuItemId',
      'name',
      'unitPriceCents',
      'quantity',
      'lineTotalCents',
    ]);
    expect(Object.keys(order.history[0])).toEqual([
      'seq',
      'from',
      'to',
      'at',
      'actor',
      'reason',
      'override',
      'requestId',
    ]);
    expect(Object.keys(order.history[0].actor)).toEqual(['id', 'role']);
    const { user } = (
      await world.inject({ method: 'GET', url: '/users/me', headers: customer.headers })
    ).json();
    expect(Object.keys(user)).toEqual(['id', 'email', 'name', 'role', 'createdAt']);
  });
});
