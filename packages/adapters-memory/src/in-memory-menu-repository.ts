import type { InsertMenuItemResult, MenuItemClaim, MenuRepository } from '@food-oms/application';
import type { MenuItem, MenuItemChanges, MenuItemId } from '@food-oms/domain';
import { keptMenuItem } from './read-only.ts';

/**
 * The embedded store: each item kept as a read-only copy (keptMenuItem) and handed out as it
 * is, and each write one uninterrupted step.
 */
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
      return { kind: 'duplicate', item: stored, fingerprint: existing.fingerprint };
    }
    const kept = keptMenuItem(item);
    this.#items.set(item.id, kept);
    this.#oldestFirst = undefined;
    if (claimKey !== undefined && claim !== undefined) {
      this.#claims.set(claimKey, { itemId: item.id, fingerprint: claim.fingerprint });
    }
    return { kind: 'inserted', item: kept };
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
    const kept = keptMenuItem(next);
    this.#items.set(id, kept);
    return kept;
  }

  async findByIds(ids: readonly MenuItemId[]): Promise<MenuItem[]> {
    return [...new Set(ids)].flatMap((id) => {
      const item = this.#items.get(id);
      return item === undefined ? [] : [item];
    });
  }

  async list(): Promise<MenuItem[]> {
    // An update changes neither createdAt nor id, so the order holds until the next insert.
    this.#oldestFirst ??= [...this.#items.values()]
      .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : 1))
      .map((item) => item.id);
    return this.#oldestFirst.map((id) => this.#items.get(id) as MenuItem);
  }
}
