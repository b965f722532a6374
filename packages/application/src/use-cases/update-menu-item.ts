import {
  type Actor,
  checkMenuItemChanges,
  ForbiddenError,
  type MenuItem,
  type MenuItemChanges,
  type MenuItemId,
} from '@food-oms/domain';
import { NotFoundError } from '../errors.ts';
import type { Clock } from '../ports/clock.ts';
import type { MenuRepository } from '../ports/menu-repository.ts';

export interface UpdateMenuItemDeps {
  readonly menu: MenuRepository;
  readonly clock: Clock;
}

export interface UpdateMenuItemInput {
  readonly actor: Actor;
  readonly id: string;
  readonly changes: MenuItemChanges;
}

export interface UpdateMenuItemOutput {
  readonly menuItem: MenuItem;
}

export class UpdateMenuItem {
  readonly #deps: UpdateMenuItemDeps;

  constructor(deps: UpdateMenuItemDeps) {
    this.#deps = deps;
  }

  /** Throws ForbiddenError unless the actor is an admin, ValidationError, NotFoundError. */
  async execute(input: UpdateMenuItemInput): Promise<UpdateMenuItemOutput> {
    // HTTP checks the role too; this check keeps the rule true for any other caller.
    if (input.actor.role !== 'admin') throw new ForbiddenError('Only admins may change the menu.');
    const changes = checkMenuItemChanges(input.changes);
    // One atomic write and no read first: two admins editing different fields both keep their edit.
    const menuItem = await this.#deps.menu.update(input.id as MenuItemId, changes, this.#deps.clock.now());
    if (menuItem === null) throw new NotFoundError('Menu item');
    return { menuItem };
  }
}
