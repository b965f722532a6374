import type { InsertMenuItemResult, MenuItemClaim, MenuRepository } from '@food-oms/application';
import type { MenuItem, MenuItemChanges, MenuItemId } from '@food-oms/domain';

/** The embedded store: copies in and out, and each write is one uninterrupted step. */
export class InMemoryMenuRepository implements MenuRepository {
  readonly #items = new Map<MenuItemId, MenuItem>();
  /** (admin, key) → the item it made and the fingerprint of its request. */
  readonly #claims = new Map<string, { readonly itemId: MenuItemId; readonly fingerprint: string }>();
  /** The ids oldest first, as `list` answers; sorted again only after an insert. */
  #oldestFirst: MenuItemId[] | undefined;

  async insert(item: MenuItem, claim?: MenuItemClaim): Promise<InsertMenuItemResult> {
    const claimKey = claim === undefined ? undefined : JSON.stringify([claim.adminId, claim.key]);
    const existing = claimKey === undefined ? undefined : this.#claims.get(claimKey);
    if (existing !== undefined) {
      const stored = this.#items.get(existing.itemId);
      if (stored === undefined)
        throw new Error(`menu item ${existing.itemId} is claimed by a key but not stored`);
      return { kind: 'duplicate', item: copyOf(stored), fingerprint: existing.fingerprint };
    }
    this.#items.set(item.id, copyOf(item));
    this.#oldestFirst = undefined;
    if (claimKey !== undefined && claim !== undefined) {
      this.#claims.set(claimKey, { itemId: item.id, fingerprint: claim.fingerprint });
    }
    return { kind: 'inserted', item: copyOf(item) };
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
    this.#items.set(id, copyOf(next));
    return copyOf(next);
  }

  async findByIds(ids: readonly MenuItemId[]): Promise<MenuItem[]> {
    return [...new Set(ids)].flatMap((id) => {
      const item = this.#items.get(id);
      return item === undefined ? [] : [copyOf(item)];
    });
  }

  async list(): Promise<MenuItem[]> {
    // An update changes neither createdAt nor id, so the order holds until the next insert.
    this.#oldestFirst ??= [...this.#items.values()]
      .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : 1))
      .map((item) => item.id);
    return this.#oldestFirst.map((id) => copyOf(this.#items.get(id) as MenuItem));
  }
}

/**
 * A copy of a menu item, written out for its one shape rather than through structuredClone,
 * whose trip through V8's serializer was most of what a create cost on this store (three
 * items looked up per order). A field added to MenuItem that holds an object must be copied here.
 */
function copyOf(item: MenuItem): MenuItem {
  return { ...item, createdAt: new Date(item.createdAt), updatedAt: new Date(item.updatedAt) };
}
