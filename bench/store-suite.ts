// One store's suite: the API's routes, then the ceiling's, and on MongoDB the raw driver.
import { launchServer } from '@food-oms/api/launcher';
import { call, createdOrderIds, type Dataset, JWT_CLAIMS, orderBody, seed, startApi } from './api.ts';
import type { CeilingRoute } from './ceiling.ts';
import {
  fire,
  type Measurement,
  measure,
  type RunOptions,
  rssMiB,
  type Scenario,
  waitForQuiet,
} from './measure.ts';
import { openRawDriver, type RawDriver, type RawMeasurement } from './raw-driver.ts';
import { CHAIN, getOrder, listOrders, logIn, placeOrder, supply, transitionChains } from './scenarios.ts';

/** 20 customers × 30 orders: each customer's list has a full page of 20, and then some. */
export const DATASET = { customers: 20, ordersPerCustomer: 30, menuItems: 10 } as const;

export interface Knobs {
  readonly durationSeconds: number;
  readonly warmupSeconds: number;
  readonly connections: number;
  readonly mongoUri: string | null;
  /** BENCH_CPU_PROF_DIR: the API runs under node --cpu-prof and writes its profile there. */
  readonly cpuProfileDir: string | null;
}

export type StoreSuite = Awaited<ReturnType<typeof runStoreSuite>>;

const CEILING_ROUTES = [
  { route: 'GET /orders/:id', method: 'GET', url: '/orders/:id', status: 200 },
  { route: 'GET /orders?limit=20', method: 'GET', url: '/orders', status: 200 },
  { route: 'POST /orders', method: 'POST', url: '/orders', status: 201 },
  { route: 'PATCH /orders/:id/status', method: 'PATCH', url: '/orders/:id/status', status: 200 },
  { route: 'POST /auth/login', method: 'POST', url: '/auth/login', status: 200 },
] as const;

/** Sizes of one real answer per route (of a transition, the mean over a chain). */
async function sampleSizes(url: string, data: Dataset, chainId: string): Promise<Record<string, number>> {
  const [c] = data.customers;
  if (c === undefined) throw new Error('no customers');
  let chain = 0;
  for (const status of CHAIN) {
    const options = { token: data.kitchenToken, body: { status } };
    chain += (await call(200, url, 'PATCH', `/orders/${chainId}/status`, options)).bytes / CHAIN.length;
  }
  const order = { token: c.token, key: `sample-${Date.now()}`, body: orderBody(data.menuItemIds, 0) };
  const logIn = { body: { email: c.email, password: c.password } };
  return {
    'GET /orders/:id': (await call(200, url, 'GET', `/orders/${c.orderIds[0]}`, { token: c.token })).bytes,
    'GET /orders?limit=20': (await call(200, url, 'GET', '/orders?limit=20', { token: c.token })).bytes,
    'POST /orders': (await call(201, url, 'POST', '/orders', order)).bytes,
    'PATCH /orders/:id/status': Math.round(chain),
    'POST /auth/login': (await call(200, url, 'POST', '/auth/login', logIn)).bytes,
  };
}

