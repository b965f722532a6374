import { randomUUID } from 'node:crypto';
import { Agent } from 'node:http';
import {
  mongoServerAddress,
  mongoUriVia,
  startTcpProxy,
  type TcpProxy,
  useMongoTestDatabase,
} from '@food-oms/adapters-mongo/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ApiProcess, startApiProcess } from './support/api-process.ts';
import {
  type Call,
  logIn,
  newCustomer,
  newMenuItem,
  PASSWORD,
  placeOrder,
  tokenFor,
  until,
  untilReadiness,
} from './support/api-steps.ts';
import { client } from './support/client.ts';
import { FaultLedger } from './support/fault-ledger.ts';
import { type AttemptOutcome, attempt } from './support/http-attempt.ts';

// The real API process against a database that fails under it: through a TCP proxy the
// test controls (cut: connections closed and refused; stall: connections hang), and by a
// SIGTERM in the middle of traffic. Every test ends with the same checks (FaultLedger):
// at most one order per (customer, Idempotency-Key), every order answered 201 is stored,
// and every 5xx was a clean 503 SERVICE_UNAVAILABLE that says nothing about the database.

const mongo = useMongoTestDatabase();

const JWT_SECRET = 'faults-secret-that-is-at-least-32-bytes-long';
/**
 * The longest any single answer may take while the database ails. The driver's bounds
 * (2 s to select a server, 2 s to connect, 5 s for a reply) with one retry come to about
 * 10 s; doubled for a loaded two-core machine.
 */
const ANSWER_BOUND_MS = 20_000;
/** How long a retrying client keeps at one Idempotency-Key before the test gives up. */
const RETRY_FOR_MS = 45_000;

/** Per test: a fault, its bounded 503s and the recovery, with room for a loaded machine. */
const TEST_TIMEOUT_MS = 90_000;

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

function apiEnv(mongoUri: string, adminEmail: string): Record<string, string> {
  return {
    JWT_SECRET,
    MONGODB_URI: mongoUri,
    MONGODB_DB: mongo.get().dbName,
    BOOTSTRAP_ADMIN_EMAIL: adminEmail,
    BOOTSTRAP_ADMIN_PASSWORD: PASSWORD,
    // Far above this traffic: these tests are about the database, not the limits (and
    // without REDIS_URL each process counts on its own).
    RATE_LIMIT_SIGNUP_PER_MIN: '1000',
    RATE_LIMIT_LOGIN_PER_MIN: '1000',
    RATE_LIMIT_ORDER_CREATE_PER_MIN: '100000',
  };
}

/** Every answer goes through the ledger, with how long it took. */
function recording(call: Call, ledger: FaultLedger): Call {
  return async (method, path, options) => {
    const started = performance.now();
    const reply = await call(method, path, options);
    return ledger.record(reply, performance.now() - started);
  };
}

/** The orders stored for `customerId`, as Idempotency-Key → order id. */
async function storedOrders(customerId: string): Promise<Map<string, string>> {
  const stored = await mongo
    .get()
    .db.collection<{ _id: string; idempotencyKey: string }>('orders')
    .find({ customerId }, { projection: { _id: 1, idempotencyKey: 1 } })
    .toArray();
  return new Map(stored.map((order) => [order.idempotencyKey, order._id]));
}

interface Traffic {
  /** Keys answered 201 so far. */
  completed(): number;
  /** Orders that were already stored when their key was retried (the answer had been lost). */
  replays(): number;
  /** Starts no new key, lets every client finish its current one; resolves key → order id. */
  stop(): Promise<Map<string, string>>;
  /** After a failed test: every client gives up at its next answer, finished or not. */
  abandon(): void;
}

/**
 * `clients` loops, each placing orders under fresh keys one after another. A 503 makes it
 * send the same key again (sooner than Retry-After says, to press the recovery) until the
 * key gets its 201: what a client that must not lose or double an order does.
 */
