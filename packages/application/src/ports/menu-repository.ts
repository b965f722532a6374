import type { MenuItem, MenuItemChanges, MenuItemId } from '@food-oms/domain';

export interface MenuRepository {
  insert(item: MenuItem): Promise<void>;
  /** Applies already-checked changes in one atomic write; null when there is no such item. */
  update(id: MenuItemId, changes: MenuItemChanges, at: Date): Promise<MenuItem | null>;
  findById(id: MenuItemId): Promise<MenuItem | null>;
  /** The items among `ids` that exist, in any order. */
  findByIds(ids: readonly MenuItemId[]): Promise<MenuItem[]>;
  /** Every item, oldest first. */
  list(): Promise<MenuItem[]>;
}
