import { describe, expect, it } from 'vitest';
import {
  type AnomalyKind,
  type CheckInput,
  check,
  type FinalEntry,
  type FinalOrder,
  finalState,
  type ServedOrder,
  type StoredOrder,
} from './support/chaos/checker.ts';
import type { ActorRef, Operation, Outcome, RequestRecord, Status } from './support/chaos/history.ts';

// The chaos checker against histories made by hand: a clean one it must accept, and the same
// one corrupted in each way the guarantees forbid, which it must report. A checker that cannot
// fail proves nothing.

const CUSTOMER: ActorRef = { id: 'c0000000-0000-7000-8000-000000000001', role: 'customer' };
const OTHER_CUSTOMER: ActorRef = { id: 'c0000000-0000-7000-8000-000000000002', role: 'customer' };
const KITCHEN: ActorRef = { id: 'b0000000-0000-7000-8000-000000000001', role: 'kitchen' };
const ADMIN: ActorRef = { id: 'a0000000-0000-7000-8000-000000000001', role: 'admin' };
/** UUIDv7 ids sort by time: O2 is newer than O1. */
const O1 = '01900000-0000-7000-8000-000000000001';
const O2 = '01900000-0000-7000-8000-000000000002';
const BODY = '{"items":[{"menuItemId":"m","quantity":1}]}';

function entry(
  seq: number,
  from: Status | null,
  to: Status,
  actor: ActorRef,
  requestId: string,
  extra: Partial<FinalEntry> = {},
): FinalEntry {
  return {
    seq,
    from,
    to,
    actor,
    reason: null,
    override: false,
    requestId,
    idempotencyKey: null,
    ...extra,
  };
}

function order(id: string, customerId: string, key: string, history: FinalEntry[]): FinalOrder {
  return {
    id,
    customerId,
    idempotencyKey: key,
    status: history.at(-1)?.to ?? 'CREATED',
    version: history.length,
    history,
  };
}

/** What an answer shows of an order: enough for the checker's "nothing observed was lost". */
function shown(final: FinalOrder, upTo: number) {
  const history = final.history.slice(0, upTo).map((e) => ({ requestId: e.requestId, to: e.to }));
  return { id: final.id, customerId: final.customerId, status: history.at(-1)?.to, version: upTo, history };
}

const ok = (status: number, body: unknown, replayed = false): Outcome => ({
  kind: 'answered',
  status,
  replayed,
  retryAfter: null,
  contentType: 'application/json',
  body,
});
const unavailable: Outcome = {
  kind: 'answered',
  status: 503,
  replayed: false,
  retryAfter: '1',
  contentType: 'application/problem+json',
  body: { status: 503, code: 'SERVICE_UNAVAILABLE' },
};
const reset: Outcome = { kind: 'unknown', reason: 'reset (ECONNRESET)' };

function record(requestId: string, actor: ActorRef, op: Operation, outcome: Outcome): RequestRecord {
  return { requestId, instance: 0, actor, op, startedMs: 0, endedMs: 1, outcome };
}

const transition = (
  orderId: string,
  to: Status,
  key: string,
  reason: string | null = null,
): Extract<Operation, { kind: 'transition' }> => ({
  kind: 'transition',
  orderId,
  to,
  reason,
  key,
  ifMatch: null,
});

/**
 * A clean run: an order whose create was reset and retried (replayed), confirmed by a request
 * answered 503 and retried (replayed), prepared, refused a cancel, overridden back by an
 * admin; a second order its customer cancelled; a walk of pages; a fault that healed.
 */
