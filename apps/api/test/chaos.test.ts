import { randomUUID } from 'node:crypto';
import {
  mongoServerAddress,
  mongoUriVia,
  startTcpProxy,
  type TcpProxy,
  useMongoTestDatabase,
} from '@food-oms/adapters-mongo/testing';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { logIn, newCustomer, newMenuItem, PASSWORD, untilReadiness } from './support/api-steps.ts';
import {
  check,
  finalState,
  type ServedOrder,
  type StoredOrder,
  summaryLine,
} from './support/chaos/checker.ts';
import { ChaosCluster, type FaultPlan, injectFaults } from './support/chaos/faults.ts';
import { ChaosHistory } from './support/chaos/history.ts';
import { type Participant, Workload } from './support/chaos/workload.ts';
import { client } from './support/client.ts';

// Proof under chaos (Jepsen's method, at the scale of a test run): two API processes on one
// database (through a TCP proxy) and one Redis (through another) take a mixed workload while
// the database is cut and stalled, Redis is cut, one process is SIGKILLed and restarted and the
// other drained with SIGTERM and restarted. Every request and its outcome is recorded; then the
// checker reads the final database and proves that no acknowledged effect was lost, doubled or
// invented (support/chaos/checker.ts lists the properties). CHAOS_PROFILE=long runs longer.

const mongo = useMongoTestDatabase();

const JWT_SECRET = 'chaos-secret-that-is-at-least-32-bytes-long!';
const ADMIN = 'chaos-admin@example.com';
/** Every process must be ready again this soon after a fault heals. */
const READY_BOUND_MS = 20_000;

interface Profile {
  readonly name: string;
  readonly customers: number;
  readonly kitchens: number;
  readonly plan: FaultPlan;
  readonly maxRequests: number;
  readonly timeoutMs: number;
}

const PROFILES: Record<string, Profile> = {
  ci: {
    name: 'ci',
    customers: 5,
    kitchens: 2,
    plan: { calmMs: 1_500, faultMs: 2_000, downMs: 500, rounds: 1 },
    maxRequests: 6_000,
    timeoutMs: 180_000,
  },
  long: {
    name: 'long',
    customers: 12,
    kitchens: 3,
    plan: { calmMs: 5_000, faultMs: 6_000, downMs: 2_000, rounds: 4 },
    maxRequests: 100_000,
    timeoutMs: 900_000,
  },
};

const profileName = process.env.CHAOS_PROFILE ?? 'ci';
const profile = PROFILES[profileName];
const seed = Number(process.env.CHAOS_SEED ?? Date.now() % 1_000_000);

const redisUrl = process.env.REDIS_URL || undefined;
const NO_REDIS = 'REDIS_URL is not set, so there is no shared rate-limit store to take away';
const redisPrefix = `food-oms-chaos:${randomUUID()}:`;

/** The same Redis URL, through `proxy`, with this run's key prefix (ioredis reads it from the query). */
function redisUrlVia(url: string, proxy: TcpProxy | null): string {
  const via = new URL(url);
  if (proxy !== null) via.host = `${proxy.address.host}:${proxy.address.port}`;
  via.searchParams.set('keyPrefix', redisPrefix);
  return via.toString();
}

const ms = (value: number) => `${(value / 1000).toFixed(1)} s`;

