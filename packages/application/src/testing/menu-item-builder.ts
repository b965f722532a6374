import type { MenuItem, MenuItemId } from '@food-oms/domain';
import { BUILT_AT, builderIds } from './builder-ids.ts';

export function aMenuItem(overrides: Partial<MenuItem> = {}): MenuItem {
  const at = overrides.createdAt ?? BUILT_AT;
  return {
    id: builderIds.next() as MenuItemId,
    name: 'Margherita',
    priceCents: 950,
    available: true,
    createdAt: at,
    updatedAt: at,
    ...overrides,
  };
}
