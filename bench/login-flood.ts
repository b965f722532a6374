import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { startApiServer } from './api-server.ts';
import type { FloodResult, FloodSpec } from './flood-client.ts';
import { type Measurement, measure } from './load.ts';
import type { BenchOptions } from './options.ts';
import { getOrder } from './scenarios.ts';
import { readsOf, seedDataset } from './seed.ts';

const FLOOD_CLIENT = join(import.meta.dirname, 'flood-client.ts');

/** Connections hammering POST /auth/login: far more than the argon2 threads can serve at once. */
const FLOOD_CONNECTIONS = 16;
/** The other traffic: GET /orders/:id at a fixed, modest rate, so its latency is service time, not queueing. */
const PROBE_RATE_PER_SECOND = 200;
const PROBE_CONNECTIONS = 4;

export interface FloodScenario {
  readonly name: string;
  readonly loginLimit: 'real' | 'raised';
  /** UV_THREADPOOL_SIZE, or null for libuv's default of 4. */
  readonly threadpoolSize: number | null;
}

const FLOOD_SCENARIOS: readonly FloodScenario[] = [
  { name: 'real login limit (10/min per IP and per email)', loginLimit: 'real', threadpoolSize: null },
  { name: 'raised login limit, UV_THREADPOOL_SIZE=4 (default)', loginLimit: 'raised', threadpoolSize: null },
  { name: 'raised login limit, UV_THREADPOOL_SIZE=2', loginLimit: 'raised', threadpoolSize: 2 },
  { name: 'raised login limit, UV_THREADPOOL_SIZE=1', loginLimit: 'raised', threadpoolSize: 1 },
];

export interface FloodScenarioResult extends FloodScenario {
  readonly floodConnections: number;
  /** The probe on a quiet server, then the same probe while the flood runs (server metered then). */
  readonly probeAlone: Measurement;
  readonly probeDuringFlood: Measurement;
  readonly flood: FloodResult;
}

/** Starts the flood client; resolves `started` once it sends, `result` when it is done. */
function startFlood(spec: FloodSpec): { started: Promise<void>; result: Promise<FloodResult> } {
  const child = spawn(process.execPath, [FLOOD_CLIENT, JSON.stringify(spec)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  let onStarted: () => void = () => {};
  const started = new Promise<void>((resolve) => {
    onStarted = resolve;
  });
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
    if (output.includes('started\n')) onStarted();
  });
  const result = new Promise<FloodResult>((resolve, reject) => {
    child.once('exit', (code) => {
      const last = output.trim().split('\n').at(-1) ?? '';
      if (code !== 0 || !last.startsWith('{')) reject(new Error(`flood client failed (${code}): ${output}`));
      else resolve(JSON.parse(last) as FloodResult);
    });
  });
  // A client that dies before it starts must not leave the caller waiting.
  void result.catch(() => onStarted());
  return { started, result };
}

export async function runLoginFlood(
  options: BenchOptions,
  jwtSecret: string,
  log: (line: string) => void,
): Promise<FloodScenarioResult[]> {
  const results: FloodScenarioResult[] = [];
  for (const scenario of FLOOD_SCENARIOS) {
    log(`login flood: ${scenario.name}`);
    const api = await startApiServer({
      jwtSecret,
      loginLimit: scenario.loginLimit,
      extraEnv:
        scenario.threadpoolSize === null ? {} : { UV_THREADPOOL_SIZE: String(scenario.threadpoolSize) },
    });
    try {
      // Four log-ins (admin, kitchen, two customers): within the real limit's 10 per minute.
      const data = await seedDataset(api.url, {
        customers: 2,
        ordersPerCustomer: 10,
        menuItems: 3,
        tag: 'flood',
      });
      const reads = readsOf(data);
      const probe = (warmupSeconds: number) =>
        measure(getOrder(reads), {
          url: api.url,
          connections: PROBE_CONNECTIONS,
          durationSeconds: options.durationSeconds,
          warmupSeconds,
          waitForQuiet: warmupSeconds > 0,
          serverPid: api.pid,
          target: 'api',
          // A fixed rate, so the probe's latency is service time, not its own queueing. (The
          // percentiles come from each answer's response time; autocannon 9's coordinated-omission
          // correction, which assumes an interval of ceil(1/rate) ms = 1 ms, stays off.)
          autocannon: { overallRate: PROBE_RATE_PER_SECOND, ignoreCoordinatedOmission: true },
        });
      const probeAlone = await probe(options.warmupSeconds);

      const [first, second] = data.customers;
      if (first === undefined || second === undefined) throw new Error('flood: no customers');
      const bodies = [first, second].flatMap(({ email, password }) => [
        JSON.stringify({ email, password }),
        JSON.stringify({ email, password: `${password} (wrong)` }),
      ]);
      const flood = startFlood({
        url: api.url,
        connections: FLOOD_CONNECTIONS,
        // Outlasts the probe: it starts half a second after the flood and runs durationSeconds.
        durationSeconds: options.durationSeconds + 2,
        bodies,
      });
      await flood.started;
      await new Promise((done) => setTimeout(done, 500));
      const probeDuringFlood = await probe(0);
      results.push({
        ...scenario,
        floodConnections: FLOOD_CONNECTIONS,
        probeAlone,
        probeDuringFlood,
        flood: await flood.result,
      });
    } finally {
      await api.stop();
    }
  }
  return results;
}
