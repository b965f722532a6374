import type { MenuItem, MenuItemChanges, MenuItemId } from '@food-oms/domain';
import type { MenuRepository } from '../ports/menu-repository.ts';

/** The embedded store: copies in and out, and each update is one uninterrupted write. */
export class InMemoryMenuRepository implements MenuRepository {
  readonly #items = new Map<MenuItemId, MenuItem>();

  async insert(item: MenuItem): Promise<void> {
    this.#items.set(item.id, structuredClone(item));
  }

  async update(id: MenuItemId, changes: MenuItemChanges, at: Date): Promise<MenuItem | null> {
    const current = this.#items.get(id);
    if (current === undefined) return null;
    const next: MenuItem = {
      ...current,
      ...(changes.name !== undefined && { name: changes.name }),
      ...(changes.priceCents !== undefined && { priceCents: changes.priceCents }),
      ...(changes.available !== undefined && { available: changes.available }),
      updatedAt: at,
    };
    this.#items.set(id, structuredClone(next));
    return structuredClone(next);
  }

  async findById(id: MenuItemId): Promise<MenuItem | null> {
    const item = this.#items.get(id);
    return item === undefined ? null : structuredClone(item);
  }

  async findByIds(ids: readonly MenuItemId[]): Promise<MenuItem[]> {
    return [...new Set(ids)].flatMap((id) => {
      const item = this.#items.get(id);
      return item === undefined ? [] : [structuredClone(item)];
    });
  }

  async list(): Promise<MenuItem[]> {
    return [...this.#items.values()]
      .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : 1))
      .map((item) => structuredClone(item));
  }
}
