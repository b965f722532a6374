// The login flood's load generator, in a process of its own so that its event loop, busy
// with thousands of answers a second, never delays the latency probe that runs meanwhile in
// bench/run.ts. Usage: node bench/flood-client.ts '<FloodSpec JSON>'. Prints "started" once
// autocannon runs, then one line of FloodResult JSON.
import autocannon from 'autocannon';
import { summarize } from './load.ts';

export interface FloodSpec {
  readonly url: string;
  readonly connections: number;
  readonly durationSeconds: number;
  /** POST /auth/login bodies, sent in turn by every connection. */
  readonly bodies: readonly string[];
}

export interface StatusLatency {
  readonly count: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
}

export interface FloodResult {
  readonly durationSeconds: number;
  readonly responses: number;
  readonly requestsPerSecond: number;
  /** Per status code: how many, and how fast (ms). */
  readonly byStatus: Record<string, StatusLatency>;
  readonly errors: number;
  readonly timeouts: number;
}

function summary(latencies: number[]): StatusLatency {
  const { p50, p99, max } = summarize(latencies);
  return { count: latencies.length, p50, p99, max };
}

if (import.meta.main) {
  const spec = JSON.parse(process.argv[2] ?? '{}') as FloodSpec;
  const latencies = new Map<number, number[]>();
  const instance = autocannon(
    {
      url: spec.url,
      connections: spec.connections,
      duration: spec.durationSeconds,
      timeout: 30,
      requests: spec.bodies.map((body) => ({
        method: 'POST' as const,
        path: '/auth/login',
        headers: { 'content-type': 'application/json' },
        body,
      })),
    },
    (error, result) => {
      if (error !== null && error !== undefined) {
        console.error(error);
        process.exit(1);
      }
      const byStatus: Record<string, StatusLatency> = {};
      for (const [status, times] of latencies) byStatus[String(status)] = summary(times);
      const responses = [...latencies.values()].reduce((sum, times) => sum + times.length, 0);
      const flood: FloodResult = {
        durationSeconds: result.duration,
        responses,
        requestsPerSecond: Math.round(responses / result.duration),
        byStatus,
        errors: result.errors,
        timeouts: result.timeouts,
      };
      process.stdout.write(`${JSON.stringify(flood)}\n`);
    },
  );
  instance.on('start', () => process.stdout.write('started\n'));
  instance.on('response', (_client, statusCode, _bytes, responseTime) => {
    const times = latencies.get(statusCode);
    if (times === undefined) latencies.set(statusCode, [responseTime]);
    else times.push(responseTime);
  });
}
