// The faults of a chaos run, injected while the workload runs: the database cut and stalled
// through a TCP proxy, Redis cut through another, one API process killed (SIGKILL) and
// restarted, the other drained (SIGTERM) and restarted, and a process killed during a database
// cut and restarted before the database returns. Each is recorded with how long every API
// process took to be ready again once it healed.

import type { TcpProxy } from '@food-oms/adapters-mongo/testing';
import { type ApiProcess, startApiProcess } from '../api-process.ts';
import { client } from '../client.ts';
import type { ChaosHistory, FaultKind } from './history.ts';

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** How long the injector waits for readiness after a heal before it records "never". */
const READY_WAIT_MS = 60_000;

/** Two (or more) API processes on one environment; a stopped one keeps its last address. */
export class ChaosCluster {
  readonly #env: Record<string, string>;
  readonly #processes: ApiProcess[];

  private constructor(env: Record<string, string>, processes: ApiProcess[]) {
    this.#env = env;
    this.#processes = processes;
  }

  static async start(env: Record<string, string>, count: number): Promise<ChaosCluster> {
    return new ChaosCluster(
      env,
      await Promise.all(Array.from({ length: count }, () => startApiProcess(env))),
    );
  }

  get size(): number {
    return this.#processes.length;
  }

  /** Where instance `i` listens (or listened, while it is down: requests are then refused). */
  url(i: number): string {
    const process = this.#processes[i];
    if (process === undefined) throw new Error(`no instance ${i}`);
    return process.url;
  }

  /** Sends `signal` to instance `i` and resolves with its exit code. */
  async stop(i: number, signal: NodeJS.Signals): Promise<number | null> {
    const process = this.#processes[i];
    if (process === undefined) throw new Error(`no instance ${i}`);
    return process.stop(signal);
  }

  async restart(i: number): Promise<void> {
    const started = await startApiProcess(this.#env);
    this.#processes[i] = started;
  }

  async stopAll(): Promise<(number | null)[]> {
    return Promise.all(this.#processes.map((process) => process.stop('SIGTERM')));
  }

  /** Per instance, how long until GET /health/ready answered 200 (null: not within the wait). */
  async readiness(): Promise<(number | null)[]> {
    const started = performance.now();
    return Promise.all(
      this.#processes.map(async (process) => {
        const call = client(process.url);
        while (performance.now() - started < READY_WAIT_MS) {
          const ready = await call('GET', '/health/ready').then(
            (reply) => reply.status === 200,
            () => false,
          );
          if (ready) return performance.now() - started;
          await sleep(100);
        }
        return null;
      }),
    );
  }
}

export interface FaultPlan {
  /** Traffic before the first fault and after the last. */
  readonly calmMs: number;
  /** How long a database or Redis fault lasts. */
  readonly faultMs: number;
  /** How long a killed process stays down before its restart. */
  readonly downMs: number;
  /** How many times the whole sequence of faults runs. */
  readonly rounds: number;
}

export interface FaultTargets {
  readonly history: ChaosHistory;
  readonly cluster: ChaosCluster;
  readonly database: TcpProxy;
  /** Null when there is no Redis to fault (the reason was printed). */
  readonly redis: TcpProxy | null;
}

/**
 * Runs the plan: each fault, its heal, then a wait until every process is ready again, with
 * calm traffic in between. Resolves once the last fault healed and the calm after it passed.
 */
export async function injectFaults(plan: FaultPlan, targets: FaultTargets): Promise<void> {
  const { history, cluster, database, redis } = targets;
  const inject = async (
    kind: FaultKind,
    note: string,
    begin: () => Promise<void>,
    heal: () => Promise<unknown>,
  ) => {
    const startedMs = history.now();
    await begin();
    const healed = await heal();
    const healedMs = history.now();
    const readyAfterMs = await cluster.readiness();
    history.faults.push({
      kind,
      note,
      startedMs,
      healedMs,
      readyAfterMs,
      ...(typeof healed === 'number' || healed === null ? { exitCode: healed } : {}),
    });
    await sleep(plan.calmMs);
  };

  await sleep(plan.calmMs);
  for (let round = 0; round < plan.rounds; round += 1) {
    await inject(
      'database-cut',
      `${plan.faultMs} ms, connections closed and refused`,
      () => database.cut(),
      async () => {
        await sleep(plan.faultMs);
        await database.restore();
      },
    );
    await inject(
      'database-stall',
      `${plan.faultMs} ms, connections hang`,
      async () => database.stall(),
      async () => {
        await sleep(plan.faultMs);
        await database.restore();
      },
    );
    if (redis !== null) {
      await inject(
        'redis-cut',
        `${plan.faultMs} ms, the rate limiter fails open`,
        () => redis.cut(),
        async () => {
          await sleep(plan.faultMs);
          await redis.restore();
        },
      );
    }
    const killed = round % cluster.size;
    const drained = (round + 1) % cluster.size;
    await inject(
      'sigkill',
      `instance ${killed} mid-traffic, restarted after ${plan.downMs} ms`,
      async () => {
        await cluster.stop(killed, 'SIGKILL');
      },
      async () => {
        await sleep(plan.downMs);
        await cluster.restart(killed);
      },
    );
    let exitCode: number | null = null;
    await inject(
      'sigterm',
      `instance ${drained} drained and restarted`,
      async () => {
        exitCode = await cluster.stop(drained, 'SIGTERM');
      },
      async () => {
        await cluster.restart(drained);
        return exitCode;
      },
    );
    await inject(
      'database-cut+sigkill',
      `instance ${drained} killed during a ${plan.faultMs} ms cut, restarted before the database returns`,
      async () => {
        await database.cut();
        await cluster.stop(drained, 'SIGKILL');
      },
      async () => {
        await sleep(plan.downMs);
        await cluster.restart(drained);
        await sleep(plan.faultMs);
        await database.restore();
      },
    );
  }
}
