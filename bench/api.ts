// The API under measurement: the real main, started through @food-oms/api/launcher as
// `./pnpm start` runs it (from dist), and the data it is measured on, made through its own
// HTTP API as a client would make it.
import { execFileSync } from 'node:child_process';
import { API_BUILT, BUILD_SCRIPT, type LaunchedServer, launchServer } from '@food-oms/api/launcher';

export const JWT_CLAIMS = { JWT_ISSUER: 'food-oms', JWT_AUDIENCE: 'food-oms-api' } as const;
const ADMIN = { email: 'bench-admin@example.com', password: 'bench admin password 1' } as const;

/**
 * What every benchmark API runs with besides its secret and store: no log line per request,
 * and RATE_LIMIT_*_PER_MIN at their maximum, so throughput runs measure the service and not
 * the limiter's 429s (the login flood's first scenario keeps the real login limit).
 */
export const API_TUNING = {
  LOG_LEVEL: 'warn',
  RATE_LIMIT_SIGNUP_PER_MIN: '1000000',
  RATE_LIMIT_LOGIN_PER_MIN: '1000000',
  RATE_LIMIT_ORDER_CREATE_PER_MIN: '1000000',
  RATE_LIMIT_ORDER_UPDATE_PER_MIN: '1000000',
  RATE_LIMIT_ADMIN_PER_MIN: '1000000',
} as const;

let built = false;

/**
 * Starts the API as `./pnpm start` runs it (built into dist, once per bench run) and waits
 * until /health/ready answers 200 (the database prepared).
 */
export async function startApi(jwtSecret: string, env: Record<string, string> = {}, nodeArgs: string[] = []) {
  if (!built) execFileSync(process.execPath, [BUILD_SCRIPT], { stdio: 'inherit' });
  built = true;
  const api = await launchServer({
    script: API_BUILT.script,
    nodeArgs: [...API_BUILT.nodeArgs, ...nodeArgs],
    env: {
      ...API_TUNING,
      ...JWT_CLAIMS,
      JWT_SECRET: jwtSecret,
      JWT_TTL_SECONDS: '3600', // no token expires during a run
      BOOTSTRAP_ADMIN_EMAIL: ADMIN.email,
      BOOTSTRAP_ADMIN_PASSWORD: ADMIN.password,
      ...env,
    },
  });
  const ready = () =>
    fetch(`${api.url}/health/ready`).then(
      (r) => r.status === 200,
      () => false,
    );
  for (const deadline = Date.now() + 60_000; !(await ready()); await new Promise((d) => setTimeout(d, 100))) {
    if (Date.now() < deadline) continue;
    await api.stop('SIGKILL');
    throw new Error(`the API was not ready within 60 s:\n${api.output.join('\n')}`);
  }
  return api satisfies LaunchedServer;
}

// biome-ignore lint/suspicious/noExplicitAny: answers are read field by field, as a script would
type Json = any;

/** One JSON request; any status but `expected` is an error naming it. Returns the body and its size. */
export async function call(
  expected: number,
  url: string,
  method: string,
  path: string,
  options: { token?: string; body?: unknown; key?: string } = {},
): Promise<{ body: Json; bytes: number }> {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: {
      ...(options.token !== undefined && { authorization: `Bearer ${options.token}` }),
      ...(options.body !== undefined && { 'content-type': 'application/json' }),
      ...(options.key !== undefined && { 'idempotency-key': options.key }),
    },
    ...(options.body !== undefined && { body: JSON.stringify(options.body) }),
  });
  const text = await response.text();
  if (response.status !== expected) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return { body: JSON.parse(text), bytes: Buffer.byteLength(text) };
}

/** At most `concurrency` of `work` at once, results in order. */
async function inParallel<T>(count: number, concurrency: number, work: (i: number) => Promise<T>) {
  const results = new Array<T>(count);
  let next = 0;
  const lane = async () => {
    while (next < count) {
      const i = next++;
      results[i] = await work(i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, lane));
  return results;
}

export type Dataset = Awaited<ReturnType<typeof seed>>;
export type Customer = Dataset['customers'][number];

export const ORDER_NOTE = 'Bench order: no onions, extra napkins please.';

/** Order `n`: three distinct menu items, quantities 1–3, and a note. */
export function orderBody(menuItemIds: readonly string[], n: number) {
  const items = [0, 1, 2].map((i) => ({
    menuItemId: menuItemIds[(n + i) % menuItemIds.length] as string,
    quantity: 1 + ((n + i) % 3),
  }));
  return { items, note: ORDER_NOTE };
}

const logIn = async (url: string, email: string, password: string): Promise<string> =>
  (await call(200, url, 'POST', '/auth/login', { body: { email, password } })).body.accessToken;

/**
 * The admin creates `menuItems` dishes and a kitchen user; `customers` sign up, log in and
 * place `ordersPerCustomer` orders each (more than a page of 20, so every list is full).
 */
export async function seed(
  url: string,
  size: { customers: number; ordersPerCustomer: number; menuItems: number },
  tag: string,
) {
  const admin = await logIn(url, ADMIN.email, ADMIN.password);
  const menuItemIds = await inParallel(size.menuItems, 4, async (i) => {
    const body = { name: `Bench dish ${i + 1}`, priceCents: 450 + i * 75, available: true };
    return (await call(201, url, 'POST', '/menu-items', { token: admin, body })).body.menuItem.id as string;
  });
  const kitchen = { email: `${tag}-kitchen@example.com`, password: 'bench kitchen password' };
  const body = { ...kitchen, name: 'Bench Kitchen', role: 'kitchen' };
  await call(201, url, 'POST', '/users', { token: admin, body });
  const kitchenToken = await logIn(url, kitchen.email, kitchen.password);
  // argon2 hashes every sign-up and log-in: a few at a time is what two cores can do.
  const customers = await inParallel(size.customers, 4, async (c) => {
    const account = { email: `${tag}-customer-${c}@example.com`, password: `bench customer password ${c}` };
    const signUp = { ...account, name: `Bench Customer ${c}` };
    const { body } = await call(201, url, 'POST', '/auth/signup', { body: signUp });
    return {
      ...account,
      id: body.user.id,
      token: await logIn(url, account.email, account.password),
      orderIds: [] as string[],
    };
  });
  const n = size.ordersPerCustomer;
  const ids = await inParallel(customers.length * n, 16, async (i) => {
    const customer = customers[Math.floor(i / n)] as (typeof customers)[number];
    const order = { token: customer.token, key: `${tag}-seed-${i}`, body: orderBody(menuItemIds, i) };
    return (await call(201, url, 'POST', '/orders', order)).body.order.id as string;
  });
  for (const [c, customer] of customers.entries()) customer.orderIds.push(...ids.slice(c * n, (c + 1) * n));
  return { kitchenToken, menuItemIds, customers };
}

/** Up to `atMost` ids of orders in CREATED, newest first, as the kitchen lists them. */
export async function createdOrderIds(url: string, kitchenToken: string, atMost: number): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  do {
    const path = `/orders?status=CREATED&limit=100${cursor === null ? '' : `&cursor=${cursor}`}`;
    const { body } = await call(200, url, 'GET', path, { token: kitchenToken });
    ids.push(...body.items.map((order: { id: string }) => order.id));
    cursor = body.nextCursor;
  } while (cursor !== null && ids.length < atMost);
  return ids.slice(0, atMost);
}
