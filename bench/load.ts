import { availableParallelism, loadavg } from 'node:os';
import autocannon from 'autocannon';
import { machineBusyPercent, meterProcess, type ProcessUsage, round1 } from './process-meter.ts';
import type { Scenario } from './scenarios.ts';

export interface LatencySummary {
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly max: number;
  readonly mean: number;
}

/** One measured run of one route against one server. Latencies in ms. */
export interface Measurement {
  readonly route: string;
  readonly target: string;
  readonly connections: number;
  readonly durationSeconds: number;
  readonly responses: number;
  /** All answers per second. */
  readonly requestsPerSecond: number;
  /** Answers with the expected status per second. */
  readonly expectedPerSecond: number;
  readonly latencyMs: LatencySummary;
  readonly statusCodes: Record<string, number>;
  readonly non2xx: number;
  /** Connection errors and timeouts. */
  readonly errors: number;
  readonly timeouts: number;
  readonly server: ProcessUsage | null;
  /**
   * Server CPU time (all its threads) per answer, in µs: what one request costs, and much
   * steadier than req/s when something else shares the cores.
   */
  readonly serverCpuMicrosPerRequest: number | null;
  /** This process (autocannon), in % of one core. */
  readonly loadGeneratorCpuPercent: number;
  /**
   * Everything else on the machine in % of one core: on MongoDB the database server; on the
   * in-memory store, noise (other work on a shared machine) that the figures should be read with.
   */
  readonly otherCpuPercent: number | null;
  readonly loadAverage1m: { readonly before: number; readonly after: number };
  /** How long the run waited for the machine to calm down first, and how busy it was then. */
  readonly quiet: Quiet;
  /** 2 when the first run was disturbed by other processes and was run again (see measure). */
  readonly attempts: number;
}

export interface Quiet {
  readonly waitedSeconds: number;
  readonly machineBusyPercent: number;
}

const QUIET_BUSY_PERCENT = 25;
const QUIET_MAX_WAIT_MS = 15_000;

/**
 * Waits (at most 15 s) until the machine is mostly idle, so that one run's leftovers (a
 * database still flushing, a server still exiting) or other work on a shared machine do not
 * land in the next run's figures. Proceeds anyway after that, and says how busy it was.
 */
export async function waitForQuiet(): Promise<Quiet> {
  const started = Date.now();
  for (;;) {
    const busy = await machineBusyPercent(500);
    if (busy < QUIET_BUSY_PERCENT || Date.now() - started > QUIET_MAX_WAIT_MS) {
      return { waitedSeconds: round1((Date.now() - started) / 1000), machineBusyPercent: busy };
    }
  }
}

export interface LoadOptions {
  readonly url: string;
  readonly connections: number;
  readonly durationSeconds: number;
  readonly warmupSeconds: number;
  /** The server to meter (RSS, CPU); null when there is no separate server process. */
  readonly serverPid: number | null;
  readonly target: string;
  /** False skips waiting for an idle machine (the flood's probe runs during load on purpose). */
  readonly waitForQuiet?: boolean;
  /**
   * Other processes' CPU (% of one core) above which the run is repeated once: only where
   * nothing else should run (not on MongoDB, whose server is "other" by design).
   */
  readonly retryIfOtherCpuAbove?: number;
  /** More autocannon options, e.g. a fixed `overallRate` for a latency probe. */
  readonly autocannon?: Partial<autocannon.Options>;
}

/** One autocannon run; stops after `durationSeconds` or after `amount` answers, whichever is first. */
export function fire(
  options: autocannon.Options & { readonly amount?: number },
  durationSeconds: number,
): Promise<autocannon.Result & { readonly latenciesMs: number[] }> {
  return new Promise((resolve, reject) => {
    const latenciesMs: number[] = [];
    const instance = autocannon({ ...options, duration: durationSeconds }, (error, result) => {
      clearTimeout(timer);
      if (error !== null && error !== undefined) reject(error);
      else resolve({ ...result, latenciesMs });
    });
    instance.on('response', (_client, _status, _bytes, responseTime) => latenciesMs.push(responseTime));
    // With `amount` autocannon ignores `duration`, so the time bound is kept here.
    const timer = setTimeout(() => instance.stop(), durationSeconds * 1000);
  });
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

/**
 * Percentiles of every answer's latency (ms, any status). Taken from autocannon's `response`
 * events rather than its histogram, which keeps whole milliseconds only: too coarse for
 * routes that answer in one or two.
 */
export function summarize(latencies: readonly number[]): LatencySummary {
  const sorted = Float64Array.from(latencies).sort();
  const at = (p: number) =>
    round2(sorted[Math.max(0, Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1))] ?? 0);
  const mean = sorted.length === 0 ? 0 : sorted.reduce((a, b) => a + b, 0) / sorted.length;
  return { p50: at(0.5), p90: at(0.9), p99: at(0.99), max: round2(sorted.at(-1) ?? 0), mean: round2(mean) };
}

