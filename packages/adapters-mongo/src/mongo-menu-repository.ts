import type { MenuRepository } from '@food-oms/application';
import type { MenuItem, MenuItemChanges, MenuItemId } from '@food-oms/domain';
import type { Collection, Db, MatchKeysAndValues } from 'mongodb';
import { translateDriverErrors } from './driver-errors.ts';
import { type MenuItemDocument, toMenuItem, toMenuItemDocument } from './menu-item-document.ts';

export class MongoMenuRepository implements MenuRepository {
  readonly #items: Collection<MenuItemDocument>;

  constructor(db: Db) {
    this.#items = db.collection<MenuItemDocument>('menu_items');
  }

  insert(item: MenuItem): Promise<void> {
    return translateDriverErrors(async () => {
      await this.#items.insertOne(toMenuItemDocument(item));
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

  findById(id: MenuItemId): Promise<MenuItem | null> {
    return translateDriverErrors(async () => {
      const document = await this.#items.findOne({ _id: id });
      return document === null ? null : toMenuItem(document);
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
