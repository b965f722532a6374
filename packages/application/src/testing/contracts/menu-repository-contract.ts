import type { MenuItem, MenuItemId, UserId } from '@food-oms/domain';
import { aMenuItem } from '@food-oms/domain/testing';
import { describe, expect, it } from 'vitest';
import type { MenuRepository } from '../../ports/menu-repository.ts';
import { SequentialIdGenerator } from '../sequential-id-generator.ts';
import { type ContractSetup, itWhenAtomic, RACERS, tamperWith, tryToChange } from './contract-setup.ts';

const ids = new SequentialIdGenerator({ startAt: new Date('2025-02-01T00:00:00.000Z') });
const newItem = (overrides: Partial<MenuItem> = {}) =>
  aMenuItem({ id: ids.next() as MenuItemId, ...overrides });
const LATER = new Date('2025-01-02T12:30:00.000Z');
const byId = (a: MenuItem, b: MenuItem) => (a.id < b.id ? -1 : 1);
/** The one stored item with `id`, through the only lookup the port has. */
const storedItem = async (repository: MenuRepository, id: MenuItemId): Promise<MenuItem | null> =>
  (await repository.findByIds([id]))[0] ?? null;

/** What every MenuRepository must do for the menu use cases and order pricing to be correct. */
export function describeMenuRepositoryContract(
  adapterName: string,
  setup: ContractSetup<MenuRepository>,
): void {
  describe(`MenuRepository contract: ${adapterName}`, () => {
    it('stores an item and finds it by id with every field and Date intact', async () => {
      const repository = await setup.create();
      const item = newItem({ name: 'Tiramisu', priceCents: 600, available: false });

      await repository.insert(item);

      const found = await storedItem(repository, item.id);
      expect(found).toStrictEqual(item);
      expect(found?.createdAt).toBeInstanceOf(Date);
      expect(found?.updatedAt).toBeInstanceOf(Date);
    });

    it('finds nothing for an unknown id', async () => {
      const repository = await setup.create();
      await repository.insert(newItem());

      expect(await storedItem(repository, ids.next() as MenuItemId)).toBeNull();
    });

    it('updates only the fields given, sets updatedAt, and returns the updated item', async () => {
      const repository = await setup.create();
      const item = newItem({ name: 'Margherita', priceCents: 950, available: true });
      await repository.insert(item);

      const updated = await repository.update(item.id, { priceCents: 1050 }, LATER);

      const expected: MenuItem = { ...item, priceCents: 1050, updatedAt: LATER };
      expect(updated).toStrictEqual(expected);
      expect(await storedItem(repository, item.id)).toStrictEqual(expected);
    });

    it('updates several fields at once', async () => {
      const repository = await setup.create();
      const item = newItem({ name: 'Margherita', priceCents: 950, available: true });
      await repository.insert(item);

      const updated = await repository.update(item.id, { name: 'Marinara', available: false }, LATER);

      expect(updated).toStrictEqual({ ...item, name: 'Marinara', available: false, updatedAt: LATER });
    });

    it('returns null for an unknown id and creates nothing', async () => {
      const repository = await setup.create();
      const ghost = ids.next() as MenuItemId;

      expect(await repository.update(ghost, { name: 'Ghost' }, LATER)).toBeNull();
      expect(await storedItem(repository, ghost)).toBeNull();
      expect(await repository.list()).toEqual([]);
    });

    it('finds the items among the ids that exist and ignores unknown ones', async () => {
      const repository = await setup.create();
      const [pizza, pasta, salad] = [newItem(), newItem(), newItem()];
      for (const item of [pizza, pasta, salad]) await repository.insert(item);

      const found = await repository.findByIds([salad.id, ids.next() as MenuItemId, pizza.id]);

      expect([...found].sort(byId)).toStrictEqual([pizza, salad]);
      expect(await repository.findByIds([])).toEqual([]);
    });

    it('lists every item oldest first, whatever the insertion order', async () => {
      const repository = await setup.create();
      const items = [0, 1, 2].map((day) =>
        newItem({
          createdAt: new Date(Date.UTC(2025, 0, 1 + day)),
          updatedAt: new Date(Date.UTC(2025, 0, 1 + day)),
        }),
      );
      for (const item of [...items].reverse()) await repository.insert(item);

      expect(await repository.list()).toStrictEqual(items);
    });

    it('lists what was inserted and changed since the last list, in order', async () => {
      const repository = await setup.create();
      const at = (day: number) => new Date(Date.UTC(2025, 0, 1 + day));
      const [older, newer] = [0, 2].map((day) => newItem({ createdAt: at(day), updatedAt: at(day) }));
      await repository.insert(newer as MenuItem);
      expect(await repository.list()).toStrictEqual([newer]);

      await repository.insert(older as MenuItem);
      const renamed = await repository.update((newer as MenuItem).id, { name: 'Renamed' }, at(3));
      expect(await repository.list()).toStrictEqual([older, renamed]);
      expect(renamed?.name).toBe('Renamed');
    });

    it('hands out copies or read-only items: changing an object given or returned never changes what is stored', async () => {
      const repository = await setup.create();
      const item = newItem();
      const original = structuredClone(item);
      const inserted = await repository.insert(item);

      tamperWith(item).name = 'changed';
      tryToChange(tamperWith(inserted.item), (got) => {
        got.name = 'changed';
      });
      tryToChange(tamperWith(await storedItem(repository, item.id)), (got) => {
        got.priceCents = 1;
      });
      tryToChange(tamperWith((await repository.list())[0]).updatedAt, (at) => at.setTime(0));
      tryToChange(tamperWith(await repository.update(item.id, {}, item.updatedAt)), (got) => {
        got.available = false;
      });
      // The Dates given, to the insert and as the update's time: the store keeps its own.
      item.createdAt.setTime(0);
      item.updatedAt.setTime(0);

      expect(await storedItem(repository, item.id)).toStrictEqual(original);
    });

    describe('idempotency keys', () => {
      const admin = () => ids.next() as UserId;
      const claim = (adminId: UserId, key: string, fingerprint = `fp-${key}`) => ({
        adminId,
        key,
        fingerprint,
      });

      it('writes nothing for a key the admin already used, and returns that item and fingerprint', async () => {
        const repository = await setup.create();
        const ann = admin();
        const first = newItem({ name: 'Margherita' });
        const second = newItem({ name: 'Marinara' });

        const inserted = await repository.insert(first, claim(ann, 'k-1', 'fingerprint-a'));
        const again = await repository.insert(second, claim(ann, 'k-1', 'fingerprint-b'));

        expect(inserted).toStrictEqual({ kind: 'inserted', item: first });
        expect(again).toStrictEqual({ kind: 'duplicate', item: first, fingerprint: 'fingerprint-a' });
        expect(await repository.list()).toStrictEqual([first]);
      });

      it('keeps keys apart per admin and never lets items without a key collide', async () => {
        const repository = await setup.create();
        const items = [newItem(), newItem(), newItem(), newItem()];

        const results = [
          await repository.insert(items[0] as MenuItem, claim(admin(), 'shared')),
          await repository.insert(items[1] as MenuItem, claim(admin(), 'shared')),
          await repository.insert(items[2] as MenuItem),
          await repository.insert(items[3] as MenuItem),
        ];

        expect(results.map((result) => result.kind)).toEqual([
          'inserted',
          'inserted',
          'inserted',
          'inserted',
        ]);
        expect([...(await repository.list())].sort(byId)).toStrictEqual([...items].sort(byId));
      });

      // Rests on a unique index, not on conditional updates: runs on every store.
      it(`of ${RACERS} concurrent inserts with one admin and key, exactly one is inserted`, async () => {
        const repository = await setup.create();
        const ann = admin();
        const twins = Array.from({ length: RACERS }, () => newItem());

        const results = await Promise.all(twins.map((item) => repository.insert(item, claim(ann, 'race'))));

        const inserted = results.filter((result) => result.kind === 'inserted');
        expect(inserted).toHaveLength(1);
        expect(new Set(results.map((result) => result.item.id))).toEqual(new Set([inserted[0]?.item.id]));
        expect(await repository.list()).toHaveLength(1);
      });
    });

    itWhenAtomic(setup, 'concurrent updates of different fields all land: no update is lost', async () => {
      const repository = await setup.create();
      const item = newItem({ name: 'Margherita', priceCents: 950, available: true });
      await repository.insert(item);

      await Promise.all([
        repository.update(item.id, { name: 'Marinara' }, LATER),
        repository.update(item.id, { priceCents: 1050 }, LATER),
        repository.update(item.id, { available: false }, LATER),
      ]);

      expect(await storedItem(repository, item.id)).toStrictEqual({
        ...item,
        name: 'Marinara',
        priceCents: 1050,
        available: false,
        updatedAt: LATER,
      });
    });
  });
}
