import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  appendChange,
  CodedError,
  checkOrderRequest,
  type HistoryEntry,
  judgeTransition,
  movedOrder,
  newOrder,
  type Order,
  type OrderStatus,
  planTransition,
  type Role,
} from '../src/index.ts';
import { actorOf, aMenuItem, BUILT_AT, CUSTOMER_ID, menuOf } from '../src/testing/index.ts';

interface Step {
  readonly role: Role;
  readonly to: OrderStatus;
  readonly reason: string | null | undefined;
}

type Outcome = 'regular' | 'override' | 'FORBIDDEN' | 'INVALID_TRANSITION' | 'OVERRIDE_REASON_REQUIRED';

// The model: docs/api.md "Orders and their state machine" in a dozen lines, sharing no code with src/state-machine.ts.
const REGULAR_EDGES = new Set([
  'CREATED>CONFIRMED',
  'CONFIRMED>PREPARING',
  'PREPARING>READY',
  'CREATED>CANCELLED',
]);

function modelOutcome(status: OrderStatus, step: Step): Outcome {
  if (step.role === 'customer' && step.to !== 'CANCELLED') return 'FORBIDDEN';
  if (status === 'CANCELLED' || status === step.to) return 'INVALID_TRANSITION';
  if (REGULAR_EDGES.has(`${status}>${step.to}`)) return 'regular';
  if (step.role !== 'admin') return 'INVALID_TRANSITION';
  return (step.reason ?? '').trim() === '' ? 'OVERRIDE_REASON_REQUIRED' : 'override';
}

const stepArbitrary: fc.Arbitrary<Step> = fc.record({
  role: fc.constantFrom<Role>('customer', 'kitchen', 'admin'),
  to: fc.constantFrom<OrderStatus>('CREATED', 'CONFIRMED', 'PREPARING', 'READY', 'CANCELLED'),
  reason: fc.oneof(
    fc.constant(undefined),
    fc.constant(null),
    fc.constantFrom('', '   ', '\t\n'),
    fc.string({ maxLength: 40 }),
  ),
});
const stepsArbitrary = fc.array(stepArbitrary, { maxLength: 30 });

interface Attempt {
  readonly step: Step;
  readonly before: Order;
  /** A structured clone of `before` taken before the call, to prove the call changed nothing. */
  readonly snapshot: Order;
  readonly result: { readonly order: Order; readonly entry: HistoryEntry } | CodedError;
}

// Freezing makes a mutation throw where it happens; the snapshot comparison also covers
// what freezing cannot, such as a Date's internal time.
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

function placed(): Order {
  const pizza = aMenuItem();
  return newOrder({
    id: '01955a3e-0000-7000-8000-0000000000b1' as Order['id'],
    customerId: CUSTOMER_ID,
    request: checkOrderRequest({ items: [{ menuItemId: pizza.id, quantity: 1 }] }),
    menu: menuOf(pizza),
    at: BUILT_AT,
    requestId: 'req-0',
  });
}

/** Applies every step in turn to the latest order; a refused step leaves the order as it was. */
function walk(steps: readonly Step[]): Attempt[] {
  let order = deepFreeze(placed());
  return steps.map((step, i): Attempt => {
    const before = order;
    const snapshot = structuredClone(before);
    const request = {
      to: step.to,
      actor: actorOf(step.role),
      reason: step.reason,
      at: new Date(BUILT_AT.getTime() + (i + 1) * 1000),
      requestId: `req-${i + 1}`,
    };
    try {
      const result = movedOrder(before, request);
      order = deepFreeze(result.order);
      return { step, before, snapshot, result };
    } catch (error) {
      if (!(error instanceof CodedError)) throw error;
      return { step, before, snapshot, result: error };
    }
  });
}

function finalOrder(attempts: readonly Attempt[]): Order {
  const last = attempts.at(-1);
  if (last === undefined) return placed();
  return last.result instanceof CodedError ? last.before : last.result.order;
}

