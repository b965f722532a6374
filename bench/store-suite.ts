import { join } from 'node:path';
import { bodyBytes, expect } from './api-client.ts';
import { JWT_CLAIMS, startApiServer } from './api-server.ts';
import type { CeilingRoute } from './ceiling-server.ts';
import { startChildServer } from './child-server.ts';
import { fire, type LoadOptions, type Measurement, measure, waitForQuiet } from './load.ts';
import type { BenchOptions } from './options.ts';
import { openRawDriver, type RawDriver, type RawMeasurement } from './raw-driver.ts';
import {
  CHAIN,
  cycling,
  getOrder,
  listOrders,
  logInScenario,
  onceEach,
  placeOrder,
  type Scenario,
  transitionChains,
} from './scenarios.ts';
import { createdOrderIds, type Dataset, orderBody, readsOf, seedDataset, tokensOf } from './seed.ts';

const CEILING_SERVER = join(import.meta.dirname, 'ceiling-server.ts');

/** A quarter of a core taken by processes that are not part of the run: the run is repeated once. */
const OTHER_CPU_RETRY_PERCENT = 25;

export type Store = 'memory' | 'mongodb';

/** 20 customers × 30 orders: each customer's list has a full page of 20, and then some. */
export const DATASET = { customers: 20, ordersPerCustomer: 30, menuItems: 10 } as const;

export interface StoreSuiteResult {
  readonly store: Store;
  /** Seeded before the first run; the two GET runs read exactly these orders. */
  readonly dataset: typeof DATASET;
  /** Body bytes of one answer of each route, which the ceiling answers with too. */
  readonly responseBytes: Record<string, number>;
  readonly api: Measurement[];
  readonly ceiling: Measurement[];
  readonly rawDriver: RawMeasurement[] | null;
  /** On MongoDB: documents in the orders collection when each route's API run began. */
  readonly ordersInCollection: Record<string, number> | null;
}

/** Sizes of one real answer per route: the ceiling's answers are made as large. */
async function sampleSizes(url: string, data: Dataset, chainId: string): Promise<Record<string, number>> {
  const customer = data.customers[0];
  if (customer === undefined) throw new Error('no customers');
  const get = await expect(200, url, 'GET', `/orders/${customer.orderIds[0]}`, { token: customer.token });
  const list = await expect(200, url, 'GET', '/orders?limit=20', { token: customer.token });
  const placed = await expect(201, url, 'POST', '/orders', {
    token: customer.token,
    headers: { 'idempotency-key': `sample-${Date.now()}` },
    body: JSON.parse(orderBody(data.menuItemIds, 0)),
  });
  let chainBytes = 0;
  for (const status of CHAIN) {
    const reply = await expect(200, url, 'PATCH', `/orders/${chainId}/status`, {
      token: data.kitchenToken,
      body: { status },
    });
    chainBytes += bodyBytes(reply);
  }
  const login = await expect(200, url, 'POST', '/auth/login', {
    body: { email: customer.email, password: customer.password },
  });
  return {
    'GET /orders/:id': bodyBytes(get),
    'GET /orders?limit=20': bodyBytes(list),
    'POST /orders': bodyBytes(placed),
    // The mean over the chain the scenario walks (two, three and four history entries).
    'PATCH /orders/:id/status': Math.round(chainBytes / CHAIN.length),
    'POST /auth/login': bodyBytes(login),
  };
}

/** Orders in CREATED for the transition chains: enough for `transitions` requests, made if missing. */
async function ordersToTransition(
  url: string,
  data: Dataset,
  transitions: number,
  connections: number,
): Promise<string[]> {
  const needed = Math.ceil(transitions / CHAIN.length) + 2 * connections + 1;
  let ids = await createdOrderIds(url, data.kitchenToken, needed);
  if (ids.length < needed) {
    const topUp = placeOrder({
      tokens: tokensOf(data),
      menuItemIds: data.menuItemIds,
      keyPrefix: `top-up-${Date.now()}`,
    });
    await fire({ url, connections, requests: topUp.requests(), amount: needed - ids.length }, 120);
    ids = await createdOrderIds(url, data.kitchenToken, needed);
  }
  return ids;
}

