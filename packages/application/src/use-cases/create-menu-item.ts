import { type Actor, ForbiddenError, type MenuItem, type MenuItemId, newMenuItem } from '@food-oms/domain';
import type { Clock } from '../ports/clock.ts';
import type { IdGenerator } from '../ports/id-generator.ts';
import type { MenuRepository } from '../ports/menu-repository.ts';

export interface CreateMenuItemDeps {
  readonly menu: MenuRepository;
  readonly ids: IdGenerator;
  readonly clock: Clock;
}

export interface CreateMenuItemInput {
  readonly actor: Actor;
  readonly name: string;
  readonly priceCents: number;
  readonly available?: boolean;
}

export interface CreateMenuItemOutput {
  readonly menuItem: MenuItem;
}

export class CreateMenuItem {
  readonly #deps: CreateMenuItemDeps;

  constructor(deps: CreateMenuItemDeps) {
    this.#deps = deps;
  }

  /** Throws ForbiddenError unless the actor is an admin, ValidationError for a bad name or price. */
  async execute(input: CreateMenuItemInput): Promise<CreateMenuItemOutput> {
    // HTTP checks the role too; this check keeps the rule true for any other caller.
    if (input.actor.role !== 'admin') throw new ForbiddenError('Only admins may change the menu.');
    const { menu, ids, clock } = this.#deps;
    const menuItem = newMenuItem({
      id: ids.next() as MenuItemId,
      name: input.name,
      priceCents: input.priceCents,
      ...(input.available !== undefined && { available: input.available }),
      at: clock.now(),
    });
    await menu.insert(menuItem);
    return { menuItem };
  }
}
