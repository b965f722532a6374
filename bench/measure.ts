// How one run is measured: autocannon against a server process, metered through Linux /proc
// (CPU of all its threads, peak RSS), with the rest of the machine watched for interference.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import autocannon from 'autocannon';

/** One route's load: fresh autocannon requests per run, and how many it can still supply. */
export interface Scenario {
  readonly route: string;
  requests(): autocannon.Request[];
  /** Requests left for `connections` connections (a transition happens once); absent: no end. */
  capacity?(connections: number): number;
}

export type Latency = ReturnType<typeof summarize>;

/** One measured run of one route; CPU in % of one core; what the fields mean: bench/README.md. */
export type Measurement = ReturnType<typeof summarizeRun>;

export const round1 = (value: number): number => Math.round(value * 10) / 10;

const read = (path: string): string => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
};

/** CPU seconds of `pid` by thread kind, from each thread's utime + stime (USER_HZ = 100). */
function threadSeconds(pid: number): { all: number; js: number; pool: number } {
  const sum = { all: 0, js: 0, pool: 0 };
  for (const tid of existsSync(`/proc/${pid}/task`) ? readdirSync(`/proc/${pid}/task`) : []) {
    const stat = read(`/proc/${pid}/task/${tid}/stat`);
    const close = stat.lastIndexOf(')');
    if (close < 0) continue;
    const name = stat.slice(stat.indexOf('(') + 1, close);
    const fields = stat.slice(close + 2).split(' ');
    const seconds = (Number(fields[11]) + Number(fields[12])) / 100;
    sum.all += seconds;
    if (name === 'node' || name === 'MainThread') sum.js += seconds;
    if (name === 'libuv-worker') sum.pool += seconds;
  }
  return sum;
}

function machineTicks(): { busy: number; total: number } {
  const values = (read('/proc/stat').split('\n')[0] ?? '').trim().split(/\s+/).slice(1).map(Number);
  const total = values.reduce((a, b) => a + b, 0);
  return { busy: total - (values[3] ?? 0) - (values[4] ?? 0), total };
}

/** Resident set size of `pid` now (VmRSS) or its peak since the last reset (VmHWM), in MiB. */
export function rssMiB(pid: number, field: 'VmRSS' | 'VmHWM' = 'VmRSS'): number {
  const kib = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(read(`/proc/${pid}/status`))?.[1];
  return round1(Number(kib ?? 0) / 1024);
}

/** Starts metering `pid`; the returned function ends the window and tells what it used. */
export function meter(pid: number) {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5'); // resets VmHWM: the peak is this window's own
  } catch {}
  const started = process.hrtime.bigint();
  const before = threadSeconds(pid);
  const machineBefore = machineTicks();
  return () => {
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const after = threadSeconds(pid);
    const machine = machineTicks();
    const share = (s: number) => round1((s / seconds) * 100);
    return {
      peakRssMiB: Math.max(rssMiB(pid, 'VmHWM'), rssMiB(pid)),
      cpuPercent: share(after.all - before.all),
      jsThreadCpuPercent: share(after.js - before.js),
      threadpoolCpuPercent: share(after.pool - before.pool),
      machineBusyPercent: round1(
        ((machine.busy - machineBefore.busy) / Math.max(1, machine.total - machineBefore.total)) * 100,
      ),
    };
  };
}

/**
 * Waits (at most 15 s) until the machine is mostly idle, so that one run's leftovers (a
 * database still flushing, a server exiting) or other work do not land in the next run.
 */
export async function waitForQuiet(): Promise<void> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const before = machineTicks();
    await new Promise((done) => setTimeout(done, 500));
    const after = machineTicks();
    const busy = (after.busy - before.busy) / Math.max(1, after.total - before.total);
    if (busy < 0.25 || Date.now() > deadline) return;
  }
}

/** p50/p99/max of latencies in ms, from every answer (autocannon's histogram keeps whole ms). */
export function summarize(latencies: readonly number[]) {
  const sorted = Float64Array.from(latencies).sort();
  const at = (p: number) =>
    Math.round((sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)] ?? 0) * 100) / 100;
  return { p50: at(0.5), p99: at(0.99), max: at(1) };
}