function cleanRun(): CheckInput & { records: RequestRecord[]; orders: FinalOrder[] } {
  const first = order(O1, CUSTOMER.id, 'k1', [
    entry(1, null, 'CREATED', CUSTOMER, 'r1'),
    entry(2, 'CREATED', 'CONFIRMED', KITCHEN, 'r3', { idempotencyKey: 't1' }),
    entry(3, 'CONFIRMED', 'PREPARING', KITCHEN, 'r5', { idempotencyKey: 't2' }),
    entry(4, 'PREPARING', 'CONFIRMED', ADMIN, 'r7', { idempotencyKey: 't3', override: true, reason: 'redo' }),
  ]);
  const second = order(O2, CUSTOMER.id, 'k2', [
    entry(1, null, 'CREATED', CUSTOMER, 'r8'),
    entry(2, 'CREATED', 'CANCELLED', CUSTOMER, 'r9', { idempotencyKey: 'c1' }),
  ]);
  const records = [
    record('r1', CUSTOMER, { kind: 'create', key: 'k1', body: BODY }, reset),
    record(
      'r2',
      CUSTOMER,
      { kind: 'create', key: 'k1', body: BODY },
      ok(201, { order: shown(first, 1) }, true),
    ),
    record('r3', KITCHEN, transition(O1, 'CONFIRMED', 't1'), unavailable),
    record('r4', KITCHEN, transition(O1, 'CONFIRMED', 't1'), ok(200, { order: shown(first, 2) }, true)),
    record(
      'r5',
      KITCHEN,
      { ...transition(O1, 'PREPARING', 't2'), ifMatch: 2 },
      ok(200, { order: shown(first, 3) }),
    ),
    record('r6', KITCHEN, transition(O1, 'CANCELLED', 't4'), ok(409, { code: 'INVALID_TRANSITION' })),
    record('r7', ADMIN, transition(O1, 'CONFIRMED', 't3', 'redo'), ok(200, { order: shown(first, 4) })),
    record('r8', CUSTOMER, { kind: 'create', key: 'k2', body: BODY }, ok(201, { order: shown(second, 1) })),
    record('r9', CUSTOMER, transition(O2, 'CANCELLED', 'c1'), ok(200, { order: shown(second, 2) })),
    record('r10', KITCHEN, { kind: 'read', orderId: O1 }, ok(200, { order: shown(first, 3) })),
    record(
      'r11',
      ADMIN,
      { kind: 'page', walk: 'w1', page: 0, statuses: null, ownOnly: false },
      ok(200, { items: [shown(second, 2), shown(first, 2)] }),
    ),
    record(
      'r12',
      ADMIN,
      { kind: 'page', walk: 'w1', page: 1, statuses: null, ownOnly: false },
      ok(200, { items: [] }),
    ),
    record(
      'r13',
      CUSTOMER,
      { kind: 'page', walk: 'w2', page: 0, statuses: ['CANCELLED'], ownOnly: true },
      ok(200, { items: [shown(second, 2)] }),
    ),
  ];
  return {
    records,
    orders: [first, second],
    faults: [{ kind: 'database-cut', note: '1 s', startedMs: 0, healedMs: 1000, readyAfterMs: [400, 700] }],
    readyBoundMs: 20_000,
  };
}

const kinds = (input: CheckInput): AnomalyKind[] => [...new Set(check(input).anomalies.map((a) => a.kind))];

function withOrder(run: ReturnType<typeof cleanRun>, id: string, change: (o: FinalOrder) => FinalOrder) {
  return { ...run, orders: run.orders.map((o) => (o.id === id ? change(o) : o)) };
}

function withRecord(
  run: ReturnType<typeof cleanRun>,
  requestId: string,
  change: (r: RequestRecord) => RequestRecord,
) {
  return { ...run, records: run.records.map((r) => (r.requestId === requestId ? change(r) : r)) };
}

function appended(o: FinalOrder, extra: FinalEntry): FinalOrder {
  const history = [...o.history, extra];
  return { ...o, history, version: history.length, status: extra.to };
}

