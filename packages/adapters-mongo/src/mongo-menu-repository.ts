import type { InsertMenuItemResult, MenuItemClaim, MenuRepository } from '@food-oms/application';
import type { MenuItem, MenuItemChanges, MenuItemId } from '@food-oms/domain';
import type { Collection, Db, MatchKeysAndValues } from 'mongodb';
import { collectionIndexes } from './collection-indexes.ts';
import { isDuplicateKeyOn, translateDriverErrors } from './driver-errors.ts';
import { type MenuItemDocument, toMenuItem, toMenuItemDocument } from './menu-item-document.ts';

const MENU_INDEXES = [
  // One item per (admin, Idempotency-Key), across every instance. Sparse: items created
  // without a key have neither field and must not collide as (null, null) on MongoDB.
  {
    name: 'admin_idempotency_key_unique',
    key: { createdBy: 1, idempotencyKey: 1 },
    unique: true,
    sparse: true,
  },
] as const;

export class MongoMenuRepository implements MenuRepository {
  readonly #items: Collection<MenuItemDocument>;
  readonly #indexes: () => Promise<void>;

  constructor(db: Db) {
    this.#items = db.collection<MenuItemDocument>('menu_items');
    this.#indexes = collectionIndexes(this.#items, MENU_INDEXES);
  }

  ensureIndexes(): Promise<void> {
    return this.#indexes();
  }

  insert(item: MenuItem, claim?: MenuItemClaim): Promise<InsertMenuItemResult> {
    return translateDriverErrors(async () => {
      // Without the unique index a retried create would make a second item.
      if (claim !== undefined) await this.#indexes();
      try {
        await this.#items.insertOne(toMenuItemDocument(item, claim));
        return { kind: 'inserted', item };
      } catch (error) {
        if (claim === undefined || !isDuplicateKeyOn(error, 'idempotencyKey')) throw error;
        const existing = await this.#items.findOne({ createdBy: claim.adminId, idempotencyKey: claim.key });
        if (existing === null) throw error;
        return { kind: 'duplicate', item: toMenuItem(existing), fingerprint: existing.fingerprint ?? '' };
      }
    });
  }

  update(id: MenuItemId, changes: MenuItemChanges, at: Date): Promise<MenuItem | null> {
    return translateDriverErrors(async () => {
      const set: MatchKeysAndValues<MenuItemDocument> = {
        ...(changes.name !== undefined && { name: changes.name }),
        ...(changes.priceCents !== undefined && { priceCents: changes.priceCents }),
        ...(changes.available !== undefined && { available: changes.available }),
        updatedAt: at,
      };
      const updated = await this.#items.findOneAndUpdate(
        { _id: id },
        { $set: set },
        { returnDocument: 'after' },
      );
      return updated === null ? null : toMenuItem(updated);
    });
  }

  findByIds(ids: readonly MenuItemId[]): Promise<MenuItem[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return translateDriverErrors(async () => {
      const documents = await this.#items.find({ _id: { $in: [...ids] } }).toArray();
      return documents.map(toMenuItem);
    });
  }

  list(): Promise<MenuItem[]> {
    return translateDriverErrors(async () => {
      // A menu is small: sorting it without an index costs less than keeping one.
      const documents = await this.#items.find().sort({ createdAt: 1, _id: 1 }).toArray();
      return documents.map(toMenuItem);
    });
  }
}
