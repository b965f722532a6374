// The checker of a chaos run: reads the history of requests (with their outcomes) and the final
// state of every order, and reports each way they disagree with the guarantees. Pure: no I/O,
// so chaos-checker.test.ts can feed it corrupted histories and see it object.
//
// What an outcome allows the final state to show, for a request that names its effect (a
// create under a key, a transition under a key, each with its own X-Request-Id):
// - 201 / 200 (fresh): the effect is there, exactly once, written by this very request;
// - 201 / 200 replayed: the effect is there once, written by an earlier request under the key;
// - unknown (reset, timeout) or 503: the effect is there at most once;
// - any other answer (4xx), or a refused connection: this request wrote nothing.
// The state machine below is written out again from the contract (docs/api.md), not imported
// from the domain: an oracle that shares the product's table would share its mistakes.

import type { ActorRef, FaultRecord, Outcome, RequestRecord, Role, Status } from './history.ts';

export interface FinalEntry {
  readonly seq: number;
  readonly from: Status | null;
  readonly to: Status;
  readonly actor: ActorRef;
  readonly reason: string | null;
  readonly override: boolean;
  readonly requestId: string | null;
  /** The transition's Idempotency-Key as stored with the entry; null when none. */
  readonly idempotencyKey: string | null;
}

export interface FinalOrder {
  readonly id: string;
  readonly customerId: string;
  /** The key of the create that made it. */
  readonly idempotencyKey: string;
  readonly status: Status;
  readonly version: number;
  readonly history: readonly FinalEntry[];
}

export type AnomalyKind =
  | 'bad-5xx'
  | 'orders-per-key'
  | 'lost-201'
  | 'different-orders-for-key'
  | 'invented-order'
  | 'lost-200'
  | 'doubled-entry'
  | 'key-applied-twice'
  | 'refused-but-applied'
  | 'replay-wrote'
  | 'invented-entry'
  | 'seq-gap'
  | 'version-mismatch'
  | 'status-mismatch'
  | 'invalid-creation'
  | 'broken-chain'
  | 'left-cancelled'
  | 'invalid-edge'
  | 'slow-readiness'
  | 'unclean-exit'
  | 'page-duplicate'
  | 'page-out-of-order'
  | 'page-filter-broken'
  | 'observed-state-lost'
  | 'store-disagrees';

export interface Anomaly {
  readonly kind: AnomalyKind;
  readonly detail: string;
}

export interface CheckInput {
  readonly records: readonly RequestRecord[];
  readonly faults: readonly FaultRecord[];
  readonly orders: readonly FinalOrder[];
  /** How soon after a fault heals every API process must be ready again. */
  readonly readyBoundMs: number;
}

export interface CheckReport {
  readonly anomalies: readonly Anomaly[];
  readonly counts: Readonly<Record<string, number>>;
}

const REGULAR: Readonly<Record<Status, Partial<Record<Status, readonly Role[]>>>> = {
  CREATED: { CONFIRMED: ['kitchen', 'admin'], CANCELLED: ['customer', 'kitchen', 'admin'] },
  CONFIRMED: { PREPARING: ['kitchen', 'admin'] },
  PREPARING: { READY: ['kitchen', 'admin'] },
  READY: {},
  CANCELLED: {},
};

type Answered = Extract<Outcome, { kind: 'answered' }>;

const answered = (outcome: Outcome): Answered | null => (outcome.kind === 'answered' ? outcome : null);
const succeeded = (outcome: Outcome, status: number) => answered(outcome)?.status === status;
/** May have taken effect without saying so. */
const indeterminate = (outcome: Outcome) =>
  outcome.kind === 'unknown' || (outcome.kind === 'answered' && outcome.status >= 500);

export function check(input: CheckInput): CheckReport {
  const anomalies: Anomaly[] = [];
  const counts: Record<string, number> = {};
  const report = (kind: AnomalyKind, detail: string) => anomalies.push({ kind, detail });
  const count = (name: string, by = 1) => {
    counts[name] = (counts[name] ?? 0) + by;
  };

  const byRequestId = new Map(input.records.map((record) => [record.requestId, record]));
  const ordersById = new Map(input.orders.map((order) => [order.id, order]));

  checkAnswers(input.records, report, count);
  checkCreates(input.records, input.orders, byRequestId, report, count);
  checkTransitions(input.records, input.orders, byRequestId, report, count);
  for (const order of input.orders) checkHistory(order, report);
  checkReadiness(input.faults, input.readyBoundMs, report, count);
  checkPages(input.records, report, count);
  checkObservations(input.records, ordersById, report);

  count('orders', input.orders.length);
  return { anomalies, counts };
}

