import { ValidationError, type Violation } from './errors.ts';
import type { MenuItemId } from './ids.ts';
import { MENU_LIMITS } from './limits.ts';
import { type Cents, isCents } from './money.ts';
import { textFault } from './text.ts';

export interface MenuItem {
  readonly id: MenuItemId;
  readonly name: string;
  readonly priceCents: Cents;
  readonly available: boolean;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export interface MenuItemChanges {
  readonly name?: string;
  readonly priceCents?: number;
  readonly available?: boolean;
}

/** The faults of the fields given; an absent field has none. */
function menuItemFaults(name: string | undefined, priceCents: number | undefined): Violation[] {
  const violations: Violation[] = [];
  const nameFault =
    name === undefined
      ? null
      : textFault(name, { min: MENU_LIMITS.minNameLength, max: MENU_LIMITS.maxNameLength });
  if (nameFault !== null) violations.push({ pointer: '/name', message: nameFault });
  if (
    priceCents !== undefined &&
    (!isCents(priceCents) || priceCents < MENU_LIMITS.minPriceCents || priceCents > MENU_LIMITS.maxPriceCents)
  ) {
    violations.push({
      pointer: '/priceCents',
      message: `must be an integer from ${MENU_LIMITS.minPriceCents} to ${MENU_LIMITS.maxPriceCents}`,
    });
  }
  return violations;
}

export function newMenuItem(input: {
  readonly id: MenuItemId;
  readonly name: string;
  readonly priceCents: number;
  readonly available?: boolean;
  readonly at: Date;
}): MenuItem {
  const name = input.name.trim();
  const violations = menuItemFaults(name, input.priceCents);
  if (violations.length > 0) throw new ValidationError(violations);
  return {
    id: input.id,
    name,
    priceCents: input.priceCents,
    available: input.available ?? true,
    createdAt: input.at,
    updatedAt: input.at,
  };
}

/**
 * Checks a partial change (PATCH) and returns it normalised. Each field's rule stands
 * alone, so the repository can apply the change in one atomic write without reading first.
 */
export function checkMenuItemChanges(changes: MenuItemChanges): MenuItemChanges {
  if (changes.name === undefined && changes.priceCents === undefined && changes.available === undefined) {
    throw new ValidationError([
      { pointer: '', message: 'must change at least one of name, priceCents, available' },
    ]);
  }
  const violations = menuItemFaults(changes.name?.trim(), changes.priceCents);
  if (violations.length > 0) throw new ValidationError(violations);
  return {
    ...(changes.name !== undefined && { name: changes.name.trim() }),
    ...(changes.priceCents !== undefined && { priceCents: changes.priceCents }),
    ...(changes.available !== undefined && { available: changes.available }),
  };
}
