import { type Actor, ForbiddenError, type Order, type OrderStatus, ValidationError } from '@food-oms/domain';
import { describe, expect, it } from 'vitest';
import { InvalidCursorError, LIST_LIMITS, ListOrders } from '../../src/index.ts';
import { anActor, anOrder, FakeCursorCodec } from '../../src/testing/index.ts';
import type { ListOrdersInput } from '../../src/use-cases/list-orders.ts';
import { anInMemoryWorld } from '../support/in-memory-world.ts';

const ann = anActor({ role: 'customer' });
const bob = anActor({ role: 'customer' });
const kitchen = anActor({ role: 'kitchen' });

/** Orders of Ann and Bob in several statuses, inserted oldest first; returned newest first. */
async function withOrders(count = 9) {
  const world = anInMemoryWorld();
  const statuses: OrderStatus[] = ['CREATED', 'CONFIRMED', 'READY'];
  const orders: Order[] = [];
  for (let i = 0; i < count; i += 1) {
    const order = anOrder({ customerId: (i % 2 === 0 ? ann : bob).id, status: statuses[i % 3] ?? 'CREATED' });
    await world.orders.insert(order, { key: `k-${i}`, fingerprint: 'f' });
    orders.push(order);
  }
  return { world, listOrders: new ListOrders(world), newestFirst: orders.reverse() };
}

/** Follows nextCursor to the end, as a client does. */
async function walk(
  listOrders: ListOrders,
  input: ListOrdersInput,
): Promise<{ ids: string[]; pages: number }> {
  const ids: string[] = [];
  let pages = 0;
  let cursor: string | undefined;
  do {
    const page = await listOrders.execute({ ...input, ...(cursor !== undefined && { cursor }) });
    ids.push(...page.items.map((order) => order.id));
    pages += 1;
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined);
  return { ids, pages };
}

const idsOf = (orders: readonly Order[]) => orders.map((order) => order.id);

