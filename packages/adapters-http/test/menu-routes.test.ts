import { MENU_LIMITS } from '@food-oms/domain';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { expectProblem, pointersOf } from './support/problems.ts';
import { type Caller, TestWorld } from './support/test-app.ts';

describe('the menu over HTTP', () => {
  let world: TestWorld;
  let admin: Caller;

  beforeEach(async () => {
    world = await TestWorld.start();
    admin = await world.caller('admin');
  });
  afterEach(() => world.close());

  const create = (payload: unknown) =>
    world.inject({ method: 'POST', url: '/menu-items', headers: admin.headers, payload: payload as object });
  const update = (id: string, payload: unknown) =>
    world.inject({
      method: 'PATCH',
      url: `/menu-items/${id}`,
      headers: admin.headers,
      payload: payload as object,
    });

  test('POST creates an item, available unless said otherwise, and any role lists it', async () => {
    const created = await create({ name: ' Calzone ', priceCents: 1250 });
    expect(created.statusCode).toBe(201);
    const { menuItem } = created.json();
    expect(menuItem).toEqual({
      id: expect.any(String),
      name: 'Calzone',
      priceCents: 1250,
      available: true,
      createdAt: world.clock.now().toISOString(),
      updatedAt: world.clock.now().toISOString(),
    });
    await create({ name: 'Seasonal', priceCents: 900, available: false });

    const kitchen = await world.caller('kitchen');
    const listed = await world.inject({ method: 'GET', url: '/menu-items', headers: kitchen.headers });
    expect(listed.statusCode).toBe(200);
    expect(
      listed.json().items.map((item: { name: string; available: boolean }) => [item.name, item.available]),
    ).toEqual([
      ['Calzone', true],
      ['Seasonal', false],
    ]);
  });

  test('PATCH changes only the fields given', async () => {
    const { menuItem } = (await create({ name: 'Calzone', priceCents: 1250 })).json();
    world.clock.advance(60_000);
    const response = await update(menuItem.id, { priceCents: 1300 });
    expect(response.statusCode).toBe(200);
    expect(response.json().menuItem).toMatchObject({
      name: 'Calzone',
      priceCents: 1300,
      available: true,
      updatedAt: world.clock.now().toISOString(),
    });
  });

  test('PATCH that changes nothing is 400, and the item keeps its updatedAt', async () => {
    const { menuItem } = (await create({ name: 'Soup', priceCents: 650 })).json();
    world.clock.advance(60_000);

    expectProblem(await update(menuItem.id, {}), 400, 'VALIDATION_FAILED');
    const listed = await world.inject({ method: 'GET', url: '/menu-items', headers: admin.headers });
    expect(listed.json().items).toEqual([menuItem]);
  });

  test('PATCH of an unknown item is 404', async () => {
    expectProblem(
      await update('01900000-0000-7000-8000-00000000dead', { available: false }),
      404,
      'NOT_FOUND',
    );
  });

  test.each([
    ['a negative price', { name: 'A', priceCents: -1 }, ['/priceCents']],
    ['a price above the limit', { name: 'A', priceCents: MENU_LIMITS.maxPriceCents + 1 }, ['/priceCents']],
    ['a fractional price', { name: 'A', priceCents: 9.5 }, ['/priceCents']],
    ['a price as a string', { name: 'A', priceCents: '950' }, ['/priceCents']],
    ['a blank name', { name: '  ', priceCents: 100 }, ['/name']],
    [
      'a name above the limit',
      { name: 'x'.repeat(MENU_LIMITS.maxNameLength + 1), priceCents: 100 },
      ['/name'],
    ],
    ['an unknown property', { name: 'A', priceCents: 100, cost: 10 }, ['/cost']],
    ['an operator', { name: { $gt: '' }, priceCents: 100 }, ['/name']],
  ])('POST with %s is 400', async (_name, payload, pointers) => {
    const problem = expectProblem(await create(payload), 400, 'VALIDATION_FAILED');
    expect(pointersOf(problem)).toEqual(pointers);
  });

  test('PATCH is strict too: an id or a dotted key in the body is refused', async () => {
    const { menuItem } = (await create({ name: 'Calzone', priceCents: 1250 })).json();
    const problem = expectProblem(
      await update(menuItem.id, { id: 'x', 'price.cents': 1 }),
      400,
      'VALIDATION_FAILED',
    );
    expect(pointersOf(problem)).toEqual(['/id', '/price.cents']);
  });
});