export async function runStoreSuite(
  store: 'memory' | 'mongodb',
  knobs: Knobs,
  jwtSecret: string,
  log: (line: string) => void,
) {
  const { connections, warmupSeconds, durationSeconds, mongoUri } = knobs;
  const tag = `bench-${Date.now()}`;
  const dbName = tag.replace('-', '_');
  const onMongo = store === 'mongodb' && mongoUri !== null;
  const api: Measurement[] = [];
  const rawDriver: RawMeasurement[] = [];
  const ordersInCollection: Record<string, number> = {};

  log(`${store}: starting the API`);
  const profile = knobs.cpuProfileDir === null ? [] : ['--cpu-prof', `--cpu-prof-dir=${knobs.cpuProfileDir}`];
  const server = await startApi(
    jwtSecret,
    onMongo ? { MONGODB_URI: mongoUri, MONGODB_DB: dbName } : {},
    profile,
  );
  const raw: RawDriver | null = onMongo
    ? await openRawDriver({ uri: mongoUri, dbName, concurrency: connections, warmupSeconds, durationSeconds })
    : null;
  let data: Dataset;
  let responseBytes: Record<string, number>;
  let transitionIds: string[];
  let memory: { idleRssMiB: number; seededRssMiB: number; bytesPerOrder: number };
  try {
    await waitForQuiet();
    const idleRssMiB = rssMiB(server.pid);
    log(`${store}: seeding (${DATASET.customers} customers × ${DATASET.ordersPerCustomer} orders)`);
    data = await seed(server.url, DATASET, tag);
    const seededRssMiB = rssMiB(server.pid);
    const { url, pid } = server;
    const options: RunOptions = { ...knobs, url, pid, retryWhenDisturbed: !onMongo };
    const run = async (scenario: Scenario) => {
      log(`${store}: ${scenario.route}`);
      if (raw !== null) ordersInCollection[scenario.route] = await raw.count();
      const measurement = await measure(scenario, options);
      api.push(measurement);
      return measurement;
    };
    // The raw driver runs right after the API's run of the same route, while the API idles.
    const rawRun = async (work: (driver: RawDriver) => Promise<RawMeasurement>) => {
      if (raw === null) return;
      await waitForQuiet();
      rawDriver.push(await work(raw));
    };

    const byId = await run(getOrder(data.customers));
    await rawRun((driver) => driver.findOne(data.customers.flatMap((c) => c.orderIds)));
    await run(listOrders(data.customers));
    await rawRun((driver) => driver.listNewest(data.customers.map((c) => c.id)));
    const rssBefore = rssMiB(pid);
    await run(placeOrder(data.customers, data.menuItemIds, tag));
    await waitForQuiet();
    let ids = await createdOrderIds(url, data.kitchenToken, Infinity);
    const stored = ids.length - DATASET.customers * DATASET.ordersPerCustomer;
    memory = {
      idleRssMiB,
      seededRssMiB,
      bytesPerOrder: Math.round(((rssMiB(pid) - rssBefore) * 2 ** 20) / stored),
    };

    // A read by id bounds a transition from above (it reads, then writes), so it sizes the
    // supply of CREATED orders for the API's chains (twice over in memory, where a disturbed
    // run is repeated), then the raw driver's; topped up through POST /orders when too few.
    const reads = byId.requestsPerSecond + (rawDriver[0]?.operationsPerSecond ?? 0);
    const transitions = reads * (warmupSeconds + durationSeconds) * (onMongo ? 1.2 : 2.4);
    const needed = Math.ceil(transitions / CHAIN.length) + 2 * connections + 1;
    if (ids.length < needed) {
      const topUp = placeOrder(data.customers, data.menuItemIds, `${tag}-top-up`);
      await fire({ url, connections, requests: topUp.requests(), amount: needed - ids.length }, 120);
      ids = await createdOrderIds(url, data.kitchenToken, needed);
    }
    const [chainSample, ...rest] = ids.slice(0, needed);
    if (chainSample === undefined) throw new Error('no orders to transition');
    transitionIds = rest;
    responseBytes = await sampleSizes(url, data, chainSample);
    const chains = supply(transitionIds);
    await run(transitionChains(chains, data.kitchenToken));
    await rawRun((driver) => driver.transitions(chains.next));
    await run(logIn(data.customers));
    // Last, so that its extra documents land in no other run's collection.
    await rawRun((driver) => driver.insertOrders());
  } finally {
    await server.stop();
    await raw?.close();
  }

  log(`${store}: the ceiling (bare Fastify + @fastify/jwt, same-size answers)`);
  const routes: CeilingRoute[] = CEILING_ROUTES.map(({ route, ...r }) => ({
    ...r,
    bytes: responseBytes[route] ?? 0,
    authenticated: route !== 'POST /auth/login',
  }));
  const env = { ...JWT_CLAIMS, JWT_SECRET: jwtSecret, CEILING_ROUTES: JSON.stringify(routes) };
  const bare = await launchServer({ script: new URL('./ceiling.ts', import.meta.url).pathname, env });
  const ceiling: Measurement[] = [];
  try {
    const { url, pid } = bare;
    const options: RunOptions = { ...knobs, url, pid, retryWhenDisturbed: true };
    for (const scenario of [
      getOrder(data.customers),
      listOrders(data.customers),
      placeOrder(data.customers, data.menuItemIds, `ceiling-${tag}`),
      transitionChains(supply(transitionIds, true), data.kitchenToken),
      logIn(data.customers),
    ]) {
      log(`${store}: ceiling ${scenario.route}`);
      ceiling.push(await measure(scenario, options));
    }
  } finally {
    await bare.stop();
  }
  const mongo =
    raw === null ? { rawDriver: null, ordersInCollection: null } : { rawDriver, ordersInCollection };
  return { store, dataset: DATASET, responseBytes, memory, api, ceiling, ...mongo };
}
