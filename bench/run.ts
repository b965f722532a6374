// `pnpm bench`: throughput, latency, CPU and memory of the real API's main routes, next to a
// bare-Fastify ceiling and, on MongoDB, the raw driver; then the login flood. Measurements,
// not tests: nothing passes or fails. Only 127.0.0.1 is loaded; every run stops by itself.
// Method and latest figures: bench/README.md. Raw results: bench/results/ (the latest run only).
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism, release, totalmem } from 'node:os';
import { API_TUNING } from './api.ts';
import { runGrowth } from './growth.ts';
import { type FloodScenario, runLoginFlood } from './login-flood.ts';
import { floodTable, growthTable, storeTable } from './report.ts';
import { runStoreSuite, type StoreSuite } from './store-suite.ts';

function knob(name: string, fallback: number, max: number): number {
  const raw = process.env[name] ?? '';
  const value = raw === '' ? fallback : Number(raw);
  if (!(value > 0 && value <= max))
    throw new Error(`${name} must be a number above 0 and at most ${max}, got "${raw}"`);
  return value;
}
const SUITES = ['memory', 'mongodb', 'growth', 'flood'];
const suites = (process.env.BENCH_SUITES ?? SUITES.join(','))
  .split(',')
  .map((s) => s.trim())
  .filter(Boolean);
const unknown = suites.filter((s) => !SUITES.includes(s));
if (unknown.length > 0)
  throw new Error(`BENCH_SUITES: unknown ${unknown.join(', ')}; use ${SUITES.join(', ')}`);
const knobs = {
  durationSeconds: knob('BENCH_DURATION_S', 5, 60),
  warmupSeconds: knob('BENCH_WARMUP_S', 1, 10),
  connections: Math.round(knob('BENCH_CONNECTIONS', 10, 256)),
  slices: Math.round(knob('BENCH_SLICES', 5, 60)),
  mongoUri: process.env.MONGODB_URI || null,
  cpuProfileDir: process.env.BENCH_CPU_PROF_DIR || null,
};
const log = (line: string) =>
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}\n`);

const git = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).stdout?.trim() || '?';
const machine = {
  cpuModel: /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1]?.trim() ?? 'unknown',
  cores: availableParallelism(),
  memoryGiB: Math.round(totalmem() / 1024 ** 3),
  kernel: release(),
  node: process.version,
  autocannon: createRequire(import.meta.url)('autocannon/package.json').version as string,
  gitCommit: git,
};
const command = [
  ...Object.entries(process.env)
    .filter(([n]) => n.startsWith('BENCH_'))
    .map(([n, v]) => `${n}=${v}`),
  ...(knobs.mongoUri === null ? [] : ['MONGODB_URI=…']),
  './pnpm bench',
].join(' ');
const common = {
  date: new Date().toISOString(),
  command,
  machine,
  knobs: { ...knobs, mongoUri: undefined },
  apiEnvironment: API_TUNING,
};
// One secret for every server of the run, so the ceiling verifies the very tokens the API issued.
const jwtSecret = randomBytes(48).toString('base64url');
const results = new URL('./results/', import.meta.url);
mkdirSync(results, { recursive: true });
const save = (name: string, body: object) =>
  writeFileSync(new URL(name, results), `${JSON.stringify({ ...common, ...body }, null, 2)}\n`);

log(
  `${machine.cores} × ${machine.cpuModel}, Node ${machine.node}; ${knobs.connections} connections, ${knobs.warmupSeconds} s warm-up + ${knobs.durationSeconds} s per run, in ${knobs.slices} turns with the ceiling`,
);
const measured: StoreSuite[] = [];
for (const store of ['memory', 'mongodb'] as const) {
  if (!suites.includes(store)) continue;
  if (store === 'mongodb' && knobs.mongoUri === null) {
    log('MONGODB_URI is not set: the MongoDB suite is skipped (only the in-memory store is measured)');
    continue;
  }
  const suite = await runStoreSuite(store, knobs, jwtSecret, log);
  measured.push(suite);
  save(`${store}.json`, suite);
}
const growth = suites.includes('growth') ? await runGrowth(knobs, jwtSecret, log) : null;
if (growth !== null) save('growth.json', { store: 'memory', ...growth });
let flood: FloodScenario[] | null = null;
if (suites.includes('flood')) {
  flood = await runLoginFlood(knobs, jwtSecret, log);
  save('login-flood.json', { store: 'memory', scenarios: flood });
}

const report = [
  `Measured ${common.date.slice(0, 10)} on ${machine.cores} cores (${machine.cpuModel}), ${machine.memoryGiB} GiB, Linux ${machine.kernel}, ` +
    `Node ${machine.node}, autocannon ${machine.autocannon}, commit ${git}. Command: \`${command}\`. ` +
    `${knobs.connections} connections, ${knobs.warmupSeconds} s warm-up + ${knobs.durationSeconds} s per run; ` +
    `the API and the ceiling take ${knobs.slices} turns each on a route.`,
];
for (const suite of measured)
  report.push('', `**${suite.store === 'memory' ? 'In-memory store' : 'MongoDB'}**`, '', storeTable(suite));
if (growth !== null) report.push('', '**Growth** (in-memory store)', '', growthTable(growth));
if (flood !== null) report.push('', '**Login flood** (in-memory store)', '', floodTable(flood));
writeFileSync(new URL('summary.md', results), `${report.join('\n')}\n`);
process.stdout.write(`${report.join('\n')}\n`);