/** No 5xx but a clean 503 SERVICE_UNAVAILABLE problem with Retry-After. */
function checkAnswers(
  records: readonly RequestRecord[],
  report: (kind: AnomalyKind, detail: string) => void,
  count: (name: string) => void,
): void {
  for (const record of records) {
    const { outcome } = record;
    count(`outcome ${outcome.kind === 'answered' ? outcome.status : outcome.kind}`);
    if (outcome.kind !== 'answered' || outcome.status < 500) continue;
    const clean =
      outcome.status === 503 &&
      outcome.body?.code === 'SERVICE_UNAVAILABLE' &&
      Number(outcome.retryAfter) >= 1 &&
      (outcome.contentType ?? '').startsWith('application/problem+json');
    if (!clean) {
      report(
        'bad-5xx',
        `${record.requestId}: ${outcome.status} retry-after=${outcome.retryAfter} ${JSON.stringify(outcome.body)}`,
      );
    }
  }
}

/** Per (customer, key): at most one order, exactly one if any answer was 201, all 201s name it. */
function checkCreates(
  records: readonly RequestRecord[],
  orders: readonly FinalOrder[],
  byRequestId: ReadonlyMap<string, RequestRecord>,
  report: (kind: AnomalyKind, detail: string) => void,
  count: (name: string) => void,
): void {
  const scope = (customerId: string, key: string) => `${customerId} ${key}`;
  const sent = new Map<string, RequestRecord[]>();
  for (const record of records) {
    if (record.op.kind !== 'create') continue;
    const at = scope(record.actor.id, record.op.key);
    sent.set(at, [...(sent.get(at) ?? []), record]);
  }
  const stored = new Map<string, FinalOrder[]>();
  for (const order of orders) {
    const at = scope(order.customerId, order.idempotencyKey);
    stored.set(at, [...(stored.get(at) ?? []), order]);
  }

  for (const [at, attempts] of sent) {
    count('create keys');
    const found = stored.get(at) ?? [];
    if (found.length > 1) report('orders-per-key', `${at}: ${found.map((order) => order.id).join(', ')}`);
    const created = attempts.filter((record) => succeeded(record.outcome, 201));
    if (created.length === 0) continue;
    const named = new Set(created.map((record) => answered(record.outcome)?.body?.order?.id));
    const [order] = found;
    if (order === undefined) {
      report('lost-201', `${at}: answered 201 (${[...named].join(', ')}) but no order is stored`);
      continue;
    }
    if (named.size !== 1 || !named.has(order.id)) {
      report('different-orders-for-key', `${at}: 201s name ${[...named].join(', ')}, stored ${order.id}`);
    }
    const fresh = created.filter((record) => answered(record.outcome)?.replayed !== true);
    if (fresh.length > 1) {
      report('orders-per-key', `${at}: ${fresh.length} answers 201 without Idempotent-Replayed`);
    }
    for (const record of fresh) {
      if (order.history[0]?.requestId !== record.requestId) {
        report(
          'different-orders-for-key',
          `${at}: ${record.requestId} answered a fresh 201, but ${order.history[0]?.requestId} created the order`,
        );
      }
    }
    count('create keys answered 201');
  }

  // Nothing invented: every order was made by one of the creates of its key that may have.
  for (const order of orders) {
    const creator = byRequestId.get(order.history[0]?.requestId ?? '');
    const madeIt =
      creator !== undefined &&
      creator.op.kind === 'create' &&
      creator.actor.id === order.customerId &&
      creator.op.key === order.idempotencyKey &&
      (indeterminate(creator.outcome) ||
        (succeeded(creator.outcome, 201) && answered(creator.outcome)?.replayed !== true));
    if (!madeIt) {
      report(
        'invented-order',
        `${order.id} (${scope(order.customerId, order.idempotencyKey)}) was created by ` +
          `${order.history[0]?.requestId ?? 'nothing'}, ${creator === undefined ? 'which was never sent' : `answered ${describe(creator.outcome)}`}`,
      );
    }
  }
}

