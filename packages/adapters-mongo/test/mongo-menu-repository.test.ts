import { aMenuItem, aUser } from '@food-oms/application/testing';
import { describe, expect, it } from 'vitest';
import type { MenuItemDocument } from '../src/menu-item-document.ts';
import { MongoMenuRepository } from '../src/mongo-menu-repository.ts';
import { useMongoTestDatabase } from '../src/testing/index.ts';
import { useCommandLog } from './support/command-log.ts';

const mongo = useMongoTestDatabase();
const commands = useCommandLog(mongo);

describe.skipIf(!mongo.available)('MongoMenuRepository', () => {
  it('stores the item under its _id with BSON dates', async () => {
    const menu = new MongoMenuRepository(commands.db());
    const item = aMenuItem({ name: 'Calzone', priceCents: 1200, available: false });

    await menu.insert(item);

    const stored = await mongo.get().db.collection<MenuItemDocument>('menu_items').findOne({ _id: item.id });
    expect(stored).toEqual({
      _id: item.id,
      name: 'Calzone',
      priceCents: 1200,
      available: false,
      createdAt: item.createdAt,
      updatedAt: item.updatedAt,
    });
    expect(stored?.updatedAt).toBeInstanceOf(Date);
  });

  it('updates with one findAndModify that sets only the given fields and updatedAt', async () => {
    const menu = new MongoMenuRepository(commands.db());
    const item = aMenuItem();
    await menu.insert(item);
    const at = new Date('2025-06-01T12:00:00.000Z');

    const sent = await commands.during(() => menu.update(item.id, { priceCents: 1100 }, at));

    expect(sent.map((command) => command.name)).toEqual(['findAndModify']);
    expect(sent[0]?.body.query).toEqual({ _id: item.id });
    expect(sent[0]?.body.update).toEqual({ $set: { priceCents: 1100, updatedAt: at } });
    expect(sent[0]?.body.new).toBe(true);
  });

  it('keeps a keyed item’s admin, key and fingerprint beside it, never in the item; one insert when new', async () => {
    const menu = new MongoMenuRepository(commands.db());
    await menu.ensureIndexes();
    const item = aMenuItem({ name: 'Focaccia' });
    const admin = aUser({ role: 'admin' });
    const claim = { adminId: admin.id, key: 'menu-k', fingerprint: 'fp-menu-k' };

    const sent = await commands.during(() => menu.insert(item, claim));
    const again = await menu.insert(aMenuItem({ name: 'Focaccia' }), claim);

    expect(sent.map((command) => command.name)).toEqual(['insert']);
    const stored = await mongo.get().db.collection<MenuItemDocument>('menu_items').findOne({ _id: item.id });
    expect(stored).toMatchObject({ createdBy: admin.id, idempotencyKey: 'menu-k', fingerprint: 'fp-menu-k' });
    expect(again).toStrictEqual({ kind: 'duplicate', item, fingerprint: 'fp-menu-k' });
    expect(await menu.findByIds([item.id])).toStrictEqual([item]);
  });
});
