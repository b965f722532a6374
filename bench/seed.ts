import { expect, inParallel } from './api-client.ts';
import { ADMIN } from './api-server.ts';

export interface Customer {
  readonly id: string;
  readonly email: string;
  readonly password: string;
  readonly token: string;
  /** The orders seeded for this customer, oldest first. */
  readonly orderIds: readonly string[];
}

/** A menu item as seeded: what an order line copies from it. */
export interface SeededMenuItem {
  readonly id: string;
  readonly name: string;
  readonly priceCents: number;
}

/** Everything the scenarios need, made through the API itself, as a client would. */
export interface Dataset {
  readonly adminToken: string;
  readonly kitchenToken: string;
  readonly menuItems: readonly SeededMenuItem[];
  /** The ids of `menuItems`, in the same order. */
  readonly menuItemIds: readonly string[];
  readonly customers: readonly Customer[];
}

/** A read of GET /orders/:id: a customer and one of their own orders. */
export interface Read {
  readonly token: string;
  readonly id: string;
}

/** Every seeded order with its customer's token, customer by customer. */
export function readsOf(data: Dataset): Read[] {
  return data.customers.flatMap((c) => c.orderIds.map((id) => ({ token: c.token, id })));
}

/** The customers' tokens, in order. */
export function tokensOf(data: Dataset): string[] {
  return data.customers.map((c) => c.token);
}

export interface SeedOptions {
  readonly customers: number;
  readonly ordersPerCustomer: number;
  readonly menuItems?: number;
  /** Distinguishes accounts and keys of several seedings of one database. */
  readonly tag?: string;
}

const ITEMS_PER_ORDER = 3;
/** The note of every benchmark order. */
export const ORDER_NOTE = 'Bench order: no onions, extra napkins please.';

/** The lines of order `n`: three distinct entries of `menu` and their quantities, different for each `n`. */
export function orderLines<T>(menu: readonly T[], n: number): { item: T; quantity: number }[] {
  return Array.from({ length: ITEMS_PER_ORDER }, (_, i) => ({
    item: menu[(n + i) % menu.length] as T,
    quantity: 1 + ((n + i) % 3),
  }));
}

/** An order of three distinct menu items, different for each `n`: the shape POST /orders measures. */
export function orderBody(menuItemIds: readonly string[], n: number): string {
  const items = orderLines(menuItemIds, n).map(({ item, quantity }) => ({ menuItemId: item, quantity }));
  return JSON.stringify({ items, note: ORDER_NOTE });
}

export async function logIn(url: string, email: string, password: string): Promise<string> {
  const reply = await expect(200, url, 'POST', '/auth/login', { body: { email, password } });
  return reply.body.accessToken as string;
}

export async function seedDataset(url: string, options: SeedOptions): Promise<Dataset> {
  const tag = options.tag ?? 'bench';
  const adminToken = await logIn(url, ADMIN.email, ADMIN.password);

  const menuItems = await inParallel(
    Array.from({ length: options.menuItems ?? 10 }, (_, i) => i),
    4,
    async (i): Promise<SeededMenuItem> => {
      const item = { name: `Bench dish ${i + 1}`, priceCents: 450 + i * 75 };
      const reply = await expect(201, url, 'POST', '/menu-items', {
        token: adminToken,
        body: { ...item, available: true },
      });
      return { id: reply.body.menuItem.id as string, ...item };
    },
  );
  const menuItemIds = menuItems.map((item) => item.id);

  const kitchen = { email: `${tag}-kitchen@example.com`, password: 'bench kitchen password' };
  await expect(201, url, 'POST', '/users', {
    token: adminToken,
    body: { ...kitchen, name: 'Bench Kitchen', role: 'kitchen' },
  });
  const kitchenToken = await logIn(url, kitchen.email, kitchen.password);

  // argon2 hashes every sign-up and log-in: a few at a time is what two cores can do.
  const accounts = await inParallel(
    Array.from({ length: options.customers }, (_, i) => i),
    4,
    async (i) => {
      const email = `${tag}-customer-${i}@example.com`;
      const password = `bench customer password ${i}`;
      const reply = await expect(201, url, 'POST', '/auth/signup', {
        body: { email, password, name: `Bench Customer ${i}` },
      });
      return { id: reply.body.user.id as string, email, password, token: await logIn(url, email, password) };
    },
  );

  const placements = accounts.flatMap((account, c) =>
    Array.from({ length: options.ordersPerCustomer }, (_, i) => ({ account, c, i })),
  );
  // Every customer gets more orders than one page of GET /orders?limit=20, so each list is full.
  const orderIds = await inParallel(placements, 16, async ({ account, c, i }) => {
    const reply = await expect(201, url, 'POST', '/orders', {
      token: account.token,
      headers: { 'idempotency-key': `${tag}-seed-${c}-${i}` },
      body: JSON.parse(orderBody(menuItemIds, c * options.ordersPerCustomer + i)),
    });
    return reply.body.order.id as string;
  });

  const customers = accounts.map((account, c) => ({
    ...account,
    orderIds: orderIds.slice(c * options.ordersPerCustomer, (c + 1) * options.ordersPerCustomer),
  }));
  return { adminToken, kitchenToken, menuItems, menuItemIds, customers };
}

/** Ids of orders still in CREATED, newest first, as the kitchen sees them (GET /orders pages). */
export async function createdOrderIds(url: string, kitchenToken: string, atMost: number): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  do {
    const query: string = `/orders?status=CREATED&limit=100${cursor === null ? '' : `&cursor=${cursor}`}`;
    const reply = await expect(200, url, 'GET', query, { token: kitchenToken });
    for (const order of reply.body.items as { id: string }[]) ids.push(order.id);
    cursor = reply.body.nextCursor as string | null;
  } while (cursor !== null && ids.length < atMost);
  return ids.slice(0, atMost);
}