describe('movedOrder over random sequences of requests', () => {
  it('agrees with the model on every request', () => {
    fc.assert(
      fc.property(stepsArbitrary, (steps) => {
        let status: OrderStatus = 'CREATED';
        let version = 1;
        walk(steps).forEach(({ step, result }, i) => {
          const outcome = modelOutcome(status, step);
          if (result instanceof CodedError) {
            expect(result.code).toBe(outcome);
            return;
          }
          expect(result.entry.override ? 'override' : 'regular').toBe(outcome);
          expect(result.entry).toEqual({
            seq: version + 1,
            from: status,
            to: step.to,
            at: new Date(BUILT_AT.getTime() + (i + 1) * 1000),
            actor: actorOf(step.role),
            reason: step.reason?.trim() || null,
            override: outcome === 'override',
            requestId: `req-${i + 1}`,
          });
          expect(result.order.status).toBe(step.to);
          status = step.to;
          version += 1;
        });
      }),
    );
  });

  it('keeps version equal to the history length, with seq contiguous from 1 and each from the previous to', () => {
    fc.assert(
      fc.property(stepsArbitrary, (steps) => {
        const order = finalOrder(walk(steps));
        expect(order.version).toBe(order.history.length);
        order.history.forEach((entry, i) => {
          expect(entry.seq).toBe(i + 1);
          expect(entry.from).toBe(i === 0 ? null : order.history[i - 1]?.to);
        });
        expect(order.history.at(-1)?.to).toBe(order.status);
      }),
    );
  });

  it('never lets anything leave CANCELLED', () => {
    fc.assert(
      fc.property(stepsArbitrary, (steps) => {
        const { history } = finalOrder(walk(steps));
        const cancelledAt = history.findIndex((entry) => entry.to === 'CANCELLED');
        if (cancelledAt !== -1) expect(cancelledAt).toBe(history.length - 1);
      }),
    );
  });

  it('records overrides only for admins, each with a non-empty reason', () => {
    fc.assert(
      fc.property(stepsArbitrary, (steps) => {
        for (const entry of finalOrder(walk(steps)).history) {
          if (!entry.override) continue;
          expect(entry.actor.role).toBe('admin');
          expect(entry.reason?.trim()).toBeTruthy();
        }
      }),
    );
  });

  it('never mutates the order it is given, only appends to the history and changes nothing else', () => {
    fc.assert(
      fc.property(stepsArbitrary, (steps) => {
        for (const { before, snapshot, result } of walk(steps)) {
          expect(before).toEqual(snapshot);
          if (result instanceof CodedError) continue;
          expect(result.order.history).toEqual([...snapshot.history, result.entry]);
          const { status, version, updatedAt, history } = snapshot;
          expect({ ...result.order, status, version, updatedAt, history }).toEqual(snapshot);
        }
      }),
    );
  });
});

interface KeyedStep extends Step {
  readonly key: string | undefined;
  /** How far behind the current version the If-Match is: undefined sends none. */
  readonly staleBy: 0 | 1 | undefined;
}

type KeyedOutcome = Outcome | 'replay' | 'key-reused' | 'version-mismatch';

const keyedStepsArbitrary: fc.Arbitrary<KeyedStep[]> = fc.array(
  fc.record({
    role: fc.constantFrom<Role>('customer', 'kitchen', 'admin'),
    to: fc.constantFrom<OrderStatus>('CREATED', 'CONFIRMED', 'PREPARING', 'READY', 'CANCELLED'),
    reason: fc.constantFrom(undefined, null, '', ' why ', 'why', 'other'),
    key: fc.constantFrom(undefined, 'k-1', 'k-2', 'k-3'),
    staleBy: fc.constantFrom(undefined, 0 as const, 1 as const),
  }),
  { maxLength: 30 },
);

describe('planTransition + judgeTransition + appendChange over random requests with keys and If-Match', () => {
  it('agrees with a model that remembers each actor’s keys, and keeps seq and version in step', () => {
    fc.assert(
      fc.property(keyedStepsArbitrary, (steps) => {
        let order = deepFreeze(placed());
        // The model: the status, the version, and what each (actor, key) asked for.
        let status: OrderStatus = 'CREATED';
        let version = 1;
        const used = new Map<string, string>();
        steps.forEach((step, i) => {
          const reason = step.reason?.trim() || null;
          const asked = JSON.stringify([step.to, reason]);
          const scope = `${step.role} ${step.key}`;
          const expectedVersion = step.staleBy === undefined ? undefined : version - step.staleBy;
          let expected: KeyedOutcome;
          if (step.role === 'customer' && step.to !== 'CANCELLED') expected = 'FORBIDDEN';
          else if (step.key !== undefined && used.has(scope))
            expected = used.get(scope) === asked ? 'replay' : 'key-reused';
          else if (expectedVersion !== undefined && expectedVersion !== version)
            expected = 'version-mismatch';
          else expected = modelOutcome(status, step);

          let actual: KeyedOutcome;
          try {
            const { request } = planTransition({
              to: step.to,
              actor: actorOf(step.role),
              reason: step.reason,
              at: new Date(BUILT_AT.getTime() + (i + 1) * 1000),
              requestId: `req-${i + 1}`,
              expectedVersion,
              idempotencyKey: step.key,
            });
            const verdict = judgeTransition(order, request);
            if (verdict.kind === 'apply') {
              order = deepFreeze(appendChange(order, verdict.change).order);
              actual = verdict.change.override ? 'override' : 'regular';
            } else if (verdict.kind === 'refused') {
              actual = verdict.error.code as KeyedOutcome;
            } else {
              if (verdict.kind === 'replay') expect(verdict.order).toBe(order);
              actual = verdict.kind as KeyedOutcome;
            }
          } catch (error) {
            if (!(error instanceof CodedError)) throw error;
            actual = error.code as KeyedOutcome;
          }
          expect(actual).toBe(expected);
          if (expected === 'regular' || expected === 'override') {
            status = step.to;
            version += 1;
            if (step.key !== undefined) used.set(scope, asked);
          }
          expect(order.status).toBe(status);
          expect(order.version).toBe(version);
          expect(order.history.map((entry) => entry.seq)).toEqual(
            Array.from({ length: version }, (_, n) => n + 1),
          );
        });
      }),
    );
  });
});