export async function runStoreSuite(
  store: Store,
  options: BenchOptions,
  jwtSecret: string,
  log: (line: string) => void,
): Promise<StoreSuiteResult> {
  const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
  const mongo =
    store === 'mongodb' && options.mongoUri !== null
      ? { uri: options.mongoUri, dbName: `food_oms_bench_${stamp}` }
      : undefined;
  const api: Measurement[] = [];
  const ceiling: Measurement[] = [];
  const rawDriver: RawMeasurement[] = [];
  const ordersInCollection: Record<string, number> = {};
  let data: Dataset;
  let responseBytes: Record<string, number>;
  let transitionIds: string[];

  log(`${store}: starting the API${mongo === undefined ? '' : ` on database ${mongo.dbName}`}`);
  const server = await startApiServer({ jwtSecret, mongo, loginLimit: 'raised' });
  // On MongoDB the raw driver runs right after the API's run of the same route, on the API's
  // own collection while the API idles: same documents, same indexes, same concurrency. Its
  // inserts come last, so no run sees a collection grown by them (FerretDB's costs grow with it).
  let raw: RawDriver | null = null;
  const rawRun = async (what: string, work: (driver: RawDriver) => Promise<RawMeasurement>) => {
    if (raw === null) return;
    log(`${store}: raw driver ${what}`);
    await waitForQuiet();
    rawDriver.push(await work(raw));
  };
  try {
    if (mongo !== undefined) {
      raw = await openRawDriver({
        uri: mongo.uri,
        dbName: mongo.dbName,
        concurrency: options.connections,
        durationSeconds: options.durationSeconds,
        warmupSeconds: options.warmupSeconds,
      });
    }
    log(
      `${store}: seeding through the API (${DATASET.customers} customers × ${DATASET.ordersPerCustomer} orders)`,
    );
    data = await seedDataset(server.url, { ...DATASET, tag: `bench-${stamp}` });
    const seeded = data;
    const load: LoadOptions = {
      url: server.url,
      connections: options.connections,
      durationSeconds: options.durationSeconds,
      warmupSeconds: options.warmupSeconds,
      serverPid: server.pid,
      target: 'api',
      ...(mongo === undefined && { retryIfOtherCpuAbove: OTHER_CPU_RETRY_PERCENT }),
    };
    const tokens = tokensOf(data);
    const customerIds = data.customers.map((c) => c.id);
    const reads = readsOf(data);
    const run = async (scenario: Scenario) => {
      log(`${store}: ${scenario.route}`);
      if (raw !== null) ordersInCollection[scenario.route] = await raw.count();
      const measurement = await measure(scenario, load);
      api.push(measurement);
      return measurement;
    };

    const byId = await run(getOrder(reads));
    await rawRun('findOne', (driver) => driver.findOne(reads.map((r) => r.id)));
    await run(listOrders(tokens));
    await rawRun('find newest', (driver) => driver.listNewest(customerIds));
    await run(placeOrder({ tokens, menuItemIds: data.menuItemIds, keyPrefix: `bench-${stamp}` }));

    // A read by id bounds a transition from above (a transition reads, then writes), so it
    // sizes the supply of CREATED orders: for the API's chains, then the raw driver's.
    const readsPerSecond = byId.requestsPerSecond + (rawDriver[0]?.operationsPerSecond ?? 0);
    const runSeconds = options.warmupSeconds + options.durationSeconds;
    const ids = await ordersToTransition(
      server.url,
      data,
      // Twice over on the in-memory store: a disturbed run is repeated (see measure).
      Math.ceil(readsPerSecond * runSeconds * (mongo === undefined ? 2.4 : 1.2)),
      options.connections,
    );
    const [chainSample, ...rest] = ids;
    if (chainSample === undefined) throw new Error('no orders to transition');
    transitionIds = rest;
    responseBytes = await sampleSizes(server.url, data, chainSample);
    const supply = onceEach(transitionIds);
    await run(transitionChains(supply, data.kitchenToken));
    await rawRun('findOneAndUpdate', (driver) =>
      driver.transitions(() => (supply.remaining > 0 ? supply.next() : undefined)),
    );
    await run(logInScenario(data.customers));
    // Last, so that its extra documents land in no other run's collection.
    await rawRun('insertOne', (driver) => driver.insertOrders(customerIds, seeded.menuItems));
  } finally {
    await server.stop();
    // The API's database was made for this run only.
    await raw?.dropDatabase();
    await raw?.close();
  }

  log(`${store}: the ceiling (bare Fastify + @fastify/jwt, same-size answers)`);
  const routes: CeilingRoute[] = [
    { method: 'GET', url: '/orders/:id', status: 200, authenticated: true, bodyBytes: 0 },
    { method: 'GET', url: '/orders', status: 200, authenticated: true, bodyBytes: 0 },
    { method: 'POST', url: '/orders', status: 201, authenticated: true, bodyBytes: 0 },
    { method: 'PATCH', url: '/orders/:id/status', status: 200, authenticated: true, bodyBytes: 0 },
    { method: 'POST', url: '/auth/login', status: 200, authenticated: false, bodyBytes: 0 },
  ].map((route) => {
    const key =
      route.url === '/orders' && route.method === 'GET'
        ? 'GET /orders?limit=20'
        : `${route.method} ${route.url}`;
    return { ...route, bodyBytes: responseBytes[key] ?? 0 } as CeilingRoute;
  });
  const bare = await startChildServer({
    name: 'ceiling',
    script: CEILING_SERVER,
    readyPath: '/health/ready',
    env: {
      JWT_SECRET: jwtSecret,
      JWT_ISSUER: JWT_CLAIMS.issuer,
      JWT_AUDIENCE: JWT_CLAIMS.audience,
      CEILING_ROUTES: JSON.stringify(routes),
    },
  });
  try {
    const load: LoadOptions = {
      url: bare.url,
      connections: options.connections,
      durationSeconds: options.durationSeconds,
      warmupSeconds: options.warmupSeconds,
      serverPid: bare.pid,
      target: 'ceiling',
      retryIfOtherCpuAbove: OTHER_CPU_RETRY_PERCENT,
    };
    const tokens = tokensOf(data);
    for (const scenario of [
      getOrder(readsOf(data)),
      listOrders(tokens),
      placeOrder({ tokens, menuItemIds: data.menuItemIds, keyPrefix: `ceiling-${stamp}` }),
      transitionChains(cycling(transitionIds), data.kitchenToken),
      logInScenario(data.customers),
    ]) {
      log(`${store}: ceiling ${scenario.route}`);
      ceiling.push(await measure(scenario, load));
    }
  } finally {
    await bare.stop();
  }

  return {
    store,
    dataset: DATASET,
    responseBytes,
    api,
    ceiling,
    rawDriver: mongo === undefined ? null : rawDriver,
    ordersInCollection: mongo === undefined ? null : ordersInCollection,
  };
}
