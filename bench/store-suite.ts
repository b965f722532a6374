// One store's suite: each of the API's routes in turns with the ceiling's same route, then on
// MongoDB the raw driver's.
import { launchServer } from '@food-oms/api/launcher';
import { call, createdOrderIds, type Dataset, JWT_CLAIMS, orderBody, seed, startApi } from './api.ts';
import type { CeilingRoute } from './ceiling.ts';
import {
  fire,
  type Measurement,
  measurePair,
  type PairedShare,
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
  /** BENCH_SLICES: how many turns the API and the ceiling take on each route. */
  readonly slices: number;
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

/** The bare-Fastify ceiling, answering each route with a body of the API's answer's size. */
function startCeiling(responseBytes: Record<string, number>, jwtSecret: string) {
  const routes: CeilingRoute[] = CEILING_ROUTES.map(({ route, ...r }) => ({
    ...r,
    bytes: responseBytes[route] ?? 0,
    authenticated: route !== 'POST /auth/login',
  }));
  const env = { ...JWT_CLAIMS, JWT_SECRET: jwtSecret, CEILING_ROUTES: JSON.stringify(routes) };
  return launchServer({ script: new URL('./ceiling.ts', import.meta.url).pathname, env });
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
  const ceiling: Measurement[] = [];
  const ofCeilingByCpu: Record<string, PairedShare> = {};
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
  let memory: { idleRssMiB: number; seededRssMiB: number; bytesPerOrder: number };
  let bare: Awaited<ReturnType<typeof launchServer>> | undefined;
  try {
    await waitForQuiet();
    const idleRssMiB = rssMiB(server.pid);
    log(`${store}: seeding (${DATASET.customers} customers × ${DATASET.ordersPerCustomer} orders)`);
    data = await seed(server.url, DATASET, tag);
    const seededRssMiB = rssMiB(server.pid);
    const { url, pid } = server;
    // The answers' sizes, for the ceiling, from the seeded data (a transition's from one
    // customer's last order, which its chain takes to READY).
    const chainSample = data.customers.at(-1)?.orderIds.at(-1);
    if (chainSample === undefined) throw new Error('no orders to transition');
    responseBytes = await sampleSizes(url, data, chainSample);
    bare = await startCeiling(responseBytes, jwtSecret);
    const options: RunOptions = { ...knobs, url, pid, retryWhenDisturbed: false };
    const ceilingOptions: RunOptions = { ...knobs, url: bare.url, pid: bare.pid, retryWhenDisturbed: false };
    // The API and the ceiling take turns on each route, in slices a second or so long, so
    // that both meet the same machine: on a shared one, what other work takes drifts over
    // seconds, and the ratio of the two is the figure read.
    const run = async (scenario: Scenario, twin: Scenario) => {
      log(`${store}: ${scenario.route}, and the ceiling's, in ${knobs.slices} turns each`);
      if (raw !== null) ordersInCollection[scenario.route] = await raw.count();
      const pair = await measurePair(
        { scenario, options },
        { scenario: twin, options: ceilingOptions },
        knobs.slices,
      );
      api.push(pair.api);
      ceiling.push(pair.ceiling);
      ofCeilingByCpu[scenario.route] = pair.ofCeilingByCpu;
      return pair.api;
    };
    // The raw driver runs right after the API's run of the same route, while the API idles.
    const rawRun = async (work: (driver: RawDriver) => Promise<RawMeasurement>) => {
      if (raw === null) return;
      await waitForQuiet();
      rawDriver.push(await work(raw));
    };

    const byId = await run(getOrder(data.customers), getOrder(data.customers));
    await rawRun((driver) => driver.findOne(data.customers.flatMap((c) => c.orderIds)));
    await run(listOrders(data.customers), listOrders(data.customers));
    await rawRun((driver) => driver.listNewest(data.customers.map((c) => c.id)));
    const rssBefore = rssMiB(pid);
    await run(
      placeOrder(data.customers, data.menuItemIds, tag),
      placeOrder(data.customers, data.menuItemIds, `ceiling-${tag}`),
    );
    await waitForQuiet();
    let ids = await createdOrderIds(url, data.kitchenToken, Infinity);
    const stored = ids.length - DATASET.customers * DATASET.ordersPerCustomer;
    memory = {
      idleRssMiB,
      seededRssMiB,
      bytesPerOrder: Math.round(((rssMiB(pid) - rssBefore) * 2 ** 20) / stored),
    };

    // A read by id bounds a transition from above (it reads, then writes), so it sizes the
    // supply of CREATED orders for the API's chains (with a margin, and one chain per
    // connection that each slice's end may cut short), then the raw driver's; topped up
    // through POST /orders when too few.
    const reads = byId.requestsPerSecond + (rawDriver[0]?.operationsPerSecond ?? 0);
    const transitions = reads * (warmupSeconds + durationSeconds) * 1.5;
    const needed = Math.ceil(transitions / CHAIN.length) + (knobs.slices + 2) * connections + 1;
    if (ids.length < needed) {
      const topUp = placeOrder(data.customers, data.menuItemIds, `${tag}-top-up`);
      await fire({ url, connections, requests: topUp.requests(), amount: needed - ids.length }, 120);
      ids = await createdOrderIds(url, data.kitchenToken, needed);
    }
    const transitionIds = ids.slice(0, needed);
    const chains = supply(transitionIds);
    await run(
      transitionChains(chains, data.kitchenToken),
      transitionChains(supply(transitionIds, true), data.kitchenToken),
    );
    await rawRun((driver) => driver.transitions(chains.next));
    await run(logIn(data.customers), logIn(data.customers));
    // Last, so that its extra documents land in no other run's collection.
    await rawRun((driver) => driver.insertOrders());
  } finally {
    await server.stop();
    await bare?.stop();
    await raw?.close();
  }

  const mongo =
    raw === null ? { rawDriver: null, ordersInCollection: null } : { rawDriver, ordersInCollection };
  return { store, dataset: DATASET, responseBytes, memory, api, ceiling, ofCeilingByCpu, ...mongo };
}