/** Every acknowledged transition exactly once, an indeterminate one at most once, a refused one never. */
function checkTransitions(
  records: readonly RequestRecord[],
  orders: readonly FinalOrder[],
  byRequestId: ReadonlyMap<string, RequestRecord>,
  report: (kind: AnomalyKind, detail: string) => void,
  count: (name: string) => void,
): void {
  const entries = new Map<string, { order: FinalOrder; entry: FinalEntry }[]>();
  for (const order of orders) {
    for (const entry of order.history) {
      if (entry.requestId === null) continue;
      entries.set(entry.requestId, [...(entries.get(entry.requestId) ?? []), { order, entry }]);
    }
    const keyed = new Map<string, number>();
    for (const entry of order.history.slice(1)) {
      if (entry.idempotencyKey === null) continue;
      const at = `${entry.actor.id} ${entry.idempotencyKey}`;
      keyed.set(at, (keyed.get(at) ?? 0) + 1);
    }
    for (const [at, times] of keyed) {
      if (times > 1) report('key-applied-twice', `${order.id}: (actor, key) ${at} wrote ${times} entries`);
    }
  }
  for (const [requestId, written] of entries) {
    if (written.length > 1) {
      report(
        'doubled-entry',
        `${requestId} wrote ${written.length} entries (${written.map(({ order, entry }) => `${order.id}#${entry.seq}`).join(', ')})`,
      );
    }
  }
  const ordersById = new Map(orders.map((order) => [order.id, order]));

  for (const record of records) {
    const { op, outcome } = record;
    if (op.kind !== 'transition') continue;
    const written = entries.get(record.requestId) ?? [];
    const order = ordersById.get(op.orderId);
    const reply = answered(outcome);
    if (reply?.status === 200 && !reply.replayed) {
      count('transitions 200');
      const mine = written.filter(
        ({ order: at, entry }) =>
          at.id === op.orderId &&
          entry.to === op.to &&
          entry.actor.id === record.actor.id &&
          entry.idempotencyKey === op.key,
      );
      if (mine.length !== 1) {
        report(
          'lost-200',
          `${record.requestId}: ${op.orderId} → ${op.to} answered 200, found ${mine.length}×`,
        );
      }
    } else if (reply?.status === 200) {
      count('transitions 200 replayed');
      const made = (order?.history ?? []).filter(
        (entry) => entry.actor.id === record.actor.id && entry.idempotencyKey === op.key,
      );
      if (made.length !== 1 || made[0]?.to !== op.to) {
        report(
          'lost-200',
          `${record.requestId}: ${op.orderId} → ${op.to} replayed under ${op.key}, found ${made.map((entry) => entry.to).join(', ') || 'no entry'}`,
        );
      }
      if (written.length > 0) report('replay-wrote', `${record.requestId}: a replay wrote an entry`);
    } else if (indeterminate(outcome)) {
      count(
        written.length > 0 ? 'indeterminate transitions applied' : 'indeterminate transitions not applied',
      );
    } else {
      count('transitions refused');
      if (written.length > 0) {
        report(
          'refused-but-applied',
          `${record.requestId}: answered ${describe(outcome)} but wrote an entry`,
        );
      }
    }
  }

  // Nothing invented: every entry after the creation was written by a transition request sent
  // for that order, by that actor, to that status, under that key.
  for (const order of orders) {
    for (const entry of order.history.slice(1)) {
      const writer = byRequestId.get(entry.requestId ?? '');
      const op = writer?.op;
      const matches =
        op?.kind === 'transition' &&
        op.orderId === order.id &&
        op.to === entry.to &&
        op.key === entry.idempotencyKey &&
        writer?.actor.id === entry.actor.id;
      if (!matches) {
        report(
          'invented-entry',
          `${order.id}#${entry.seq} (${entry.to}) names ${entry.requestId ?? 'no request'}`,
        );
      }
    }
  }
}