describe('ListOrders', () => {
  it('lists newest first, 20 by default, with a cursor when more follow', async () => {
    const { listOrders, newestFirst } = await withOrders(25);

    const page = await listOrders.execute({ actor: kitchen });

    expect(LIST_LIMITS).toEqual({ min: 1, max: 100, default: 20 });
    expect(idsOf(page.items)).toEqual(idsOf(newestFirst.slice(0, 20)));
    expect(page.nextCursor).toEqual(expect.any(String));
  });

  it('walks every order exactly once through the cursors, ending with a null cursor', async () => {
    const { listOrders, newestFirst } = await withOrders(9);

    expect(await walk(listOrders, { actor: kitchen, limit: 2 })).toEqual({
      ids: idsOf(newestFirst),
      pages: 5,
    });
    expect(await walk(listOrders, { actor: kitchen, limit: 3 })).toEqual({
      ids: idsOf(newestFirst),
      pages: 3,
    });
    expect(await walk(listOrders, { actor: kitchen, limit: 100 })).toEqual({
      ids: idsOf(newestFirst),
      pages: 1,
    });
  });

  it('keeps its place when newer orders arrive between pages', async () => {
    const { world, listOrders, newestFirst } = await withOrders(4);
    const first = await listOrders.execute({ actor: kitchen, limit: 2 });
    await world.orders.insert(anOrder(), { key: 'late', fingerprint: 'f' });

    const second = await listOrders.execute({ actor: kitchen, limit: 2, cursor: first.nextCursor ?? '' });

    expect(idsOf(second.items)).toEqual(idsOf(newestFirst.slice(2, 4)));
    expect(second.nextCursor).toBeNull();
  });

  it('filters by several statuses and by customer, and pages within the filters', async () => {
    const { listOrders, newestFirst } = await withOrders(12);
    const filters = { statuses: ['READY', 'CREATED'] as OrderStatus[], customerId: ann.id };

    const walked = await walk(listOrders, { actor: kitchen, ...filters, limit: 1 });

    expect(walked.ids).toEqual(
      idsOf(newestFirst.filter((o) => o.customerId === ann.id && ['READY', 'CREATED'].includes(o.status))),
    );
  });

  describe('customers', () => {
    it('see only their own orders, with or without naming themselves', async () => {
      const { listOrders, newestFirst } = await withOrders(9);
      const annsOrders = idsOf(newestFirst.filter((order) => order.customerId === ann.id));

      expect((await walk(listOrders, { actor: ann, limit: 2 })).ids).toEqual(annsOrders);
      expect((await walk(listOrders, { actor: ann, customerId: ann.id, limit: 2 })).ids).toEqual(annsOrders);
    });

    it("are refused another customer's orders", async () => {
      const { listOrders } = await withOrders(2);

      await expect(listOrders.execute({ actor: ann, customerId: bob.id })).rejects.toBeInstanceOf(
        ForbiddenError,
      );
    });
  });

  it.each([0, 101, 2.5, Number.NaN])('refuses limit %s with a pointer to /limit', async (limit) => {
    const { listOrders } = await withOrders(1);

    const refused = listOrders.execute({ actor: kitchen, limit });

    await expect(refused).rejects.toBeInstanceOf(ValidationError);
    await expect(refused).rejects.toMatchObject({ details: { violations: [{ pointer: '/limit' }] } });
  });

  it.each([1, 100])('accepts limit %s', async (limit) => {
    const { listOrders, newestFirst } = await withOrders(1);

    await expect(listOrders.execute({ actor: kitchen, limit })).resolves.toEqual({
      items: newestFirst,
      nextCursor: null,
    });
  });

  describe('cursors', () => {
    async function aCursor(input: Omit<ListOrdersInput, 'limit' | 'cursor'>) {
      const fixture = await withOrders(9);
      const page = await fixture.listOrders.execute({ ...input, limit: 1 });
      if (page.nextCursor === null) throw new Error('the fixture must hold more than one page');
      return { ...fixture, cursor: page.nextCursor };
    }

    const flip = (text: string, at: number) =>
      `${text.slice(0, at)}${text[at] === 'A' ? 'B' : 'A'}${text.slice(at + 1)}`;

    it('refuses malformed and tampered cursors', async () => {
      const { listOrders, cursor, newestFirst } = await aCursor({ actor: kitchen });
      const [body = '', mac = ''] = cursor.split('.');
      const payload = JSON.parse(Buffer.from(body, 'base64url').toString());
      const forged = Buffer.from(JSON.stringify({ ...payload, after: newestFirst[5]?.id })).toString(
        'base64url',
      );

      for (const bad of [
        '',
        'not-a-cursor',
        body,
        `${body}.`,
        `${cursor}.extra`,
        flip(cursor, 3),
        flip(cursor, cursor.length - 2),
        `${forged}.${mac}`,
        `${body}.${mac.slice(0, -1)}`,
      ]) {
        await expect(listOrders.execute({ actor: kitchen, cursor: bad }), bad).rejects.toBeInstanceOf(
          InvalidCursorError,
        );
      }
    });

    it('refuses a cursor made with another secret', async () => {
      const { world, cursor } = await aCursor({ actor: kitchen });
      const elsewhere = new ListOrders({ ...world, cursors: new FakeCursorCodec('another secret') });

      await expect(elsewhere.execute({ actor: kitchen, cursor })).rejects.toBeInstanceOf(InvalidCursorError);
    });

    it.each<[string, Omit<ListOrdersInput, 'limit' | 'cursor'>, Omit<ListOrdersInput, 'limit' | 'cursor'>]>([
      ['other statuses', { actor: kitchen, statuses: ['CREATED'] }, { actor: kitchen, statuses: ['READY'] }],
      ['statuses dropped', { actor: kitchen, statuses: ['CREATED'] }, { actor: kitchen }],
      ['statuses added', { actor: kitchen }, { actor: kitchen, statuses: ['CREATED'] }],
      [
        'another customer filter',
        { actor: kitchen, customerId: ann.id },
        { actor: kitchen, customerId: bob.id },
      ],
      ['customer filter dropped', { actor: kitchen, customerId: ann.id }, { actor: kitchen }],
      ["another customer's own listing", { actor: ann }, { actor: bob }],
    ])('refuses a cursor used with %s', async (_, madeWith, usedWith) => {
      const { listOrders, cursor } = await aCursor(madeWith);

      await expect(listOrders.execute({ ...usedWith, cursor })).rejects.toBeInstanceOf(InvalidCursorError);
    });

    it('accepts the same filters spelled differently, and a different page size', async () => {
      const { listOrders, cursor, newestFirst } = await aCursor({
        actor: kitchen,
        statuses: ['READY', 'CREATED'],
      });
      const rest = newestFirst.filter((order) => ['READY', 'CREATED'].includes(order.status)).slice(1);
      expect(rest).toHaveLength(5);

      const page = await listOrders.execute({
        actor: kitchen,
        statuses: ['CREATED', 'READY', 'CREATED'],
        limit: 5,
        cursor,
      });

      expect(page).toEqual({ items: rest, nextCursor: null });
      expect(page).toEqual(
        await listOrders.execute({ actor: kitchen, statuses: ['READY', 'CREATED'], limit: 5, cursor }),
      );
    });

    it("accepts an admin continuing with a customer's effective filter", async () => {
      const { listOrders, cursor, newestFirst } = await aCursor({ actor: ann });
      const admin: Actor = anActor({ role: 'admin' });
      const rest = newestFirst.filter((order) => order.customerId === ann.id).slice(1);
      expect(rest).toHaveLength(4);

      await expect(listOrders.execute({ actor: admin, customerId: ann.id, cursor })).resolves.toEqual({
        items: rest,
        nextCursor: null,
      });
    });
  });
});
