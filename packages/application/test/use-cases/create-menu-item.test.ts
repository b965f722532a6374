import { ForbiddenError, ValidationError } from '@food-oms/domain';
import { describe, expect, it } from 'vitest';
import { IdempotencyKeyReusedError } from '../../src/index.ts';
import { anActor } from '../../src/testing/index.ts';
import { CreateMenuItem } from '../../src/use-cases/create-menu-item.ts';
import { anInMemoryWorld } from '../support/in-memory-world.ts';

const admin = anActor({ role: 'admin' });

describe('CreateMenuItem', () => {
  it('creates an available item by default, stamped with the clock', async () => {
    const world = anInMemoryWorld();

    const { menuItem } = await new CreateMenuItem(world).execute({
      actor: admin,
      name: ' Margherita ',
      priceCents: 950,
    });

    expect(menuItem).toEqual({
      id: expect.any(String),
      name: 'Margherita',
      priceCents: 950,
      available: true,
      createdAt: world.clock.now(),
      updatedAt: world.clock.now(),
    });
    expect(await world.menu.findByIds([menuItem.id])).toStrictEqual([menuItem]);
  });

  it('creates an item that is not available yet when asked', async () => {
    const world = anInMemoryWorld();

    const { menuItem } = await new CreateMenuItem(world).execute({
      actor: admin,
      name: 'Seasonal soup',
      priceCents: 700,
      available: false,
    });

    expect(menuItem.available).toBe(false);
  });

  it.each(['customer', 'kitchen'] as const)('refuses a %s', async (role) => {
    const world = anInMemoryWorld();

    await expect(
      new CreateMenuItem(world).execute({ actor: anActor({ role }), name: 'Margherita', priceCents: 950 }),
    ).rejects.toBeInstanceOf(ForbiddenError);
    expect(await world.menu.list()).toEqual([]);
  });

  it('refuses a blank name and a price that is not whole cents, storing nothing', async () => {
    const world = anInMemoryWorld();

    const refused = new CreateMenuItem(world).execute({ actor: admin, name: '  ', priceCents: 9.5 });

    await expect(refused).rejects.toBeInstanceOf(ValidationError);
    await expect(refused).rejects.toMatchObject({
      details: {
        violations: [{ pointer: '/name' }, { pointer: '/priceCents' }],
      },
    });
    expect(await world.menu.list()).toEqual([]);
  });

  describe('Idempotency-Key', () => {
    const create = (world: ReturnType<typeof anInMemoryWorld>, more: object = {}) =>
      new CreateMenuItem(world).execute({ actor: admin, name: 'Margherita', priceCents: 950, ...more });

    it('answers a retry with the item the key made, replayed, and stores one item', async () => {
      const world = anInMemoryWorld();
      const first = await create(world, { idempotencyKey: 'menu-1' });
      world.clock.advance(60_000);

      const again = await create(world, { idempotencyKey: 'menu-1', name: ' Margherita ' });

      expect(first.replayed).toBe(false);
      expect(again).toStrictEqual({ menuItem: first.menuItem, replayed: true });
      expect(await world.menu.list()).toStrictEqual([first.menuItem]);
    });

    it('refuses the key with another body, and keeps keys apart per admin', async () => {
      const world = anInMemoryWorld();
      await create(world, { idempotencyKey: 'menu-1' });

      await expect(create(world, { idempotencyKey: 'menu-1', priceCents: 1000 })).rejects.toBeInstanceOf(
        IdempotencyKeyReusedError,
      );
      const other = await new CreateMenuItem(world).execute({
        actor: anActor({ role: 'admin' }),
        name: 'Margherita',
        priceCents: 1000,
        idempotencyKey: 'menu-1',
      });
      expect(other.replayed).toBe(false);
      expect(await world.menu.list()).toHaveLength(2);
    });

    it('does not consume a key on a request that failed validation', async () => {
      const world = anInMemoryWorld();
      await expect(create(world, { idempotencyKey: 'menu-1', name: ' ' })).rejects.toBeInstanceOf(
        ValidationError,
      );

      await expect(create(world, { idempotencyKey: 'menu-1' })).resolves.toMatchObject({ replayed: false });
    });
  });
});
