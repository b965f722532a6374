import type { Actor, MenuItem } from '@food-oms/domain';
import type { MenuRepository } from '../ports/menu-repository.ts';

export interface ListMenuItemsDeps {
  readonly menu: MenuRepository;
}

export interface ListMenuItemsInput {
  /** Any role may read the whole menu, unavailable items included, so clients can show them as such. */
  readonly actor: Actor;
}

export interface ListMenuItemsOutput {
  readonly items: MenuItem[];
}

export class ListMenuItems {
  readonly #deps: ListMenuItemsDeps;

  constructor(deps: ListMenuItemsDeps) {
    this.#deps = deps;
  }

  /** Oldest first, so the menu keeps its order as items are added. */
  async execute(_input: ListMenuItemsInput): Promise<ListMenuItemsOutput> {
    return { items: await this.#deps.menu.list() };
  }
}