/** One autocannon run (every answer's latency and status), bounded by `seconds` even when `amount` is set (autocannon then ignores duration). */
export function fire(
  options: autocannon.Options & { readonly amount?: number },
  seconds: number,
): Promise<autocannon.Result & { readonly latencies: number[]; readonly statuses: number[] }> {
  return new Promise((resolve, reject) => {
    const latencies: number[] = [];
    const statuses: number[] = [];
    const instance = autocannon({ timeout: 30, ...options, duration: seconds }, (error, result) => {
      clearTimeout(timer);
      if (error) reject(error);
      else resolve({ ...result, latencies, statuses });
    });
    instance.on('response', (_client, status, _bytes, ms) => {
      latencies.push(ms);
      statuses.push(status);
    });
    const timer = setTimeout(() => instance.stop(), seconds * 1000);
  });
}

export interface RunOptions {
  readonly url: string;
  readonly pid: number;
  readonly connections: number;
  readonly warmupSeconds: number;
  readonly durationSeconds: number;
  /** Repeat once a run during which other processes took more than a quarter of a core (not on MongoDB). */
  readonly retryWhenDisturbed: boolean;
  /** More autocannon options, e.g. a fixed `overallRate`; and false to skip waiting for quiet. */
  readonly autocannon?: Partial<autocannon.Options>;
  readonly quiet?: boolean;
}

/** Warm-up (unrecorded), then the measured run while metering the server. */
export async function measure(scenario: Scenario, options: RunOptions): Promise<Measurement> {
  const first = await measureOnce(scenario, options, 1);
  const canRepeat = (scenario.capacity?.(options.connections) ?? Infinity) >= options.connections;
  if (!options.retryWhenDisturbed || first.otherCpuPercent <= 25 || !canRepeat) return first;
  const second = await measureOnce(scenario, options, 2);
  return second.otherCpuPercent < first.otherCpuPercent ? second : { ...first, attempts: 2 };
}

async function measureOnce(scenario: Scenario, options: RunOptions, attempts: number) {
  if (options.quiet !== false) await waitForQuiet();
  await warmUp(scenario, options);
  return summarizeRun(scenario.route, [await slice(scenario, options, options.durationSeconds)], attempts);
}

/** One side of a pair: a server, and the load it gets. */
export interface Side {
  readonly scenario: Scenario;
  readonly options: RunOptions;
}

/** The ceiling's CPU per request as a share of the API's in each slice pair: median, lowest, highest. */
export type PairedShare = ReturnType<typeof pairedShare>;

/**
 * Two servers' runs of one route (the API's and the ceiling's) as `slices` pairs of short runs
 * that take turns, each side `durationSeconds` in all: whatever else the machine does drifts
 * over seconds, and both sides of a pair meet nearly the same of it. Each side's figures are of
 * all its slices together; the share of the ceiling is the median of the pairs' shares, with
 * the lowest and highest beside it to show how far the machine moved them.
 */
export async function measurePair(api: Side, ceiling: Side, slices: number) {
  if (api.options.quiet !== false) await waitForQuiet();
  await warmUp(api.scenario, api.options);
  await warmUp(ceiling.scenario, ceiling.options);
  const seconds = api.options.durationSeconds / slices;
  const runs = { api: [] as Slice[], ceiling: [] as Slice[] };
  for (let i = 0; i < slices; i++) {
    // Each goes first in every other pair, so neither always meets what the other left behind.
    const order = i % 2 === 0 ? (['api', 'ceiling'] as const) : (['ceiling', 'api'] as const);
    for (const side of order) {
      const { scenario, options } = side === 'api' ? api : ceiling;
      runs[side].push(await slice(scenario, options, seconds));
    }
  }
  return {
    api: summarizeRun(api.scenario.route, runs.api, 1),
    ceiling: summarizeRun(ceiling.scenario.route, runs.ceiling, 1),
    ofCeilingByCpu: pairedShare(runs.api.map((run, i) => [run, runs.ceiling[i] as Slice] as const)),
  };
}