describe('the chaos checker', () => {
  it('accepts a clean run and counts what it saw', () => {
    const report = check(cleanRun());
    expect(report.anomalies).toEqual([]);
    expect(report.counts).toMatchObject({
      'create keys': 2,
      'create keys answered 201': 2,
      'transitions 200': 3,
      'transitions 200 replayed': 1,
      'indeterminate transitions applied': 1,
      'transitions refused': 1,
      'page walks': 2,
      orders: 2,
    });
  });

  it.for<{ what: string; expected: AnomalyKind; corrupt: (run: ReturnType<typeof cleanRun>) => CheckInput }>([
    {
      what: 'a doubled history entry (one request applied twice)',
      expected: 'doubled-entry',
      corrupt: (run) =>
        withOrder(run, O2, (o) =>
          appended(o, entry(3, 'CANCELLED', 'CANCELLED', CUSTOMER, 'r9', { idempotencyKey: 'c1' })),
        ),
    },
    {
      what: 'a keyed transition applied twice by two attempts',
      expected: 'key-applied-twice',
      corrupt: (run) =>
        withOrder(run, O1, (o) =>
          appended(o, entry(5, 'CONFIRMED', 'PREPARING', KITCHEN, 'r6', { idempotencyKey: 't2' })),
        ),
    },
    {
      what: 'a lost 201 (the order answered created is not stored)',
      expected: 'lost-201',
      corrupt: (run) => ({ ...run, orders: run.orders.filter((o) => o.id !== O2) }),
    },
    {
      what: 'two orders for one (customer, key)',
      expected: 'orders-per-key',
      corrupt: (run) => ({
        ...run,
        orders: [
          ...run.orders,
          order('01900000-0000-7000-8000-000000000003', CUSTOMER.id, 'k1', [
            entry(1, null, 'CREATED', CUSTOMER, 'r2'),
          ]),
        ],
      }),
    },
    {
      what: 'a replayed 201 naming another order than the key made',
      expected: 'different-orders-for-key',
      corrupt: (run) =>
        withRecord(run, 'r2', (r) => ({
          ...r,
          outcome: ok(201, { order: shown(run.orders[1] as FinalOrder, 1) }, true),
        })),
    },
    {
      what: 'an order nobody asked for',
      expected: 'invented-order',
      corrupt: (run) => ({
        ...run,
        orders: [
          ...run.orders,
          order('01900000-0000-7000-8000-000000000004', OTHER_CUSTOMER.id, 'never', [
            entry(1, null, 'CREATED', OTHER_CUSTOMER, 'r404'),
          ]),
        ],
      }),
    },
    {
      what: 'a lost 200 (an acknowledged transition missing from the history)',
      expected: 'lost-200',
      corrupt: (run) =>
        withOrder(run, O1, (o) => ({
          ...o,
          history: o.history.slice(0, 3),
          version: 3,
          status: 'PREPARING',
        })),
    },
    {
      what: 'a transition answered 409 that wrote anyway',
      expected: 'refused-but-applied',
      corrupt: (run) =>
        withRecord(run, 'r3', (r) => ({ ...r, outcome: ok(409, { code: 'INVALID_TRANSITION' }) })),
    },
    {
      what: 'an invalid edge (the kitchen moved CONFIRMED straight to READY)',
      expected: 'invalid-edge',
      corrupt: (run) =>
        withOrder(run, O1, (o) =>
          appended(o, entry(5, 'CONFIRMED', 'READY', KITCHEN, 'r6', { idempotencyKey: 't4' })),
        ),
    },
    {
      what: 'an override without its flag',
      expected: 'invalid-edge',
      corrupt: (run) =>
        withOrder(run, O1, (o) => ({
          ...o,
          history: o.history.map((e) => (e.seq === 4 ? { ...e, override: false } : e)),
        })),
    },
    {
      what: 'a customer cancelling another customer’s order',
      expected: 'invalid-edge',
      corrupt: (run) =>
        withOrder(run, O2, (o) => ({
          ...o,
          history: o.history.map((e) => (e.seq === 2 ? { ...e, actor: OTHER_CUSTOMER } : e)),
        })),
    },
    {
      what: 'an order leaving CANCELLED',
      expected: 'left-cancelled',
      corrupt: (run) =>
        withOrder(run, O2, (o) =>
          appended(o, entry(3, 'CANCELLED', 'CREATED', ADMIN, 'r7', { override: true, reason: 'undo' })),
        ),
    },
    {
      what: 'a history whose entries do not follow each other',
      expected: 'broken-chain',
      corrupt: (run) =>
        withOrder(run, O1, (o) => ({
          ...o,
          history: o.history.map((e) => (e.seq === 3 ? { ...e, from: 'CREATED' as const } : e)),
        })),
    },
    {
      what: 'a gap in seq',
      expected: 'seq-gap',
      corrupt: (run) =>
        withOrder(run, O1, (o) => ({
          ...o,
          history: o.history.map((e) => (e.seq === 3 ? { ...e, seq: 7 } : e)),
        })),
    },
    {
      what: 'a version that is not the number of entries',
      expected: 'version-mismatch',
      corrupt: (run) => withOrder(run, O1, (o) => ({ ...o, version: 5 })),
    },
    {
      what: 'a 500',
      expected: 'bad-5xx',
      corrupt: (run) =>
        withRecord(run, 'r3', (r) => ({
          ...r,
          outcome: { ...unavailable, status: 500, body: { code: 'INTERNAL' } },
        })),
    },
    {
      what: 'a 503 without Retry-After',
      expected: 'bad-5xx',
      corrupt: (run) =>
        withRecord(run, 'r3', (r) => ({ ...r, outcome: { ...unavailable, retryAfter: null } })),
    },
    {
      what: 'readiness that did not come back within the bound',
      expected: 'slow-readiness',
      corrupt: (run) => ({
        ...run,
        faults: [
          { kind: 'sigkill', note: 'instance 0', startedMs: 0, healedMs: 1, readyAfterMs: [null, 300] },
        ],
      }),
    },
    {
      what: 'a drain (SIGTERM) that did not exit 0',
      expected: 'unclean-exit',
      corrupt: (run) => ({
        ...run,
        faults: [
          {
            kind: 'sigterm',
            note: 'instance 1',
            startedMs: 0,
            healedMs: 1,
            readyAfterMs: [1, 1],
            exitCode: 1,
          },
        ],
      }),
    },
    {
      what: 'a page showing an order twice',
      expected: 'page-duplicate',
      corrupt: (run) =>
        withRecord(run, 'r12', (r) => ({
          ...r,
          outcome: ok(200, { items: [shown(run.orders[0] as FinalOrder, 2)] }),
        })),
    },
    {
      what: 'a page out of order (older first)',
      expected: 'page-out-of-order',
      corrupt: (run) =>
        withRecord(run, 'r11', (r) => ({
          ...r,
          outcome: ok(200, {
            items: [shown(run.orders[0] as FinalOrder, 2), shown(run.orders[1] as FinalOrder, 2)],
          }),
        })),
    },
    {
      what: 'a customer’s page showing an order of another status',
      expected: 'page-filter-broken',
      corrupt: (run) =>
        withRecord(run, 'r13', (r) => ({
          ...r,
          outcome: ok(200, { items: [shown(run.orders[0] as FinalOrder, 2)] }),
        })),
    },
    {
      what: 'a read that showed a change the final state lost',
      expected: 'observed-state-lost',
      corrupt: (run) =>
        withRecord(run, 'r10', (r) => ({
          ...r,
          outcome: ok(200, {
            order: {
              ...shown(run.orders[0] as FinalOrder, 3),
              version: 4,
              history: [
                ...shown(run.orders[0] as FinalOrder, 3).history,
                { requestId: 'r6', to: 'CANCELLED' },
              ],
            },
          }),
        })),
    },
  ])('reports $what', ({ expected, corrupt }) => {
    expect(kinds(corrupt(cleanRun()))).toContain(expected);
  });
});

