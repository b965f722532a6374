// `pnpm bench`: throughput and latency of the main routes of the real API (a child process,
// seeded through its own HTTP API), next to a bare-Fastify ceiling and, on MongoDB, the raw
// driver; then the login flood. Measurements, not tests: nothing here passes or fails, and
// `pnpm test` never runs it. Only 127.0.0.1 is loaded, every run is bounded in time.
// Knobs: BENCH_DURATION_S, BENCH_WARMUP_S, BENCH_CONNECTIONS, BENCH_SUITES (see options.ts);
// MONGODB_URI adds the MongoDB suite. Raw results: bench/results/<date>-<store>.json.
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { API_TUNING } from './api-server.ts';
import { type FloodScenarioResult, runLoginFlood } from './login-flood.ts';
import { describeMachine } from './machine.ts';
import { readOptions } from './options.ts';
import { floodTable, storeTable } from './report.ts';
import { runStoreSuite, type Store, type StoreSuiteResult } from './store-suite.ts';

const options = readOptions(process.env);
const machine = describeMachine();
const startedAt = new Date();
const stamp = startedAt.toISOString().slice(0, 16).replace(':', '');
const log = (line: string) =>
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
const out = (text: string) => process.stdout.write(`${text}\n`);

// One secret for every server of the run, so the ceiling verifies the very tokens the API issued.
const jwtSecret = randomBytes(48).toString('base64url');
const knobs = Object.entries(process.env)
  .filter(([name]) => name.startsWith('BENCH_'))
  .map(([name, value]) => `${name}=${value}`);
const command = [...knobs, ...(options.mongoUri === null ? [] : ['MONGODB_URI=…']), './pnpm bench'].join(' ');
const common = {
  date: startedAt.toISOString(),
  command,
  machine,
  options: {
    durationSeconds: options.durationSeconds,
    warmupSeconds: options.warmupSeconds,
    connections: options.connections,
    suites: [...options.suites],
  },
  apiEnvironment:
    `${Object.entries(API_TUNING)
      .map(([name, value]) => `${name}=${value}`)
      .join('; ')} ` +
    '(the login flood keeps RATE_LIMIT_LOGIN_PER_MIN at its default in its first scenario)',
};

mkdirSync(options.resultsDir, { recursive: true });
const written: string[] = [];
function save(name: string, body: unknown): void {
  const file = join(options.resultsDir, `${stamp}-${name}.json`);
  writeFileSync(file, `${JSON.stringify({ ...common, ...(body as object) }, null, 2)}\n`);
  written.push(file);
}

log(
  `${machine.cores} × ${machine.cpuModel}, ${machine.memoryGiB} GiB, Node ${machine.node}; ` +
    `${options.connections} connections, ${options.warmupSeconds} s warm-up + ${options.durationSeconds} s per run`,
);

const suites: StoreSuiteResult[] = [];
const stores: Store[] = [];
if (options.suites.has('memory')) stores.push('memory');
if (options.suites.has('mongodb')) {
  if (options.mongoUri === null)
    log('MONGODB_URI is not set: the MongoDB suite is skipped (only the in-memory store is measured)');
  else stores.push('mongodb');
}
for (const store of stores) {
  const suite = await runStoreSuite(store, options, jwtSecret, log);
  suites.push(suite);
  save(store, suite);
}

let flood: FloodScenarioResult[] | null = null;
if (options.suites.has('flood')) {
  flood = await runLoginFlood(options, jwtSecret, log);
  save('login-flood', { store: 'memory', scenarios: flood });
}

const report: string[] = [
  `Measured ${common.date.slice(0, 10)} on ${machine.cores} cores (${machine.cpuModel}), ${machine.memoryGiB} GiB, ` +
    `Linux ${machine.kernel}, Node ${machine.node}, autocannon ${machine.autocannon}, commit ${machine.gitCommit ?? '?'}. ` +
    `Command: \`${command}\`. ${options.connections} connections, ${options.warmupSeconds} s warm-up + ` +
    `${options.durationSeconds} s per run.`,
];
for (const suite of suites) {
  report.push('', `**${suite.store === 'memory' ? 'In-memory store' : 'MongoDB'}**`, '', storeTable(suite));
}
if (flood !== null) report.push('', '**Login flood** (in-memory store)', '', floodTable(flood));
const markdown = report.join('\n');
writeFileSync(join(options.resultsDir, `${stamp}-summary.md`), `${markdown}\n`);
out(markdown);
log(`raw results: ${written.map((f) => f.slice(options.resultsDir.length + 1)).join(', ')}`);