function statusCodesOf(result: autocannon.Result): Record<string, number> {
  const codes: Record<string, number> = {};
  for (const [code, stats] of Object.entries(result.statusCodeStats ?? {})) codes[code] = stats.count ?? 0;
  return codes;
}

/**
 * Warms the route up (unrecorded; none when warmupSeconds is 0), then measures it while
 * metering the server. With `retryIfOtherCpuAbove`, a run during which other processes took
 * more CPU than that (someone else's work on a shared machine) is run once more, if the
 * scenario can still supply it, and the quieter of the two is kept.
 */
export async function measure(scenario: Scenario, options: LoadOptions): Promise<Measurement> {
  const first = await measureOnce(scenario, options);
  const limit = options.retryIfOtherCpuAbove;
  if (limit === undefined || (first.otherCpuPercent ?? 0) <= limit) return first;
  if ((scenario.capacity?.(options.connections) ?? Number.POSITIVE_INFINITY) < options.connections)
    return first;
  const second = { ...(await measureOnce(scenario, options)), attempts: 2 };
  return (second.otherCpuPercent ?? 0) < (first.otherCpuPercent ?? 0) ? second : { ...first, attempts: 2 };
}

async function measureOnce(scenario: Scenario, options: LoadOptions): Promise<Measurement> {
  const run = async (seconds: number) => {
    const capacity = scenario.capacity?.(options.connections);
    if (capacity !== undefined && capacity < options.connections) {
      throw new Error(`${scenario.route}: not enough prepared data for ${options.connections} connections`);
    }
    return fire(
      {
        url: options.url,
        connections: options.connections,
        requests: scenario.requests(),
        timeout: 30,
        ...options.autocannon,
        ...(capacity !== undefined && { amount: capacity }),
      },
      seconds,
    );
  };

  const quiet =
    options.waitForQuiet === false ? { waitedSeconds: 0, machineBusyPercent: 0 } : await waitForQuiet();
  if (options.warmupSeconds > 0) await run(options.warmupSeconds);
  const loadBefore = loadavg()[0] ?? 0;
  const meter = options.serverPid === null ? null : meterProcess(options.serverPid);
  const ownBefore = process.cpuUsage();
  const startedAt = process.hrtime.bigint();
  const result = await run(options.durationSeconds);
  const server = meter?.stop() ?? null;
  const ownUsage = process.cpuUsage(ownBefore);
  const seconds = Number(process.hrtime.bigint() - startedAt) / 1e9;
  const loadGeneratorCpuPercent = round1(((ownUsage.user + ownUsage.system) / 1e6 / seconds) * 100);
  const statusCodes = statusCodesOf(result);
  const responses = Object.values(statusCodes).reduce((a, b) => a + b, 0);
  const expected = statusCodes[String(scenario.expectedStatus)] ?? 0;
  return {
    route: scenario.route,
    target: options.target,
    connections: options.connections,
    durationSeconds: result.duration,
    responses,
    requestsPerSecond: Math.round(responses / result.duration),
    expectedPerSecond: Math.round(expected / result.duration),
    latencyMs: summarize(result.latenciesMs),
    statusCodes,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    server,
    serverCpuMicrosPerRequest:
      server === null || responses === 0
        ? null
        : Math.round(((server.cpuPercent / 100) * seconds * 1e6) / responses),
    loadGeneratorCpuPercent,
    otherCpuPercent:
      server === null
        ? null
        : round1(
            Math.max(
              0,
              server.machineBusyPercent * availableParallelism() -
                server.cpuPercent -
                loadGeneratorCpuPercent,
            ),
          ),
    quiet,
    attempts: 1,
    loadAverage1m: { before: round1(loadBefore), after: round1(loadavg()[0] ?? 0) },
  };
}