function startTraffic(call: Call, token: string, body: unknown, clients: number, label: string): Traffic {
  const orders = new Map<string, string>();
  let replays = 0;
  let stopping = false;
  let abandoned = false;

  const createUntilCreated = async (key: string): Promise<string> => {
    const deadline = performance.now() + RETRY_FOR_MS;
    for (let retry = false; ; retry = true) {
      const reply = await placeOrder(call, token, key, body);
      if (reply.status === 201) {
        if (retry && reply.headers.get('idempotent-replayed') === 'true') replays += 1;
        return reply.body.order.id;
      }
      if (reply.status !== 503) throw new Error(`${key}: ${reply.status} ${JSON.stringify(reply.body)}`);
      if (abandoned) throw new Error(`${key}: abandoned`);
      if (performance.now() > deadline) throw new Error(`${key}: still 503 after ${RETRY_FOR_MS} ms`);
      await sleep(100);
    }
  };

  const loops = Array.from({ length: clients }, async (_, c) => {
    for (let i = 0; !stopping; i += 1) {
      const key = `${label}-${c}-${i}`;
      orders.set(key, await createUntilCreated(key));
    }
  }).map((loop) =>
    // Kept as a value, so a failing client stops the others and fails the test at stop().
    loop.then(
      () => null,
      (error: unknown) => {
        stopping = true;
        return error;
      },
    ),
  );

  return {
    completed: () => orders.size,
    replays: () => replays,
    async stop() {
      stopping = true;
      const failure = (await Promise.all(loops)).find((error) => error !== null);
      if (failure !== undefined) throw failure;
      return orders;
    },
    abandon() {
      stopping = true;
      abandoned = true;
    },
  };
}

