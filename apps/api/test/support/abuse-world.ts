import { randomUUID } from 'node:crypto';
import type { OrderStatus, UserId } from '@food-oms/domain';
import { SignJWT } from 'jose';
import { expect } from 'vitest';
import { type Api, createApi, loadConfig } from '../../src/index.ts';
import type { Reply } from './abuse-oracle.ts';

/**
 * The world the abuse suites attack: the real composition root (real argon2, real JWTs,
 * the store the environment selects), with a victim customer whose data must survive
 * every attack, and the attackers' accounts. Everything is set up through the public API.
 */

const JWT_SECRET = 'abuse-suite-secret-that-is-at-least-32-bytes';

interface Account {
  readonly id: string;
  readonly email: string;
  readonly password: string;
  readonly token: string;
}

export interface AbuseRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly payload?: string;
}

/** The victim's orders, one in each state an attacker could hope to change. */
type VictimOrders = Readonly<
  Record<Extract<OrderStatus, 'CREATED' | 'CONFIRMED' | 'READY' | 'CANCELLED'>, string>
>;

export interface AbuseWorld {
  readonly api: Api;
  send(request: AbuseRequest): Promise<Reply>;
  readonly admin: Account;
  readonly kitchen: Account;
  readonly victim: Account;
  readonly attacker: Account;
  readonly menu: { readonly available: readonly string[]; readonly unavailable: readonly string[] };
  readonly victimOrders: VictimOrders;
  /** The Idempotency-Keys the victim used: an attacker sending them must get orders of its own. */
  readonly victimKeys: readonly string[];
  /** Each of the victim's order requests, key and JSON body, exactly as the victim sent it. */
  readonly victimPlacements: readonly { readonly key: string; readonly body: string }[];
  /** Orders the attacker placed during set-up, so its own requests can succeed too. */
  readonly attackerOrders: readonly string[];
  /** Genuine cursors: one from the kitchen's listing, one from the attacker's. */
  readonly cursors: readonly string[];
}

const ADMIN = { email: 'admin@abuse.example', password: 'admin-password-abuse' };
const UNLIMITED = '1000000';

async function send(api: Api, request: AbuseRequest): Promise<Reply> {
  const response = await api.app.inject({
    method: request.method as 'GET',
    url: request.url,
    headers: request.headers,
    ...(request.payload !== undefined && { payload: request.payload }),
  });
  return { statusCode: response.statusCode, headers: response.headers, body: response.body };
}

/** A set-up call that must succeed: it is not under test, the attacks are. */
async function must(
  api: Api,
  status: number,
  method: string,
  url: string,
  options: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
  // biome-ignore lint/suspicious/noExplicitAny: set-up reads a few fields of well-known replies.
): Promise<any> {
  const reply = await send(api, {
    method,
    url,
    headers: {
      ...options.headers,
      ...(options.token !== undefined && { authorization: `Bearer ${options.token}` }),
      ...(options.body !== undefined && { 'content-type': 'application/json' }),
    },
    ...(options.body !== undefined && { payload: JSON.stringify(options.body) }),
  });
  expect(reply.statusCode, `set-up ${method} ${url}: ${reply.body}`).toBe(status);
  return JSON.parse(reply.body);
}

async function untilReady(api: Api): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const ready = await send(api, { method: 'GET', url: '/health/ready', headers: {} });
    if (ready.statusCode === 200) return;
    if (Date.now() > deadline) throw new Error(`the API never became ready: ${ready.body}`);
    await new Promise((done) => setTimeout(done, 50));
  }
}

async function login(api: Api, email: string, password: string): Promise<string> {
  return (await must(api, 200, 'POST', '/auth/login', { body: { email, password } })).accessToken;
}

/**
 * Starts the API (rate limits out of the way: they are not what this suite attacks) and
 * builds the victim's world through the public routes.
 */