function pairedShare(pairs: readonly (readonly [api: Slice, ceiling: Slice])[]) {
  const shares = pairs
    .map(([api, ceiling]) => microsPerRequest(ceiling) / microsPerRequest(api))
    .filter(Number.isFinite)
    .sort((a, b) => a - b);
  const middle = shares.length / 2;
  const median =
    shares.length % 2 === 1
      ? (shares[Math.floor(middle)] ?? NaN)
      : ((shares[middle - 1] ?? NaN) + (shares[middle] ?? NaN)) / 2;
  const percent = (share: number | undefined) => round1((share ?? NaN) * 100);
  return {
    median: percent(median),
    low: percent(shares[0]),
    high: percent(shares.at(-1)),
    pairs: shares.length,
  };
}

async function warmUp(scenario: Scenario, options: RunOptions): Promise<void> {
  if (options.warmupSeconds > 0) await fire(fireOptions(scenario, options), options.warmupSeconds);
}

/** autocannon's options for one run of `scenario` (fresh requests; a bounded supply's amount). */
function fireOptions(scenario: Scenario, options: RunOptions) {
  const capacity = scenario.capacity?.(options.connections);
  if (capacity !== undefined && capacity < options.connections)
    throw new Error(`${scenario.route}: not enough prepared data for ${options.connections} connections`);
  const { url, connections } = options;
  const amount = capacity === undefined ? {} : { amount: capacity };
  return { url, connections, requests: scenario.requests(), ...options.autocannon, ...amount };
}

/** One metered run: what the server used, what the load generator used, every answer. */
interface Slice {
  readonly seconds: number;
  readonly latencies: readonly number[];
  readonly non2xx: number;
  readonly errors: number;
  readonly server: ReturnType<ReturnType<typeof meter>>;
  readonly ownPercent: number;
}

async function slice(scenario: Scenario, options: RunOptions, seconds: number): Promise<Slice> {
  const request = fireOptions(scenario, options);
  const stop = meter(options.pid);
  const own = process.cpuUsage();
  const result = await fire(request, seconds);
  const server = stop();
  const used = process.cpuUsage(own);
  const ownPercent = ((used.user + used.system) / 1e6 / result.duration) * 100;
  const { latencies, non2xx, errors } = result;
  return { seconds: result.duration, latencies, non2xx, errors, server, ownPercent };
}

const microsPerRequest = (run: Slice) =>
  (run.server.cpuPercent * run.seconds * 1e4) / Math.max(1, run.latencies.length);

/** The figures of one server's slices together: rates over their time, peaks over all. */
function summarizeRun(route: string, runs: readonly Slice[], attempts: number) {
  const seconds = runs.reduce((sum, run) => sum + run.seconds, 0);
  const responses = runs.reduce((sum, run) => sum + run.latencies.length, 0);
  const mean = (of: (run: Slice) => number) =>
    round1(runs.reduce((sum, run) => sum + of(run) * run.seconds, 0) / seconds);
  const server = {
    peakRssMiB: Math.max(...runs.map((run) => run.server.peakRssMiB)),
    cpuPercent: mean((run) => run.server.cpuPercent),
    jsThreadCpuPercent: mean((run) => run.server.jsThreadCpuPercent),
    threadpoolCpuPercent: mean((run) => run.server.threadpoolCpuPercent),
    machineBusyPercent: mean((run) => run.server.machineBusyPercent),
  };
  return {
    route,
    requestsPerSecond: Math.round(responses / seconds),
    latencyMs: summarize(runs.flatMap((run) => run.latencies)),
    non2xx: runs.reduce((sum, run) => sum + run.non2xx, 0),
    errors: runs.reduce((sum, run) => sum + run.errors, 0),
    server,
    cpuMicrosPerRequest: Math.round((server.cpuPercent * seconds * 1e4) / Math.max(1, responses)),
    otherCpuPercent: mean((run) =>
      Math.max(
        0,
        run.server.machineBusyPercent * availableParallelism() - run.server.cpuPercent - run.ownPercent,
      ),
    ),
    attempts,
  };
}