describe('the final state the checker reads', () => {
  const served: ServedOrder = {
    id: O1,
    customerId: CUSTOMER.id,
    status: 'CONFIRMED',
    version: 2,
    history: [
      { seq: 1, from: null, to: 'CREATED', actor: CUSTOMER, reason: null, override: false, requestId: 'r1' },
      {
        seq: 2,
        from: 'CREATED',
        to: 'CONFIRMED',
        actor: KITCHEN,
        reason: null,
        override: false,
        requestId: 'r3',
      },
    ],
  };
  const stored: StoredOrder = {
    _id: O1,
    customerId: CUSTOMER.id,
    idempotencyKey: 'k1',
    status: 'CONFIRMED',
    version: 2,
    history: [
      { from: null, to: 'CREATED', actor: CUSTOMER, reason: null, override: false, requestId: 'r1' },
      {
        from: 'CREATED',
        to: 'CONFIRMED',
        actor: KITCHEN,
        reason: null,
        override: false,
        requestId: 'r3',
        idempotencyKey: 't1',
      },
    ],
    transitionKeys: [`${KITCHEN.id} t1`],
  };

  it('joins the served orders with the stored keys', () => {
    const { orders, anomalies } = finalState([served], [stored]);
    expect(anomalies).toEqual([]);
    expect(orders[0]).toMatchObject({
      idempotencyKey: 'k1',
      history: [{ idempotencyKey: null }, { idempotencyKey: 't1' }],
    });
  });

  it('reports an order stored but not served, served differently, or with keys its entries do not carry', () => {
    expect(finalState([], [stored]).anomalies.map((a) => a.kind)).toEqual(['store-disagrees']);
    expect(finalState([{ ...served, version: 3 }], [stored]).anomalies.map((a) => a.kind)).toEqual([
      'store-disagrees',
    ]);
    expect(finalState([served], [{ ...stored, transitionKeys: [] }]).anomalies.map((a) => a.kind)).toEqual([
      'store-disagrees',
    ]);
  });
});