/** A valid path of the state machine, seq contiguous, version = length, nothing out of CANCELLED. */
function checkHistory(order: FinalOrder, report: (kind: AnomalyKind, detail: string) => void): void {
  const { history } = order;
  history.forEach((entry, index) => {
    if (entry.seq !== index + 1) report('seq-gap', `${order.id}: entry ${index + 1} has seq ${entry.seq}`);
  });
  if (order.version !== history.length) {
    report('version-mismatch', `${order.id}: version ${order.version}, ${history.length} entries`);
  }
  if (history.at(-1)?.to !== order.status) {
    report('status-mismatch', `${order.id}: status ${order.status}, last entry → ${history.at(-1)?.to}`);
  }
  const [first, ...changes] = history;
  if (
    first === undefined ||
    first.from !== null ||
    first.to !== 'CREATED' ||
    first.actor.id !== order.customerId ||
    first.actor.role !== 'customer' ||
    first.override
  ) {
    report('invalid-creation', `${order.id}: first entry ${JSON.stringify(first)}`);
  }
  let previous = first?.to;
  for (const entry of changes) {
    const where = `${order.id}#${entry.seq} ${entry.from} → ${entry.to} by ${entry.actor.role}`;
    if (entry.from !== previous) report('broken-chain', `${where}, but the order was ${previous}`);
    previous = entry.to;
    if (entry.from === null) {
      report('invalid-edge', `${where}: only the creation comes from nothing`);
      continue;
    }
    if (entry.from === 'CANCELLED') {
      report('left-cancelled', where);
      continue;
    }
    const regular = REGULAR[entry.from][entry.to]?.includes(entry.actor.role) === true;
    const ownOrder = entry.actor.role !== 'customer' || entry.actor.id === order.customerId;
    if (regular && ownOrder && !entry.override) continue;
    const override =
      !regular &&
      entry.actor.role === 'admin' &&
      entry.from !== entry.to &&
      entry.override &&
      (entry.reason ?? '').trim() !== '';
    if (!override) {
      report('invalid-edge', `${where} (override ${entry.override}, reason ${JSON.stringify(entry.reason)})`);
    }
  }
}

function checkReadiness(
  faults: readonly FaultRecord[],
  boundMs: number,
  report: (kind: AnomalyKind, detail: string) => void,
  count: (name: string) => void,
): void {
  for (const fault of faults) {
    count(`fault ${fault.kind}`);
    if (fault.kind === 'sigterm' && fault.exitCode !== 0) {
      report('unclean-exit', `${fault.note}: exited with ${fault.exitCode} after SIGTERM`);
    }
    fault.readyAfterMs.forEach((ms, instance) => {
      if (ms === null || ms > boundMs) {
        report(
          'slow-readiness',
          `${fault.kind} (${fault.note}): instance ${instance} ready ${ms === null ? 'never' : `after ${Math.round(ms)} ms`}, bound ${boundMs} ms`,
        );
      }
    });
  }
}

/** Within one walk of pages: newest first (strictly decreasing ids), no order twice, filters held. */
function checkPages(
  records: readonly RequestRecord[],
  report: (kind: AnomalyKind, detail: string) => void,
  count: (name: string) => void,
): void {
  const walks = new Map<string, RequestRecord[]>();
  for (const record of records) {
    if (record.op.kind !== 'page' || !succeeded(record.outcome, 200)) continue;
    walks.set(record.op.walk, [...(walks.get(record.op.walk) ?? []), record]);
  }
  for (const [walk, pages] of walks) {
    count('page walks');
    const seen = new Set<string>();
    let last: string | undefined;
    const ordered = pages.toSorted((a, b) => pageOf(a) - pageOf(b));
    for (const record of ordered) {
      count('pages');
      if (record.op.kind !== 'page') continue;
      const { statuses, ownOnly } = record.op;
      for (const item of (answered(record.outcome)?.body?.items ?? []) as {
        id: string;
        status: Status;
        customerId: string;
      }[]) {
        if (seen.has(item.id)) report('page-duplicate', `walk ${walk}: ${item.id} listed twice`);
        else if (last !== undefined && item.id >= last) {
          report('page-out-of-order', `walk ${walk}: ${item.id} after ${last}`);
        }
        seen.add(item.id);
        last = item.id;
        if (statuses !== null && !statuses.includes(item.status)) {
          report(
            'page-filter-broken',
            `walk ${walk}: ${item.id} is ${item.status}, asked for ${statuses.join(',')}`,
          );
        }
        if (ownOnly && item.customerId !== record.actor.id) {
          report(
            'page-filter-broken',
            `walk ${walk}: ${item.id} belongs to ${item.customerId}, not the caller`,
          );
        }
      }
    }
  }
}

const pageOf = (record: RequestRecord) => (record.op.kind === 'page' ? record.op.page : 0);

/**
 * Whatever an answer showed of an order was kept: its history then is a prefix of the final
 * one (an acknowledged read or write is never rolled back).
 */
