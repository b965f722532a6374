import { ForbiddenError, ValidationError } from '@food-oms/domain';
import { describe, expect, it } from 'vitest';
import { NotFoundError } from '../../src/index.ts';
import { aMenuItem, anActor } from '../../src/testing/index.ts';
import { UpdateMenuItem } from '../../src/use-cases/update-menu-item.ts';
import { anInMemoryWorld } from '../support/in-memory-world.ts';

const admin = anActor({ role: 'admin' });

async function withPizza() {
  const world = anInMemoryWorld();
  const pizza = aMenuItem({
    name: 'Margherita',
    priceCents: 950,
    createdAt: new Date('2024-12-01T00:00:00Z'),
  });
  await world.menu.insert(pizza);
  world.clock.advance(60_000);
  return { world, pizza };
}

describe('UpdateMenuItem', () => {
  it('changes only the given fields and stamps updatedAt', async () => {
    const { world, pizza } = await withPizza();

    const { menuItem } = await new UpdateMenuItem(world).execute({
      actor: admin,
      id: pizza.id,
      changes: { name: ' Marinara ', available: false },
    });

    expect(menuItem).toStrictEqual({
      ...pizza,
      name: 'Marinara',
      available: false,
      updatedAt: world.clock.now(),
    });
    expect(await world.menu.findByIds([pizza.id])).toStrictEqual([menuItem]);
  });

  it('answers NotFoundError for an unknown item', async () => {
    const { world } = await withPizza();

    await expect(
      new UpdateMenuItem(world).execute({ actor: admin, id: aMenuItem().id, changes: { priceCents: 1 } }),
    ).rejects.toBeInstanceOf(NotFoundError);
  });

  it('refuses a non-admin and an invalid change, leaving the item as it was', async () => {
    const { world, pizza } = await withPizza();
    const updateMenuItem = new UpdateMenuItem(world);

    await expect(
      updateMenuItem.execute({
        actor: anActor({ role: 'kitchen' }),
        id: pizza.id,
        changes: { available: false },
      }),
    ).rejects.toBeInstanceOf(ForbiddenError);
    await expect(
      updateMenuItem.execute({ actor: admin, id: pizza.id, changes: { name: 'Marinara', priceCents: -1 } }),
    ).rejects.toBeInstanceOf(ValidationError);
    expect(await world.menu.findByIds([pizza.id])).toStrictEqual([pizza]);
  });
});
