import { join } from 'node:path';

export type Suite = 'memory' | 'mongodb' | 'flood';

const SUITES: readonly Suite[] = ['memory', 'mongodb', 'flood'];

/** What one `pnpm bench` run measures, and for how long. Every knob is an environment variable. */
export interface BenchOptions {
  /** Seconds each measured run lasts (BENCH_DURATION_S, default 5). */
  readonly durationSeconds: number;
  /** Seconds of unrecorded load before each run, so the JIT has compiled the hot paths (BENCH_WARMUP_S, default 1). */
  readonly warmupSeconds: number;
  /** Concurrent connections of every throughput run (BENCH_CONNECTIONS, default 10). */
  readonly connections: number;
  /** BENCH_SUITES, a comma list of memory, mongodb, flood (default: all three). */
  readonly suites: ReadonlySet<Suite>;
  /** MONGODB_URI: the MongoDB suite runs only when it is set. */
  readonly mongoUri: string | null;
  readonly resultsDir: string;
}

function positive(env: NodeJS.ProcessEnv, name: string, fallback: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0 || value > max) {
    throw new Error(`${name} must be a number above 0 and at most ${max}, got "${raw}"`);
  }
  return value;
}

export function readOptions(env: NodeJS.ProcessEnv): BenchOptions {
  const suites = (env.BENCH_SUITES ?? SUITES.join(','))
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  const unknown = suites.filter((s) => !(SUITES as readonly string[]).includes(s));
  if (unknown.length > 0)
    throw new Error(`BENCH_SUITES: unknown ${unknown.join(', ')}; use ${SUITES.join(', ')}`);
  return {
    // Bounded on purpose: traffic stops by itself, a full run stays within minutes.
    durationSeconds: positive(env, 'BENCH_DURATION_S', 5, 60),
    warmupSeconds: positive(env, 'BENCH_WARMUP_S', 1, 10),
    connections: Math.round(positive(env, 'BENCH_CONNECTIONS', 10, 256)),
    suites: new Set(suites as Suite[]),
    mongoUri: env.MONGODB_URI === undefined || env.MONGODB_URI === '' ? null : env.MONGODB_URI,
    resultsDir: join(import.meta.dirname, 'results'),
  };
}
