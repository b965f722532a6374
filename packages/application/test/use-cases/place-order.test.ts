import { ForbiddenError, type OrderRequest, ValidationError } from '@food-oms/domain';
import { describe, expect, it } from 'vitest';
import {
  IdempotencyKeyReusedError,
  MenuItemUnavailableError,
  PlaceOrder,
  TransitionOrder,
} from '../../src/index.ts';
import { aMenuItem, anActor } from '../../src/testing/index.ts';
import type { PlaceOrderInput } from '../../src/use-cases/place-order.ts';
import { anInMemoryWorld } from '../support/in-memory-world.ts';

async function withMenu() {
  const world = anInMemoryWorld();
  const pizza = aMenuItem({ name: 'Margherita', priceCents: 950 });
  const tiramisu = aMenuItem({ name: 'Tiramisu', priceCents: 600 });
  await world.menu.insert(pizza);
  await world.menu.insert(tiramisu);
  const customer = anActor({ role: 'customer' });
  const request: OrderRequest = {
    items: [
      { menuItemId: pizza.id, quantity: 2 },
      { menuItemId: tiramisu.id, quantity: 1 },
    ],
    note: 'ring twice',
  };
  const input: PlaceOrderInput = { actor: customer, idempotencyKey: 'key-1', request, requestId: 'req-1' };
  return { world, placeOrder: new PlaceOrder(world), pizza, tiramisu, customer, request, input };
}