export async function startAbuseWorld(storeEnv: Record<string, string>): Promise<AbuseWorld> {
  const api = await createApi(
    loadConfig({
      ...storeEnv,
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'silent',
      JWT_SECRET,
      BOOTSTRAP_ADMIN_EMAIL: ADMIN.email,
      BOOTSTRAP_ADMIN_PASSWORD: ADMIN.password,
      RATE_LIMIT_SIGNUP_PER_MIN: UNLIMITED,
      RATE_LIMIT_LOGIN_PER_MIN: UNLIMITED,
      RATE_LIMIT_ORDER_CREATE_PER_MIN: UNLIMITED,
      RATE_LIMIT_ORDER_UPDATE_PER_MIN: UNLIMITED,
      RATE_LIMIT_ADMIN_PER_MIN: UNLIMITED,
    }),
  );
  await api.start();
  await untilReady(api);

  const adminToken = await login(api, ADMIN.email, ADMIN.password);
  const adminId = (await must(api, 200, 'GET', '/users/me', { token: adminToken })).user.id;
  const admin = { id: adminId, ...ADMIN, token: adminToken };

  const kitchenCredentials = { email: 'kitchen@abuse.example', password: 'kitchen-password-abuse' };
  const kitchenId = (
    await must(api, 201, 'POST', '/users', {
      token: admin.token,
      body: { ...kitchenCredentials, name: 'Kitchen', role: 'kitchen' },
    })
  ).user.id;
  const kitchen = {
    id: kitchenId,
    ...kitchenCredentials,
    token: await login(api, kitchenCredentials.email, kitchenCredentials.password),
  };

  async function customer(email: string, password: string, name: string): Promise<Account> {
    const { user } = await must(api, 201, 'POST', '/auth/signup', { body: { email, password, name } });
    return { id: user.id, email, password, token: await login(api, email, password) };
  }
  // A "k" in the victim's address lets the look-alikes use the Kelvin sign, which lower-cases to it.
  const victim = await customer('victim.kay@example.com', 'victim-password-1', 'Victim');
  const attacker = await customer('mallory@example.com', 'mallory-password-1', 'Mallory');

  const menuItem = async (name: string, priceCents: number, available: boolean): Promise<string> =>
    (
      await must(api, 201, 'POST', '/menu-items', {
        token: admin.token,
        body: { name, priceCents, available },
      })
    ).menuItem.id;
  const available = [
    await menuItem('Soup', 650, true),
    await menuItem('Bread', 250, true),
    await menuItem('Pie', 1200, true),
  ];
  const unavailable = [await menuItem('Truffle', 99_000, false)];

  const victimPlacements: { key: string; body: string }[] = [];
  async function place(account: Account, key: string, items: [string, number][]): Promise<string> {
    const body = {
      items: items.map(([menuItemId, quantity]) => ({ menuItemId, quantity })),
      note: 'ring twice',
    };
    if (account === victim) victimPlacements.push({ key, body: JSON.stringify(body) });
    const { order } = await must(api, 201, 'POST', '/orders', {
      token: account.token,
      body,
      headers: { 'idempotency-key': key },
    });
    return order.id;
  }
  async function move(token: string, orderId: string, ...steps: OrderStatus[]): Promise<void> {
    for (const status of steps)
      await must(api, 200, 'PATCH', `/orders/${orderId}/status`, { token, body: { status } });
  }
  const [soup, bread, pie] = available as [string, string, string];
  // Keys that no generator can stumble on, so seeing one in a reply can only be a leak.
  const victimKeys = [1, 2, 3, 4].map((n) => `victim-key-${n}-${randomUUID()}`);
  const [k1, k2, k3, k4] = victimKeys as [string, string, string, string];
  const victimOrders: VictimOrders = {
    CREATED: await place(victim, k1, [[soup, 1]]),
    CONFIRMED: await place(victim, k2, [[bread, 2]]),
    READY: await place(victim, k3, [
      [soup, 1],
      [pie, 3],
    ]),
    CANCELLED: await place(victim, k4, [[pie, 1]]),
  };
  await move(kitchen.token, victimOrders.CONFIRMED, 'CONFIRMED');
  await move(kitchen.token, victimOrders.READY, 'CONFIRMED', 'PREPARING', 'READY');
  await move(victim.token, victimOrders.CANCELLED, 'CANCELLED');

  const attackerOrders = [
    await place(attacker, 'mallory-1', [[soup, 2]]),
    await place(attacker, 'mallory-2', [[bread, 1]]),
  ];
  const cursors = [
    (await must(api, 200, 'GET', '/orders?limit=1', { token: kitchen.token })).nextCursor,
    (await must(api, 200, 'GET', '/orders?limit=1', { token: attacker.token })).nextCursor,
  ];
  expect(cursors.every((cursor) => typeof cursor === 'string')).toBe(true);

  return {
    api,
    send: (request) => send(api, request),
    admin,
    kitchen,
    victim,
    attacker,
    menu: { available, unavailable },
    victimOrders,
    victimKeys,
    victimPlacements,
    attackerOrders,
    cursors,
  };
}

