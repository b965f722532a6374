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

/** Everything the scenarios need, made through the API itself, as a client would. */
export interface Dataset {
  readonly adminToken: string;
  readonly kitchenToken: string;
  readonly menuItemIds: readonly string[];
  readonly customers: readonly Customer[];
}

export interface SeedOptions {
  readonly customers: number;
  readonly ordersPerCustomer: number;
  readonly menuItems?: number;
  /** Distinguishes accounts and keys of several seedings of one database. */
  readonly tag?: string;
}

const ITEMS_PER_ORDER = 3;
const NOTE = 'Bench order: no onions, extra napkins please.';

/** An order of three distinct menu items, different for each `n`: the shape POST /orders measures. */
export function orderBody(menuItemIds: readonly string[], n: number): string {
  const items = Array.from({ length: ITEMS_PER_ORDER }, (_, i) => ({
    menuItemId: menuItemIds[(n + i) % menuItemIds.length],
    quantity: 1 + ((n + i) % 3),
  }));
  return JSON.stringify({ items, note: NOTE });
}

export async function logIn(url: string, email: string, password: string): Promise<string> {
  const reply = await expect(200, url, 'POST', '/auth/login', { body: { email, password } });
  return reply.body.accessToken as string;
}

export async function seedDataset(url: string, options: SeedOptions): Promise<Dataset> {
  const tag = options.tag ?? 'bench';
  const adminToken = await logIn(url, ADMIN.email, ADMIN.password);

  const menuItemIds = await inParallel(
    Array.from({ length: options.menuItems ?? 10 }, (_, i) => i),
    4,
    async (i) => {
      const reply = await expect(201, url, 'POST', '/menu-items', {
        token: adminToken,
        body: { name: `Bench dish ${i + 1}`, priceCents: 450 + i * 75, available: true },
      });
      return reply.body.menuItem.id as string;
    },
  );

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
  return { adminToken, kitchenToken, menuItemIds, customers };
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