describe.skipIf(!mongo.available)(
  'proof under chaos: a recorded history checked against the guarantees',
  () => {
    const cleanups: (() => Promise<unknown>)[] = [];

    afterAll(async () => {
      for (const cleanup of cleanups.reverse()) await cleanup();
    });

    it(`${profileName} profile: no acknowledged effect lost, doubled or invented across faults`, {
      timeout: profile?.timeoutMs ?? 1,
    }, async () => {
      if (profile === undefined)
        throw new Error(`CHAOS_PROFILE must be one of ${Object.keys(PROFILES).join(', ')}`);
      const started = performance.now();
      const { uri, dbName, db, ferretDbVersion } = mongo.get();

      const database = await startTcpProxy(mongoServerAddress(uri));
      cleanups.push(() => database.close());
      let redis: TcpProxy | null = null;
      if (redisUrl === undefined) {
        if (process.env.REQUIRE_REDIS === '1') throw new Error(`REQUIRE_REDIS=1, but ${NO_REDIS}`);
        console.warn(`[chaos] the Redis fault is SKIPPED: ${NO_REDIS}`);
      } else {
        const { hostname, port } = new URL(redisUrl);
        redis = await startTcpProxy({
          host: hostname.replace(/^\[(.*)\]$/, '$1'),
          port: Number(port || 6379),
        });
        cleanups.push(async () => {
          await redis?.close();
          const direct = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
          const keys = await direct.keys(`${redisPrefix}*`);
          if (keys.length > 0) await direct.del(...keys);
          direct.disconnect();
        });
      }
      // CHAOS_RACING=1 races on FerretDB too: to watch the checker catch what a non-atomic server does.
      const racing = ferretDbVersion === null || process.env.CHAOS_RACING === '1';
      if (racing && ferretDbVersion !== null) {
        console.warn(
          `[chaos] CHAOS_RACING=1: racing writers on one order on FerretDB ${ferretDbVersion}, expect anomalies`,
        );
      }
      if (!racing) {
        console.warn(
          `[chaos] racing writers on one order: SKIPPED on FerretDB ${ferretDbVersion}, which applies a conditional ` +
            'update as read-then-write (several racers could all win); here every order has one writer at a time ' +
            'and keyed retries are sequential per order. Concurrent creates under one key still run (a unique index). ' +
            'Point MONGODB_URI at real MongoDB for the racing part.',
        );
      }

      const cluster = await ChaosCluster.start(
        {
          JWT_SECRET,
          MONGODB_URI: mongoUriVia(uri, database.address),
          MONGODB_DB: dbName,
          BOOTSTRAP_ADMIN_EMAIL: ADMIN,
          BOOTSTRAP_ADMIN_PASSWORD: PASSWORD,
          // Far above this traffic: the run is about faults, not limits (which still count in Redis).
          RATE_LIMIT_SIGNUP_PER_MIN: '1000',
          RATE_LIMIT_LOGIN_PER_MIN: '1000',
          RATE_LIMIT_ORDER_CREATE_PER_MIN: '1000000',
          RATE_LIMIT_ORDER_UPDATE_PER_MIN: '1000000',
          RATE_LIMIT_ADMIN_PER_MIN: '1000000',
          ...(redisUrl !== undefined && { REDIS_URL: redisUrlVia(redisUrl, redis) }),
        },
        2,
      );
      cleanups.push(() => cluster.stopAll());

      // The cast: an admin, kitchens, customers and a menu, made before the faults begin.
      const setup = client(cluster.url(0));
      await Promise.all([0, 1].map((i) => untilReadiness(client(cluster.url(i)), 200)));
      const adminToken = await logIn(setup, ADMIN);
      const me = await setup('GET', '/users/me', { token: adminToken });
      const admin: Participant = { id: me.body.user.id, role: 'admin', token: adminToken, label: 'admin' };
      const kitchens: Participant[] = [];
      for (let k = 0; k < profile.kitchens; k += 1) {
        const email = `chaos-kitchen-${k}-${randomUUID()}@example.com`;
        const created = await setup('POST', '/users', {
          token: adminToken,
          body: { email, password: PASSWORD, name: `Kitchen ${k}`, role: 'kitchen' },
        });
        expect(created.status).toBe(201);
        kitchens.push({
          id: created.body.user.id,
          role: 'kitchen',
          token: await logIn(setup, email),
          label: `kitchen${k}`,
        });
      }
      const customers: Participant[] = [];
      for (let c = 0; c < profile.customers; c += 1) {
        const customer = await newCustomer(setup, `chaos-customer-${c}`);
        customers.push({ ...customer, role: 'customer', label: `customer${c}` });
      }
      const menuItemIds = [
        await newMenuItem(setup, adminToken, 'Chaos soup'),
        await newMenuItem(setup, adminToken, 'Chaos bread'),
      ];

      const history = new ChaosHistory();
      const workload = new Workload(history, cluster, {
        customers,
        kitchens,
        admins: [admin],
        menuItemIds,
        maxRequests: profile.maxRequests,
        racing,
        seed,
        retryForMs: 60_000,
        createTimeoutMs: 2_000,
      });
      const setupMs = performance.now() - started;
      workload.start();
      let faultsMs = 0;
      try {
        await injectFaults(profile.plan, { history, cluster, database, redis });
        faultsMs = performance.now() - started - setupMs;
      } finally {
        await workload.stop();
      }
      const drainMs = performance.now() - started - setupMs - faultsMs;

      // The final state: every order as the API serves it to the admin (all pages), and as stored.
      const after = client(cluster.url(0));
      const served: ServedOrder[] = [];
      for (let cursor: string | null = null; ; ) {
        const page = await after(
          'GET',
          `/orders?limit=100${cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`}`,
          {
            token: adminToken,
          },
        );
        expect(page.status, JSON.stringify(page.body)).toBe(200);
        served.push(...page.body.items);
        cursor = page.body.nextCursor;
        if (cursor === null) break;
      }
      const stored = await db.collection<StoredOrder>('orders').find({}).toArray();
      const joined = finalState(served, stored);
      const report = check({
        records: history.records,
        faults: history.faults,
        orders: joined.orders,
        readyBoundMs: READY_BOUND_MS,
      });
      const anomalies = [...joined.anomalies, ...report.anomalies];

      const unknown = history.records.filter((record) => record.outcome.kind === 'unknown').length;
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      const faultLines = history.faults.map(
        (fault) =>
          `  ${fault.kind} (${fault.note}): ready again after ${fault.readyAfterMs.map((ms) => (ms === null ? 'never' : `${Math.round(ms)} ms`)).join(' / ')}` +
          (fault.exitCode === undefined ? '' : `, exit ${fault.exitCode}`),
      );
      const countLines = Object.entries(report.counts)
        .toSorted(([a], [b]) => a.localeCompare(b))
        .map(([name, n]) => `  ${name}: ${n}`);
      const stats = workload.stats;
      console.warn(
        [
          `[chaos] profile ${profile.name}, seed ${seed}, ${seconds} s (set-up ${ms(setupMs)}, faults ${ms(faultsMs)}, ` +
            `last operations ${ms(drainMs)}), ${racing ? 'racing writers on' : 'one writer per order (FerretDB)'}`,
          `[chaos] workload: ${stats.races} races, ${stats.doubleSends} double sends, ${stats.keyReuses} key reuses, ` +
            `${stats.retries} retries; slowest answer ${Math.round(history.ledger.slowestMs)} ms`,
          '[chaos] faults:',
          ...faultLines,
          '[chaos] counts:',
          ...countLines,
          ...anomalies.slice(0, 30).map((anomaly) => `[chaos] ANOMALY ${anomaly.kind}: ${anomaly.detail}`),
          ...(anomalies.length === 0
            ? []
            : [
                `[chaos] anomalies by kind: ${[...Map.groupBy(anomalies, (anomaly) => anomaly.kind)].map(([kind, all]) => `${kind} ${all.length}`).join(', ')}`,
              ]),
          summaryLine(history.records.length, history.faults.length, unknown, anomalies.length),
        ].join('\n'),
      );
      expect(anomalies).toEqual([]);
      await history.ledger.verify(db);
    });
  },
);
