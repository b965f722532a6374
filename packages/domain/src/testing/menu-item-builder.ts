import type { MenuItem, MenuItemId } from '../index.ts';
import { BUILT_AT, builtId } from './builder-ids.ts';

/** The default price of every built menu item: a test whose figures depend on a price names it. */
const DEFAULT_PRICE_CENTS = 950;

export function aMenuItem(overrides: Partial<MenuItem> = {}): MenuItem {
  const at = overrides.createdAt ?? BUILT_AT;
  return {
    id: builtId() as MenuItemId,
    name: 'Margherita',
    priceCents: DEFAULT_PRICE_CENTS,
    available: true,
    createdAt: at,
    updatedAt: at,
    ...overrides,
  };
}