describe.skipIf(!mongo.available)('the API process when the database fails', () => {
  let ledger: FaultLedger;
  /** Undone after each test, last first: traffic, API processes, proxies. */
  let cleanups: (() => Promise<unknown>)[];

  beforeEach(() => {
    ledger = new FaultLedger();
    cleanups = [];
  });

  afterEach(async () => {
    try {
      await ledger.verify(mongo.get().db);
    } finally {
      for (const cleanup of cleanups.reverse()) await cleanup();
    }
  });

  async function proxyToDatabase(): Promise<TcpProxy> {
    const proxy = await startTcpProxy(mongoServerAddress(mongo.get().uri));
    cleanups.push(() => proxy.close());
    return proxy;
  }

  async function api(env: Record<string, string>): Promise<ApiProcess> {
    const started = await startApiProcess(env);
    cleanups.push(() => started.stop());
    return started;
  }

  /** A ready API behind `proxy`, a customer, and an order body for a menu item. */
  async function servingThrough(proxy: TcpProxy, label: string) {
    const admin = `${label}-admin@example.com`;
    const { url } = await api(apiEnv(mongoUriVia(mongo.get().uri, proxy.address), admin));
    const call = recording(client(url), ledger);
    await untilReadiness(call, 200);
    const customer = await newCustomer(call, label);
    const menuItemId = await newMenuItem(call, await logIn(call, admin), `${label} soup`);
    return { call, customer, body: { items: [{ menuItemId, quantity: 1 }] } };
  }

  /** Every key ended with exactly the order its client was answered, and a retry now replays it. */
  async function expectExactlyOneOrderPerKey(
    call: Call,
    customer: { readonly id: string; readonly token: string },
    body: unknown,
    orders: Map<string, string>,
  ): Promise<void> {
    expect(await storedOrders(customer.id)).toEqual(orders);
    const keys = [...orders.keys()];
    const again = await Promise.all(keys.map((key) => placeOrder(call, customer.token, key, body)));
    expect(
      again.map((reply) => [reply.status, reply.headers.get('idempotent-replayed'), reply.body.order?.id]),
    ).toEqual(keys.map((key) => [201, 'true', orders.get(key)]));
  }

  it(
    'starts while the database is unreachable: live, not ready, 503 within the bound, and heals without a restart',
    async (context) => {
      // Simulates: the API starts before its database (deploy order, a database still
      // booting, a partition); nothing listens at the database's address.
      const proxy = await proxyToDatabase();
      await proxy.cut();
      const admin = 'cold-admin@example.com';
      const { url } = await api(apiEnv(mongoUriVia(mongo.get().uri, proxy.address), admin));
      const call = recording(client(url), ledger);
      // A token another instance issued earlier: logging in needs the database.
      const token = await tokenFor(JWT_SECRET, 'customer');
      const newcomer = { email: 'cold-newcomer@example.com', password: PASSWORD, name: 'Newcomer' };

      expect((await call('GET', '/health/live')).status).toBe(200);
      const started = performance.now();
      const during = await Promise.all([
        call('GET', '/health/ready'),
        call('POST', '/auth/signup', { body: newcomer }),
        call('POST', '/auth/login', { body: { email: admin, password: PASSWORD } }),
        call('GET', '/menu-items', { token }),
        placeOrder(call, token, 'cold-1', { items: [{ menuItemId: randomUUID(), quantity: 1 }] }),
      ]);
      const to503Ms = performance.now() - started;
      for (const reply of during) {
        expect(reply.status, JSON.stringify(reply.body)).toBe(503);
        expect(reply.body.code).toBe('SERVICE_UNAVAILABLE');
      }
      expect(to503Ms).toBeLessThan(ANSWER_BOUND_MS);

      await proxy.restore();
      const toReadyMs = await untilReadiness(call, 200);

      // The same process, never restarted: the bootstrap admin now exists and every route works.
      const adminToken = await logIn(call, admin);
      const me = await call('GET', '/users/me', { token: adminToken });
      expect(me.body.user).toMatchObject({ email: admin, role: 'admin' });
      expect((await call('POST', '/auth/signup', { body: newcomer })).status).toBe(201);
      const menuItemId = await newMenuItem(call, adminToken, 'Cold soup');
      const menu = await call('GET', '/menu-items', { token });
      expect(menu.status).toBe(200);
      expect(menu.body.items.map((item: { id: string }) => item.id)).toEqual([menuItemId]);
      // The 503 consumed nothing: the key is free for a different body, and makes one order.
      const placed = await placeOrder(call, token, 'cold-1', { items: [{ menuItemId, quantity: 2 }] });
      expect(placed.status).toBe(201);
      expect(placed.headers.get('idempotent-replayed')).toBeNull();

      await context.annotate(
        `503 to all within ${Math.round(to503Ms)} ms; ready ${Math.round(toReadyMs)} ms after restore`,
      );
    },
    TEST_TIMEOUT_MS,
  );

  it.for([
    {
      fault: 'cut',
      // Simulates: the database host dies or the network between drops while orders flow:
      // open connections are closed under the driver, new ones are refused.
      title: 'a connection cut mid-traffic',
      begin: (proxy: TcpProxy) => proxy.cut(),
    },
    {
      fault: 'stall',
      // Simulates: the database accepts connections but stops answering (a stuck primary,
      // a black-holed network): requests would wait forever without the driver's timeouts.
      title: 'a hung database',
      begin: async (proxy: TcpProxy) => proxy.stall(),
    },
  ] as const)(
    '$title: bounded 503s, then recovery; retrying clients end with one order per key',
    { timeout: TEST_TIMEOUT_MS },
    async ({ fault, begin }, context) => {
      const proxy = await proxyToDatabase();
      const { call, customer, body } = await servingThrough(proxy, fault);
      const traffic = startTraffic(call, customer.token, body, 4, fault);
      cleanups.push(async () => traffic.abandon());

      await until(
        `orders before the ${fault}`,
        async () => traffic.completed(),
        (n) => n >= 8,
        20_000,
      );
      const earlier503s = ledger.serverErrors.length;
      await begin(proxy);
      const { elapsedMs: to503Ms } = await until(
        `a 503 during the ${fault}`,
        async () => ledger.serverErrors.length,
        (n) => n > earlier503s,
        ANSWER_BOUND_MS,
      );
      expect((await call('GET', '/health/ready')).status).toBe(503);

      await proxy.restore();
      const toReadyMs = await untilReadiness(call, 200);
      const before = traffic.completed();
      await until(
        'orders after the recovery',
        async () => traffic.completed(),
        (n) => n >= before + 8,
        30_000,
      );
      const orders = await traffic.stop();

      expect(ledger.slowestMs).toBeLessThan(ANSWER_BOUND_MS);
      await expectExactlyOneOrderPerKey(call, customer, body, orders);
      await context.annotate(
        `first 503 ${Math.round(to503Ms)} ms after the ${fault}; ready ${Math.round(toReadyMs)} ms after restore; ` +
          `${ledger.serverErrors.length} 503s, slowest answer ${Math.round(ledger.slowestMs)} ms; ` +
          `${orders.size} keys, ${traffic.replays()} answered by a replay after a lost answer`,
      );
    },
  );

  it(
    'SIGTERM under load: in-flight requests finish, later ones get 503 or a refused connection, exit 0, every 201 is stored',
    async (context) => {
      // Simulates: a rolling deploy stops this instance while clients send it orders over
      // kept-alive connections; half of them go quiet once the signal is sent (their pooled
      // connection idles), half keep sending until they are turned away.
      const admin = 'sigterm-admin@example.com';
      const env = apiEnv(mongo.get().uri, admin);
      const server = await api(env);
      const call = recording(client(server.url), ledger);
      await untilReadiness(call, 200);
      const customer = await newCustomer(call, 'sigterm');
      const menuItemId = await newMenuItem(call, await logIn(call, admin), 'Last soup');
      const body = { items: [{ menuItemId, quantity: 1 }] };

      const sent: { requestId: string; outcome: AttemptOutcome }[] = [];
      let signalled = false;
      const agents = Array.from({ length: 8 }, () => new Agent({ keepAlive: true, maxSockets: 1 }));
      cleanups.push(async () => {
        for (const agent of agents) agent.destroy();
      });
      const clients = agents.map(async (agent, w) => {
        const quiet = w % 2 === 1;
        for (let i = 0; i < 300 && !(quiet && signalled); i += 1) {
          const key = `sigterm-${w}-${i}`;
          // A reset leaves the client unsure whether the order was placed: it sends the same
          // key again, which is safe (at most one order per key); the server log tells below
          // that no reset hit a request the server had read.
          for (let n = 1; n <= 5; n += 1) {
            const requestId = `${key}.${n}`;
            const outcome = await attempt(agent, server.url, {
              method: 'POST',
              path: '/orders',
              token: customer.token,
              body,
              headers: { 'idempotency-key': key, 'x-request-id': requestId },
            });
            sent.push({ requestId, outcome });
            if (outcome.kind === 'answered') ledger.record(outcome);
            if (outcome.kind !== 'reset') break;
          }
          const last = sent.at(-1)?.outcome;
          if (last?.kind !== 'answered' || last.status !== 201) return last;
        }
        return undefined;
      });

      await until(
        'orders before the signal',
        async () => ledger.created.size,
        (n) => n >= 40,
        20_000,
      );
      signalled = true;
      server.child.kill('SIGTERM');
      expect(await server.exited).toBe(0);
      const endings = await Promise.all(clients);

      // The server's own account, in order: which requests it read before and after the signal.
      const events = server.output.flatMap((line) => {
        try {
          return [JSON.parse(line) as { msg?: string; requestId?: string }];
        } catch {
          return [];
        }
      });
      const signalAt = events.findIndex((event) => event.msg === 'shutting down');
      expect(signalAt).toBeGreaterThan(0);
      const read = new Map<string, 'before' | 'after'>();
      for (const [index, event] of events.entries()) {
        if (event.msg === 'incoming request' && event.requestId !== undefined) {
          read.set(event.requestId, index < signalAt ? 'before' : 'after');
        }
      }
      const inFlight = events
        .slice(signalAt)
        .filter((event) => event.msg === 'request completed' && read.get(event.requestId ?? '') === 'before');
      expect(inFlight.length, 'no request was in flight at the signal').toBeGreaterThan(0);

      let turnedAway = 0;
      for (const { requestId, outcome } of sent) {
        const when = read.get(requestId);
        if (when === undefined) {
          // Never read: refused, or dropped unread as the listener and idle connections closed.
          expect(outcome.kind, requestId).not.toBe('answered');
          turnedAway += 1;
        } else {
          // Read before the signal: finished normally. Read after: a clean 503.
          expect(outcome, requestId).toMatchObject({
            kind: 'answered',
            status: when === 'before' ? 201 : 503,
          });
        }
      }
      // Each persistent client was turned away in the end: a 503 or a refused connection.
      const persistentEndings = endings
        .filter((_, w) => w % 2 === 0)
        .map((ending) => (ending?.kind === 'answered' ? ending.status : ending?.kind));
      for (const ending of persistentEndings) expect([503, 'refused']).toContain(ending);

      // Nothing lost: a new process on the same database serves every order answered 201, and
      // no order was written that its client was not told about.
      const successor = await api(env);
      const after = client(successor.url);
      await untilReadiness(after, 200);
      const ids = [...ledger.created];
      const fetched = await Promise.all(
        ids.map((id) => after('GET', `/orders/${id}`, { token: customer.token })),
      );
      expect(fetched.map((reply) => [reply.status, reply.body.order?.id])).toEqual(
        ids.map((id) => [200, id]),
      );
      expect(new Set((await storedOrders(customer.id)).values())).toEqual(new Set(ids));

      const drained = sent.filter(({ outcome }) => outcome.kind === 'answered' && outcome.status === 503);
      await context.annotate(
        `${ids.length} orders; ${inFlight.length} in flight at SIGTERM finished; ` +
          `${drained.length} answered 503 while draining; ${turnedAway} never read (refused or dropped unread)`,
      );
    },
    TEST_TIMEOUT_MS,
  );
});