describe('PlaceOrder', () => {
  it('places an order priced by the server from the menu, and stores it', async () => {
    const { world, placeOrder, pizza, tiramisu, customer, input } = await withMenu();

    const { order, replayed } = await placeOrder.execute(input);

    expect(replayed).toBe(false);
    expect(order).toMatchObject({
      customerId: customer.id,
      status: 'CREATED',
      items: [
        { menuItemId: pizza.id, name: 'Margherita', unitPriceCents: 950, quantity: 2, lineTotalCents: 1900 },
        { menuItemId: tiramisu.id, name: 'Tiramisu', unitPriceCents: 600, quantity: 1, lineTotalCents: 600 },
      ],
      totalCents: 2500,
      note: 'ring twice',
      version: 1,
      createdAt: world.clock.now(),
      history: [
        {
          seq: 1,
          from: null,
          to: 'CREATED',
          at: world.clock.now(),
          actor: customer,
          reason: null,
          override: false,
          requestId: 'req-1',
        },
      ],
    });
    expect(await world.orders.findById(order.id)).toStrictEqual(order);
  });

  it.each(['kitchen', 'admin'] as const)('refuses a %s: only customers order', async (role) => {
    const { placeOrder, input } = await withMenu();

    await expect(placeOrder.execute({ ...input, actor: anActor({ role }) })).rejects.toBeInstanceOf(
      ForbiddenError,
    );
  });

  it('accepts keys of 1 to 255 characters and refuses others', async () => {
    const { world, placeOrder, customer, input } = await withMenu();
    const placed = {
      replayed: false,
      order: { customerId: customer.id, status: 'CREATED', totalCents: 2500 },
    };

    const shortest = await placeOrder.execute({ ...input, idempotencyKey: 'k' });
    const longest = await placeOrder.execute({ ...input, idempotencyKey: 'k'.repeat(255) });

    expect(shortest).toMatchObject(placed);
    expect(longest).toMatchObject(placed);
    expect(longest.order.id).not.toBe(shortest.order.id);
    expect(await world.orders.findById(shortest.order.id)).toStrictEqual(shortest.order);
    expect(await world.orders.findById(longest.order.id)).toStrictEqual(longest.order);
    await expect(placeOrder.execute({ ...input, idempotencyKey: '' })).rejects.toBeInstanceOf(
      ValidationError,
    );
    await expect(placeOrder.execute({ ...input, idempotencyKey: 'k'.repeat(256) })).rejects.toBeInstanceOf(
      ValidationError,
    );
    // The one key rule, pointing where HTTP points too: at the header the key came in.
    await expect(placeOrder.execute({ ...input, idempotencyKey: '' })).rejects.toMatchObject({
      details: {
        violations: [{ pointer: '/headers/idempotency-key', message: 'must be 1 to 255 characters' }],
      },
    });
  });

  describe('idempotency', () => {
    it('answers a repeat with the same order, replayed, and creates nothing new', async () => {
      const { world, placeOrder, input } = await withMenu();
      const first = await placeOrder.execute(input);
      world.clock.advance(5_000);

      const again = await placeOrder.execute({ ...input, requestId: 'req-2' });

      expect(again).toStrictEqual({ order: first.order, replayed: true });
      expect(await world.orders.list({ limit: 10 })).toHaveLength(1);
    });

    it('treats the same request spelled differently (item order, note spacing) as the same', async () => {
      const { placeOrder, input, request } = await withMenu();
      const first = await placeOrder.execute(input);

      const again = await placeOrder.execute({
        ...input,
        request: { items: [...request.items].reverse(), note: '  ring twice  ' },
      });

      expect(again).toStrictEqual({ order: first.order, replayed: true });
    });

    it('answers a replay with the order as it is now', async () => {
      const { world, placeOrder, input } = await withMenu();
      const first = await placeOrder.execute(input);
      await new TransitionOrder(world).execute({
        actor: anActor({ role: 'kitchen' }),
        orderId: first.order.id,
        to: 'CONFIRMED',
        requestId: null,
      });

      const again = await placeOrder.execute(input);

      expect(again.replayed).toBe(true);
      expect(again.order).toMatchObject({ id: first.order.id, status: 'CONFIRMED', version: 2 });
    });

    it('refuses the same key with a different body', async () => {
      const { world, placeOrder, input, pizza } = await withMenu();
      await placeOrder.execute(input);

      const refused = placeOrder.execute({
        ...input,
        request: { items: [{ menuItemId: pizza.id, quantity: 3 }] },
      });

      await expect(refused).rejects.toBeInstanceOf(IdempotencyKeyReusedError);
      await expect(refused).rejects.toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
      expect(await world.orders.list({ limit: 10 })).toHaveLength(1);
    });

    it('refuses a different note under the same key too', async () => {
      const { placeOrder, input, request } = await withMenu();
      await placeOrder.execute(input);

      await expect(
        placeOrder.execute({ ...input, request: { ...request, note: null } }),
      ).rejects.toBeInstanceOf(IdempotencyKeyReusedError);
    });

    it('keeps keys per customer: another customer may use the same key', async () => {
      const { placeOrder, input } = await withMenu();
      const ann = await placeOrder.execute(input);

      const bob = await placeOrder.execute({ ...input, actor: anActor({ role: 'customer' }) });

      expect(bob.replayed).toBe(false);
      expect(bob.order.id).not.toBe(ann.order.id);
    });

    it('does not consume the key with an invalid request', async () => {
      const { placeOrder, input, pizza } = await withMenu();

      const invalid = placeOrder.execute({
        ...input,
        request: {
          items: [
            { menuItemId: pizza.id, quantity: 0 },
            { menuItemId: pizza.id, quantity: 1 },
          ],
        },
      });
      await expect(invalid).rejects.toBeInstanceOf(ValidationError);
      await expect(invalid).rejects.toMatchObject({
        details: {
          violations: [{ pointer: '/items/0/quantity' }, { pointer: '/items/1/menuItemId' }],
        },
      });

      await expect(placeOrder.execute(input)).resolves.toMatchObject({ replayed: false });
    });

    it('does not consume the key when a menu item is unavailable', async () => {
      const { world, placeOrder, input, pizza } = await withMenu();
      await world.menu.update(pizza.id, { available: false }, world.clock.now());
      await expect(placeOrder.execute(input)).rejects.toBeInstanceOf(MenuItemUnavailableError);

      await world.menu.update(pizza.id, { available: true }, world.clock.now());

      await expect(placeOrder.execute(input)).resolves.toMatchObject({ replayed: false });
    });

    it('replays even after the menu changed: an item gone unavailable, a new price', async () => {
      const { world, placeOrder, input, pizza, tiramisu } = await withMenu();
      const first = await placeOrder.execute(input);
      await world.menu.update(pizza.id, { available: false }, world.clock.now());
      await world.menu.update(tiramisu.id, { priceCents: 9_999 }, world.clock.now());

      await expect(placeOrder.execute(input)).resolves.toStrictEqual({ order: first.order, replayed: true });
    });

    it('makes one order of 20 concurrent requests with one key, and answers all of them with it', async () => {
      const { world, placeOrder, input } = await withMenu();

      const results = await Promise.all(Array.from({ length: 20 }, () => placeOrder.execute(input)));

      const orderIds = new Set(results.map((result) => result.order.id));
      expect(orderIds.size).toBe(1);
      expect(results.filter((result) => !result.replayed)).toHaveLength(1);
      expect((await world.orders.list({ limit: 100 })).map((order) => order.id)).toEqual([...orderIds]);
    });

    it('of concurrent requests with one key and two bodies, the losing body is refused', async () => {
      const { world, placeOrder, input, pizza } = await withMenu();
      const other: PlaceOrderInput = {
        ...input,
        request: { items: [{ menuItemId: pizza.id, quantity: 5 }] },
      };

      const results = await Promise.allSettled(
        Array.from({ length: 20 }, (_, i) => placeOrder.execute(i % 2 === 0 ? input : other)),
      );

      const [stored] = await world.orders.list({ limit: 100 });
      const winningBody = stored?.totalCents === 2500 ? 0 : 1;
      results.forEach((result, i) => {
        if (i % 2 === winningBody)
          expect(result).toMatchObject({ status: 'fulfilled', value: { order: stored } });
        else expect(result).toMatchObject({ status: 'rejected', reason: { code: 'IDEMPOTENCY_KEY_REUSED' } });
      });
      expect(await world.orders.list({ limit: 100 })).toHaveLength(1);
    });
  });

  describe('menu', () => {
    it('refuses unknown and unavailable items, listing their ids in request order', async () => {
      const { world, placeOrder, input, pizza, tiramisu } = await withMenu();
      await world.menu.update(tiramisu.id, { available: false }, world.clock.now());
      const unknown = aMenuItem().id;

      const refused = placeOrder.execute({
        ...input,
        request: {
          items: [
            { menuItemId: tiramisu.id, quantity: 1 },
            { menuItemId: pizza.id, quantity: 1 },
            { menuItemId: unknown, quantity: 1 },
          ],
        },
      });

      await expect(refused).rejects.toBeInstanceOf(MenuItemUnavailableError);
      await expect(refused).rejects.toMatchObject({ details: { menuItemIds: [tiramisu.id, unknown] } });
      expect(await world.orders.list({ limit: 10 })).toEqual([]);
    });

    it('snapshots name and price: later menu changes never alter a placed order', async () => {
      const { world, placeOrder, input, pizza } = await withMenu();
      const { order } = await placeOrder.execute(input);

      await world.menu.update(pizza.id, { name: 'Pizza', priceCents: 1 }, world.clock.now());

      expect(await world.orders.findById(order.id)).toStrictEqual(order);
      expect(order.items[0]).toMatchObject({ name: 'Margherita', unitPriceCents: 950 });
    });

    it('gives each order a new UUIDv7 from the generator, so orders sort by creation', async () => {
      const { placeOrder, input } = await withMenu();

      const first = await placeOrder.execute({ ...input, idempotencyKey: 'a' });
      const second = await placeOrder.execute({ ...input, idempotencyKey: 'b' });

      expect(first.order.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(first.order.id < second.order.id).toBe(true);
    });
  });
});
