// Profiles the API's JavaScript thread under one route's load: node --cpu-prof on the real
// server (in-memory store, LOG_LEVEL=warn), seeded as in `pnpm bench`, loaded for
// BENCH_DURATION_S (default 10) with BENCH_CONNECTIONS, then stopped with SIGTERM so that V8
// writes the profile. Prints the self-time summary of the samples taken during the load only.
// Usage: node bench/profile.ts [get-order|list-orders|place-order|transition] (default list-orders)
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApiServer } from './api-server.ts';
import { type CpuProfile, formatSummary, summarise } from './cpu-profile.ts';
import { measure, waitForQuiet } from './load.ts';
import { readOptions } from './options.ts';
import { getOrder, listOrders, onceEach, placeOrder, type Scenario, transitionChains } from './scenarios.ts';
import { createdOrderIds, type Dataset, readsOf, seedDataset, tokensOf } from './seed.ts';
import { DATASET } from './store-suite.ts';

const ROUTES: Record<string, (data: Dataset, url: string) => Promise<Scenario>> = {
  'get-order': async (data) => getOrder(readsOf(data)),
  'list-orders': async (data) => listOrders(tokensOf(data)),
  'place-order': async (data) =>
    placeOrder({
      tokens: tokensOf(data),
      menuItemIds: data.menuItemIds,
      keyPrefix: `profile-${Date.now()}`,
    }),
  // Only the seeded orders: enough for a short profile of the chains.
  transition: async (data, url) =>
    transitionChains(onceEach(await createdOrderIds(url, data.kitchenToken, 100_000)), data.kitchenToken),
};

const route = process.argv[2] ?? 'list-orders';
const makeScenario = ROUTES[route];
if (makeScenario === undefined) {
  console.error(`unknown route "${route}"; one of ${Object.keys(ROUTES).join(', ')}`);
  process.exit(2);
}
// The knobs of `pnpm bench`, but 10 s of load unless BENCH_DURATION_S says otherwise.
const { durationSeconds: seconds, connections } = readOptions({ BENCH_DURATION_S: '10', ...process.env });
const dir = mkdtempSync(join(tmpdir(), 'food-oms-cpuprof-'));

const api = await startApiServer({
  jwtSecret: randomBytes(48).toString('base64url'),
  loginLimit: 'raised',
  nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${dir}`],
});
let window: { from: number; to: number };
let throughput: string;
try {
  const data = await seedDataset(api.url, {
    ...DATASET,
    ordersPerCustomer: route === 'transition' ? 150 : 30,
  });
  const scenario = await makeScenario(data, api.url);
  await waitForQuiet();
  // V8 stamps samples with the monotonic clock in µs, the clock process.hrtime reads.
  const from = Number(process.hrtime.bigint() / 1000n);
  const measured = await measure(scenario, {
    waitForQuiet: false,
    url: api.url,
    connections,
    durationSeconds: seconds,
    warmupSeconds: 1,
    serverPid: api.pid,
    target: 'api (profiled)',
  });
  window = { from, to: Number(process.hrtime.bigint() / 1000n) };
  throughput =
    `${measured.route}: ${measured.requestsPerSecond} req/s while profiled, p50 ${measured.latencyMs.p50} ms, ` +
    `p99 ${measured.latencyMs.p99} ms, non-2xx ${measured.non2xx}`;
} finally {
  await api.stop();
}

const file = readdirSync(dir).find((name) => name.endsWith('.cpuprofile'));
if (file === undefined) throw new Error(`no .cpuprofile in ${dir}`);
const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile;
process.stdout.write(`${throughput}\nprofile: ${join(dir, file)}\n\n`);
process.stdout.write(`${formatSummary(summarise(profile, 30, window.from, window.to))}\n`);
