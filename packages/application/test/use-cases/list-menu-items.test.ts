import { ROLES } from '@food-oms/domain';
import { describe, expect, it } from 'vitest';
import { aMenuItem, anActor } from '../../src/testing/index.ts';
import { ListMenuItems } from '../../src/use-cases/list-menu-items.ts';
import { anInMemoryWorld } from '../support/in-memory-world.ts';

describe('ListMenuItems', () => {
  it.each(ROLES)('shows a %s the whole menu oldest first, unavailable items included', async (role) => {
    const world = anInMemoryWorld();
    const soup = aMenuItem({ name: 'Soup', available: false, createdAt: new Date('2024-12-02T00:00:00Z') });
    const pizza = aMenuItem({ name: 'Pizza', createdAt: new Date('2024-12-01T00:00:00Z') });
    await world.menu.insert(soup);
    await world.menu.insert(pizza);

    const { items } = await new ListMenuItems(world).execute({ actor: anActor({ role }) });

    expect(items).toStrictEqual([pizza, soup]);
  });
});