function checkObservations(
  records: readonly RequestRecord[],
  ordersById: ReadonlyMap<string, FinalOrder>,
  report: (kind: AnomalyKind, detail: string) => void,
): void {
  for (const record of records) {
    const reply = answered(record.outcome);
    if (reply === null || (reply.status !== 200 && reply.status !== 201)) continue;
    const shown: { id: string; version: number; history: { requestId: string | null; to: Status }[] }[] =
      reply.body?.order !== undefined ? [reply.body.order] : (reply.body?.items ?? []);
    for (const order of shown) {
      if (typeof order?.id !== 'string' || !Array.isArray(order.history)) continue;
      const final = ordersById.get(order.id);
      const kept =
        final !== undefined &&
        order.version === order.history.length &&
        order.history.length <= final.history.length &&
        order.history.every(
          (entry, index) =>
            final.history[index]?.requestId === entry.requestId && final.history[index]?.to === entry.to,
        );
      if (!kept) {
        report(
          'observed-state-lost',
          `${record.requestId} showed ${order.id} at v${order.version} (${order.history.map((entry) => entry.to).join('→')}), ` +
            `final ${final === undefined ? 'missing' : final.history.map((entry) => entry.to).join('→')}`,
        );
      }
    }
  }
}

/** An order as the API serves it (GET /orders as staff). */
export interface ServedOrder {
  readonly id: string;
  readonly customerId: string;
  readonly status: Status;
  readonly version: number;
  readonly history: readonly Omit<FinalEntry, 'idempotencyKey'>[];
}

/** An order as the database holds it (the `orders` collection). */
export interface StoredOrder {
  readonly _id: string;
  readonly customerId: string;
  readonly idempotencyKey: string;
  readonly status: Status;
  readonly version: number;
  readonly history: readonly (Omit<FinalEntry, 'seq' | 'idempotencyKey'> & { idempotencyKey?: string })[];
  readonly transitionKeys?: readonly string[];
}

/**
 * The final state the checker reads: the API's view (seq, as clients see it) joined with the
 * database's (the keys, which the API does not serve). Where the two disagree, or the keys a
 * transition filter relies on (`transitionKeys`) do not match the keyed entries, that is an
 * anomaly too.
 */
export function finalState(
  served: readonly ServedOrder[],
  stored: readonly StoredOrder[],
): { orders: FinalOrder[]; anomalies: Anomaly[] } {
  const anomalies: Anomaly[] = [];
  const storedById = new Map(stored.map((document) => [document._id, document]));
  const servedIds = new Set(served.map((order) => order.id));
  for (const document of stored) {
    if (!servedIds.has(document._id)) {
      anomalies.push({ kind: 'store-disagrees', detail: `${document._id} is stored but not listed` });
    }
  }
  const orders: FinalOrder[] = [];
  for (const order of served) {
    const document = storedById.get(order.id);
    if (document === undefined) {
      anomalies.push({ kind: 'store-disagrees', detail: `${order.id} is listed but not stored` });
      continue;
    }
    const same =
      document.customerId === order.customerId &&
      document.status === order.status &&
      document.version === order.version &&
      document.history.length === order.history.length &&
      document.history.every(
        (entry, index) =>
          entry.requestId === order.history[index]?.requestId && entry.to === order.history[index]?.to,
      );
    if (!same) anomalies.push({ kind: 'store-disagrees', detail: `${order.id}: served and stored differ` });
    const keys = document.history
      .slice(1)
      .flatMap((entry) =>
        entry.idempotencyKey === undefined ? [] : [`${entry.actor.id} ${entry.idempotencyKey}`],
      );
    if (JSON.stringify(keys) !== JSON.stringify(document.transitionKeys ?? [])) {
      anomalies.push({
        kind: 'store-disagrees',
        detail: `${order.id}: transitionKeys ${JSON.stringify(document.transitionKeys)} vs entries ${JSON.stringify(keys)}`,
      });
    }
    orders.push({
      id: order.id,
      customerId: order.customerId,
      idempotencyKey: document.idempotencyKey,
      status: order.status,
      version: order.version,
      history: order.history.map((entry, index) => ({
        ...entry,
        idempotencyKey: document.history[index]?.idempotencyKey ?? null,
      })),
    });
  }
  return { orders, anomalies };
}

function describe(outcome: Outcome): string {
  return outcome.kind === 'answered'
    ? `${outcome.status}${outcome.body?.code ? ` ${outcome.body.code}` : ''}`
    : `${outcome.kind} (${outcome.reason})`;
}

/** The line a run ends with. */
export function summaryLine(requests: number, faults: number, unknown: number, anomalies: number): string {
  return `chaos: ${requests} requests, ${faults} faults, ${unknown} unknown outcomes, ${anomalies} anomalies`;
}
