// The login flood: POST /auth/login from 16 connections (right and wrong passwords of two
// customers, in turn) while a probe reads GET /orders/:id at a fixed 200 requests/s from 4
// connections, first alone, then during the flood. The flood's autocannon runs in a worker
// thread, so that its busy event loop never delays the probe's measurements.
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { seed, startApi } from './api.ts';
import { fire, type Latency, type Measurement, measure, summarize } from './measure.ts';
import { getOrder } from './scenarios.ts';

const SCENARIOS = [
  { name: 'real login limit (10/min per IP and per email)', realLimit: true, threadpool: null },
  { name: 'raised login limit, UV_THREADPOOL_SIZE=4 (default)', realLimit: false, threadpool: null },
  { name: 'raised login limit, UV_THREADPOOL_SIZE=2', realLimit: false, threadpool: 2 },
  { name: 'raised login limit, UV_THREADPOOL_SIZE=1', realLimit: false, threadpool: 1 },
] as const;

export type FloodScenario = Awaited<ReturnType<typeof runLoginFlood>>[number];
type FloodResult = {
  requestsPerSecond: number;
  byStatus: Record<string, Latency & { count: number }>;
  errors: number;
};

if (!isMainThread) {
  const spec = workerData as { url: string; seconds: number; bodies: string[] };
  const requests = spec.bodies.map((body) => ({
    method: 'POST' as const,
    path: '/auth/login',
    headers: { 'content-type': 'application/json' },
    body,
  }));
  parentPort?.postMessage('started');
  const result = await fire({ url: spec.url, connections: 16, requests }, spec.seconds);
  const latencies = new Map<number, number[]>();
  result.statuses.forEach((status, i) => {
    const ms = latencies.get(status) ?? [];
    ms.push(result.latencies[i] ?? 0);
    latencies.set(status, ms);
  });
  const byStatus: FloodResult['byStatus'] = {};
  for (const [status, ms] of latencies) byStatus[status] = { count: ms.length, ...summarize(ms) };
  const requestsPerSecond = Math.round(result.latencies.length / result.duration);
  parentPort?.postMessage({ requestsPerSecond, byStatus, errors: result.errors } satisfies FloodResult);
}

export async function runLoginFlood(
  knobs: { durationSeconds: number; warmupSeconds: number },
  jwtSecret: string,
  log: (line: string) => void,
) {
  const results: {
    name: string;
    probeAlone: Measurement;
    probeDuringFlood: Measurement;
    flood: FloodResult;
  }[] = [];
  for (const scenario of SCENARIOS) {
    log(`login flood: ${scenario.name}`);
    const env: Record<string, string> = {};
    if (scenario.realLimit) env.RATE_LIMIT_LOGIN_PER_MIN = '10';
    if (scenario.threadpool !== null) env.UV_THREADPOOL_SIZE = String(scenario.threadpool);
    const api = await startApi(jwtSecret, env);
    try {
      // Four log-ins (admin, kitchen, two customers): within the real limit's 10 per minute.
      const data = await seed(api.url, { customers: 2, ordersPerCustomer: 10, menuItems: 3 }, 'flood');
      const probe = (warmupSeconds: number) =>
        measure(getOrder(data.customers), {
          url: api.url,
          pid: api.pid,
          connections: 4,
          warmupSeconds,
          durationSeconds: knobs.durationSeconds,
          retryWhenDisturbed: false,
          quiet: warmupSeconds > 0,
          // A fixed rate, so that the probe's latency is service time, not its own queueing.
          autocannon: { overallRate: 200, ignoreCoordinatedOmission: true },
        });
      const probeAlone = await probe(knobs.warmupSeconds);
      const bodies = data.customers.flatMap(({ email, password }) => [
        JSON.stringify({ email, password }),
        JSON.stringify({ email, password: `${password} (wrong)` }),
      ]);
      // Outlasts the probe, which starts half a second after it.
      const worker = new Worker(new URL(import.meta.url), {
        workerData: { url: api.url, seconds: knobs.durationSeconds + 2, bodies },
      });
      const messages = new Promise<FloodResult>((resolve, reject) => {
        worker.on('message', (message) => message !== 'started' && resolve(message));
        worker.once('error', reject);
      });
      await new Promise((started) => worker.once('message', started));
      await new Promise((done) => setTimeout(done, 500));
      const probeDuringFlood = await probe(0);
      results.push({ name: scenario.name, probeAlone, probeDuringFlood, flood: await messages });
      await worker.terminate();
    } finally {
      await api.stop();
    }
  }
  return results;
}
