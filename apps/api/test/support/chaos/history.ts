// The record of a chaos run: every request the workload sent, with what it meant to do and how
// it ended, and every fault with when it began, healed and how long readiness took to return.
// The checker reads nothing else besides the final database.

import type { Agent } from 'node:http';
import { FaultLedger } from '../fault-ledger.ts';
import { type AttemptRequest, attempt } from '../http-attempt.ts';

export type Role = 'customer' | 'kitchen' | 'admin';
export type Status = 'CREATED' | 'CONFIRMED' | 'PREPARING' | 'READY' | 'CANCELLED';

export interface ActorRef {
  readonly id: string;
  readonly role: Role;
}

/** What a request was for, in the terms the checker reasons in. */
export type Operation =
  | {
      readonly kind: 'create';
      readonly key: string;
      /** The body as sent, serialised: a key reused with another body must be refused. */
      readonly body: string;
    }
  | {
      readonly kind: 'transition';
      readonly orderId: string;
      readonly to: Status;
      readonly reason: string | null;
      readonly key: string;
      readonly ifMatch: number | null;
    }
  | { readonly kind: 'read'; readonly orderId: string }
  | {
      readonly kind: 'page';
      /** All pages of one walk share it; `page` counts from 0. */
      readonly walk: string;
      readonly page: number;
      readonly statuses: readonly Status[] | null;
      /** A customer lists only their own orders. */
      readonly ownOnly: boolean;
    };

/**
 * How a request ended. `unknown`: the request was written but no complete answer came (a
 * reset, a timeout): it may or may not have taken effect. `refused`: no connection was made,
 * so no server ever saw it.
 */
export type Outcome =
  | {
      readonly kind: 'answered';
      readonly status: number;
      readonly replayed: boolean;
      readonly retryAfter: string | null;
      readonly contentType: string | null;
      // biome-ignore lint/suspicious/noExplicitAny: JSON of many shapes; the checker reads the fields it needs.
      readonly body: any;
    }
  | { readonly kind: 'unknown'; readonly reason: string }
  | { readonly kind: 'refused'; readonly reason: string };

export interface RequestRecord {
  /** Sent as X-Request-Id, so a history entry names the request that wrote it. */
  readonly requestId: string;
  /** Which API process (0 or 1) it was sent to. */
  readonly instance: number;
  readonly actor: ActorRef;
  readonly op: Operation;
  readonly startedMs: number;
  readonly endedMs: number;
  readonly outcome: Outcome;
}

export type FaultKind =
  | 'database-cut'
  | 'database-stall'
  | 'redis-cut'
  | 'sigkill'
  | 'sigterm'
  /** Both at once: the killed process restarts while its database is still away. */
  | 'database-cut+sigkill';

export interface FaultRecord {
  readonly kind: FaultKind;
  readonly note: string;
  readonly startedMs: number;
  readonly healedMs: number;
  /** Per API process: how long after the heal /health/ready answered 200; null: not within the wait. */
  readonly readyAfterMs: readonly (number | null)[];
  /** For a drained process (SIGTERM): how it exited; a clean drain exits 0. */
  readonly exitCode?: number | null;
}

/** How long one request may take before the client gives up on it (its outcome is then unknown). */
export const CLIENT_TIMEOUT_MS = 30_000;

/** Where a request goes: an API process, its address, and the caller's connection pool for it. */
export interface Target {
  readonly instance: number;
  readonly url: string;
  readonly agent: Agent;
  /** A client less patient than CLIENT_TIMEOUT_MS. */
  readonly timeoutMs?: number;
}

export class ChaosHistory {
  readonly records: RequestRecord[] = [];
  readonly faults: FaultRecord[] = [];
  /**
   * Every answer also goes to the fault suites' ledger, whose checks (clean 503s that leak
   * nothing, one order per key, every 201 stored) run on the final database too.
   */
  readonly ledger = new FaultLedger();
  readonly #origin = performance.now();
  #sequence = 0;

  now(): number {
    return performance.now() - this.#origin;
  }

  /** A request id of this run, unique and accepted by the API as X-Request-Id. */
  nextRequestId(label: string): string {
    this.#sequence += 1;
    return `chaos.${label}.${this.#sequence}`;
  }

  /**
   * Sends one request through `agent` and records it. A request that outlives the client's
   * timeout is recorded as unknown and its socket destroyed (the agent opens a new one for the
   * next request).
   */
  async send(
    target: Target,
    actor: ActorRef,
    op: Operation,
    request: AttemptRequest,
    label: string,
  ): Promise<RequestRecord> {
    const requestId = this.nextRequestId(label);
    const startedMs = this.now();
    const timeoutMs = target.timeoutMs ?? CLIENT_TIMEOUT_MS;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), timeoutMs);
    });
    const ended = await Promise.race([
      attempt(target.agent, target.url, {
        ...request,
        headers: { ...request.headers, 'x-request-id': requestId },
      }),
      timeout,
    ]);
    clearTimeout(timer);
    let outcome: Outcome;
    if (ended === 'timeout') {
      target.agent.destroy();
      outcome = { kind: 'unknown', reason: `no answer within ${timeoutMs} ms` };
    } else if (ended.kind === 'answered') {
      this.ledger.record(ended, this.now() - startedMs);
      const header = (name: string): string | null => {
        const value = ended.headers[name];
        return Array.isArray(value) ? value.join(', ') : (value ?? null);
      };
      outcome = {
        kind: 'answered',
        status: ended.status,
        replayed: header('idempotent-replayed') === 'true',
        retryAfter: header('retry-after'),
        contentType: header('content-type'),
        body: ended.body,
      };
    } else if (ended.kind === 'reset') {
      outcome = { kind: 'unknown', reason: `reset (${ended.code})` };
    } else {
      outcome = { kind: 'refused', reason: ended.code };
    }
    const record: RequestRecord = {
      requestId,
      instance: target.instance,
      actor,
      op,
      startedMs,
      endedMs: this.now(),
      outcome,
    };
    this.records.push(record);
    return record;
  }
}
