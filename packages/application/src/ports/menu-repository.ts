import type { MenuItem, MenuItemChanges, MenuItemId, UserId } from '@food-oms/domain';

/** The Idempotency-Key an admin sent with a create, and the fingerprint of the request. */
export interface MenuItemClaim {
  readonly adminId: UserId;
  readonly key: string;
  readonly fingerprint: string;
}

export type InsertMenuItemResult =
  | { readonly kind: 'inserted'; readonly item: MenuItem }
  /** The admin already used this key: nothing was written; here is that item and its fingerprint. */
  | { readonly kind: 'duplicate'; readonly item: MenuItem; readonly fingerprint: string };

export interface MenuRepository {
  /**
   * Stores a new item, unless `claim` is given and its admin already used its key. Atomic
   * even across processes: of N concurrent inserts with one (admin, key), one is 'inserted'.
   */
  insert(item: MenuItem, claim?: MenuItemClaim): Promise<InsertMenuItemResult>;
  /** Applies already-checked changes in one atomic write; null when there is no such item. */
  update(id: MenuItemId, changes: MenuItemChanges, at: Date): Promise<MenuItem | null>;
  /** The items among `ids` that exist, in any order. */
  findByIds(ids: readonly MenuItemId[]): Promise<MenuItem[]>;
  /** Every item, oldest first. */
  list(): Promise<MenuItem[]>;
}