/**
 * What no attacker may change, read straight from the store: every account with its
 * password hash, the victim's orders and idempotency claims, and the menu.
 */
export async function snapshotOf(world: AbuseWorld) {
  const { store } = world.api;
  const { admin, kitchen, victim, attacker } = world;
  const victimId = victim.id as UserId;
  return {
    users: await Promise.all([admin, kitchen, victim, attacker].map((a) => store.users.findByEmail(a.email))),
    victimOrders: await store.orders.list({ customerId: victimId, limit: 1000 }),
    victimClaims: await Promise.all(
      world.victimKeys.map((key) => store.orders.findByIdempotencyKey(victimId, key)),
    ),
    menu: await store.menu.list(),
  };
}

export type Snapshot = Awaited<ReturnType<typeof snapshotOf>>;

/** The accounts, the victim's orders and claims as in `before`; the menu too unless an admin acted. */
export async function expectUntouched(world: AbuseWorld, before: Snapshot, { menu }: { menu: boolean }) {
  const now = await snapshotOf(world);
  expect(now.users).toEqual(before.users);
  expect(now.victimOrders).toEqual(before.victimOrders);
  expect(now.victimClaims).toEqual(before.victimClaims);
  if (menu) expect(now.menu).toEqual(before.menu);
}

/** What no request can make appear in a reply: every password hash, the victim's password and keys. */
export function secretsOf(world: AbuseWorld, snapshot: Snapshot): string[] {
  const secrets = [
    ...snapshot.users.map((found) => found?.passwordHash ?? ''),
    world.victim.password,
    ...world.victimKeys,
  ];
  expect(secrets.every((secret) => secret.length > 0)).toBe(true);
  return secrets;
}

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/**
 * Authorization headers that must never authenticate anyone: none at all, other schemes,
 * broken Bearer syntax, and tokens an attacker can make without the server's key (or
 * with it, but with an algorithm, issuer or expiry the verifier must refuse).
 */
export async function forgedAuthorizations(world: AbuseWorld): Promise<(string | undefined)[]> {
  const { attacker, victim } = world;
  const now = Math.floor(Date.now() / 1000);
  const claims = {
    sub: victim.id,
    role: 'admin',
    iss: 'food-oms',
    aud: 'food-oms-api',
    iat: now,
    exp: now + 600,
  };
  const sign = (payload: Record<string, unknown>, alg: string, secret: string) =>
    new SignJWT(payload).setProtectedHeader({ alg, typ: 'JWT' }).sign(new TextEncoder().encode(secret));
  const { exp: _exp, ...withoutExpiry } = claims;
  const [header, , signature] = attacker.token.split('.') as [string, string, string];
  return [
    undefined,
    '',
    'Bearer',
    'Bearer ',
    'Basic YWRtaW46YWRtaW4=',
    `Token ${attacker.token}`,
    attacker.token,
    `Bearer ${attacker.token},Bearer ${victim.token}`,
    `Bearer ${attacker.token}x`,
    // The attacker's own signature over claims it rewrote to be the victim, as an admin.
    `Bearer ${header}.${base64url(claims)}.${signature}`,
    `Bearer ${base64url({ alg: 'none', typ: 'JWT' })}.${base64url(claims)}.`,
    `Bearer ${await sign(claims, 'HS256', 'not-the-server-secret-but-just-as-long!!')}`,
    `Bearer ${await sign(claims, 'HS512', JWT_SECRET)}`,
    `Bearer ${await sign({ ...claims, exp: now - 60 }, 'HS256', JWT_SECRET)}`,
    `Bearer ${await sign({ ...claims, iss: 'someone-else' }, 'HS256', JWT_SECRET)}`,
    `Bearer ${await sign({ ...claims, role: 'root' }, 'HS256', JWT_SECRET)}`,
    `Bearer ${await sign(withoutExpiry, 'HS256', JWT_SECRET)}`,
  ];
}

/** The ways of sending a genuine token that the API accepts (the scheme is case-insensitive). */
export function acceptedAuthorizations(token: string): string[] {
  return [`Bearer ${token}`, `bearer ${token}`, `BEARER   ${token}`];
}
