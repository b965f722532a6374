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

  describe('POST with an Idempotency-Key', () => {
    const createKeyed = (payload: object, key: string, caller: Caller = admin) =>
      world.inject({
        method: 'POST',
        url: '/menu-items',
        headers: { ...caller.headers, 'idempotency-key': key },
        payload,
      });
    const listed = async () =>
      (await world.inject({ method: 'GET', url: '/menu-items', headers: admin.headers })).json().items;

    test('a retry answers 201 with the same item and Idempotent-Replayed: true; one item exists', async () => {
      const first = await createKeyed({ name: 'Calzone', priceCents: 1250 }, 'menu-1');
      world.clock.advance(60_000);
      const retry = await createKeyed({ name: ' Calzone ', priceCents: 1250 }, 'menu-1');

      expect(first.statusCode).toBe(201);
      expect(first.headers['idempotent-replayed']).toBeUndefined();
      expect(retry.statusCode).toBe(201);
      expect(retry.headers['idempotent-replayed']).toBe('true');
      expect(retry.json()).toEqual(first.json());
      expect(await listed()).toEqual([first.json().menuItem]);
    });

    test('the same key with another body is 422 IDEMPOTENCY_KEY_REUSED; another admin’s key is their own', async () => {
      await createKeyed({ name: 'Calzone', priceCents: 1250 }, 'menu-1');

      expectProblem(
        await createKeyed({ name: 'Calzone', priceCents: 1300 }, 'menu-1'),
        422,
        'IDEMPOTENCY_KEY_REUSED',
      );
      const other = await createKeyed(
        { name: 'Calzone', priceCents: 1300 },
        'menu-1',
        await world.caller('admin'),
      );
      expect(other.statusCode).toBe(201);
      expect(other.headers['idempotent-replayed']).toBeUndefined();
      expect(await listed()).toHaveLength(2);
    });

    test('of 10 concurrent creates with one key, one item is made and every answer is 201', async () => {
      const responses = await Promise.all(
        Array.from({ length: 10 }, () => createKeyed({ name: 'Soup', priceCents: 650 }, 'menu-race')),
      );

      expect(responses.map((response) => response.statusCode)).toEqual(responses.map(() => 201));
      expect(new Set(responses.map((response) => response.json().menuItem.id)).size).toBe(1);
      expect(await listed()).toHaveLength(1);
    });

    test('a malformed key is 400 at /headers/idempotency-key, and nothing is created', async () => {
      const problem = expectProblem(
        await createKeyed({ name: 'Soup', priceCents: 650 }, ''),
        400,
        'VALIDATION_FAILED',
      );

      expect(pointersOf(problem)).toEqual(['/headers/idempotency-key']);
      expect(await listed()).toEqual([]);
    });

    test('OpenAPI documents the header, Idempotent-Replayed and IDEMPOTENCY_KEY_REUSED', async () => {
      const document = (await world.inject({ method: 'GET', url: '/openapi.json' })).json();
      const operation = document.paths['/menu-items'].post;

      expect(operation.parameters).toContainEqual(
        expect.objectContaining({ name: 'idempotency-key', in: 'header', required: false }),
      );
      expect(Object.keys(operation.responses['201'].headers)).toContain('Idempotent-Replayed');
      expect(operation['x-problem-codes']['422']).toContain('IDEMPOTENCY_KEY_REUSED');
    });
  });
});
