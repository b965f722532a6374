import { describe, expect, it } from 'vitest';
import {
  appendChange,
  type CheckedTransitionRequest,
  explainMiss,
  ForbiddenError,
  type HistoryChange,
  judgeTransition,
  type Order,
  type OrderStatus,
  planTransition,
  ROLES,
  type Role,
  regularSource,
  type TransitionRequest,
  type TransitionVerdict,
  ValidationError,
} from '../src/index.ts';
import { actorOf, anOrderIn, BUILT_AT } from '../src/testing/index.ts';

const STATUSES = ['CREATED', 'CONFIRMED', 'PREPARING', 'READY', 'CANCELLED'] as const;

// The regular edges of the contract by hand, as "from>to": role list.
const REGULAR: Record<string, readonly Role[]> = {
  'CREATED>CONFIRMED': ['kitchen', 'admin'],
  'CONFIRMED>PREPARING': ['kitchen', 'admin'],
  'PREPARING>READY': ['kitchen', 'admin'],
  'CREATED>CANCELLED': ['customer', 'kitchen', 'admin'],
};

const LATER = new Date(BUILT_AT.getTime() + 3_600_000);

function requestOf(role: Role, to: OrderStatus, more: Partial<TransitionRequest> = {}): TransitionRequest {
  return { to, actor: actorOf(role), at: LATER, requestId: 'req-9', ...more };
}

/** The request as planTransition passes it on; throws what planTransition throws. */
function checked(
  role: Role,
  to: OrderStatus,
  more: Partial<TransitionRequest> = {},
): CheckedTransitionRequest {
  return planTransition(requestOf(role, to, more)).request;
}

function thrownBy(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to throw');
}

/** The verdict with its order and error reduced to what a table can state. */
function summary(verdict: TransitionVerdict): string {
  switch (verdict.kind) {
    case 'apply':
      return verdict.change.override ? 'apply override' : 'apply regular';
    case 'refused':
      return verdict.error.code;
    default:
      return verdict.kind;
  }
}

const TARGETS = ROLES.flatMap((role) => STATUSES.map((to) => ({ role, to })));

describe('regularSource', () => {
  it.each(TARGETS)('$role to $to starts from the one status of its regular edge', ({ role, to }) => {
    const sources = STATUSES.filter((from) => REGULAR[`${from}>${to}`]?.includes(role));
    expect(sources.length).toBeLessThanOrEqual(1);
    expect(regularSource(to, role)).toBe(sources[0] ?? null);
  });
});

describe('planTransition', () => {
  it.each(STATUSES.filter((to) => to !== 'CANCELLED'))(
    'refuses a customer asking for %s before any order is read, whatever the reason or key',
    (to) => {
      const error = thrownBy(() =>
        planTransition(requestOf('customer', to, { idempotencyKey: 'k', reason: 'r' })),
      );
      expect(error).toBeInstanceOf(ForbiddenError);
    },
  );

  it('checks the reason first: a reason too long is a ValidationError at /reason, even from a customer', () => {
    const error = thrownBy(() => planTransition(requestOf('customer', 'READY', { reason: 'r'.repeat(501) })));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).details.violations).toEqual([
      { pointer: '/reason', message: expect.any(String) },
    ]);
  });

  it.each(TARGETS.filter(({ role, to }) => role !== 'customer' || to === 'CANCELLED'))(
    '$role to $to without a reason writes blind exactly when a regular edge leads there',
    ({ role, to }) => {
      const { blind } = planTransition(requestOf(role, to, { idempotencyKey: 'k-1' }));
      const from = regularSource(to, role);
      if (from === null) {
        expect(blind).toBeNull();
        return;
      }
      const expected: HistoryChange = {
        from,
        to,
        at: LATER,
        actor: actorOf(role),
        reason: null,
        override: false,
        requestId: 'req-9',
        idempotencyKey: 'k-1',
      };
      expect(blind).toStrictEqual(expected);
    },
  );

  it('reads first for an admin with a reason, who may mean an override; not for the kitchen', () => {
    expect(planTransition(requestOf('admin', 'CANCELLED', { reason: 'phoned' })).blind).toBeNull();
    expect(planTransition(requestOf('kitchen', 'CANCELLED', { reason: 'phoned' })).blind).toMatchObject({
      from: 'CREATED',
      reason: 'phoned',
      override: false,
    });
  });

  it('passes the reason on trimmed, a blank one as null, and leaves out an absent key', () => {
    expect(checked('kitchen', 'CANCELLED', { reason: '  out of dough ' }).reason).toBe('out of dough');
    expect(checked('kitchen', 'CANCELLED', { reason: ' \t ' }).reason).toBeNull();
    expect(planTransition(requestOf('kitchen', 'CANCELLED')).blind).not.toHaveProperty('idempotencyKey');
  });
});

describe('judgeTransition: the order of refusals', () => {
  const withKey = (order: Order, key: string, to: OrderStatus, reason: string | null, role: Role): Order => {
    const { order: moved } = appendChange(order, {
      from: order.status,
      to,
      at: LATER,
      actor: actorOf(role),
      reason,
      override: false,
      requestId: 'req-1',
      idempotencyKey: key,
    });
    return moved;
  };

  it('is not-found for no order and for another customer’s order, before anything else', () => {
    const othersOrder: Order = { ...anOrderIn('READY'), customerId: actorOf('kitchen').id };
    const request = checked('customer', 'CANCELLED', { expectedVersion: 1, idempotencyKey: 'k' });
    expect(judgeTransition(null, request)).toEqual({ kind: 'not-found' });
    expect(judgeTransition(othersOrder, request)).toEqual({ kind: 'not-found' });
  });

  it('answers a repeat of a keyed request with the order, before If-Match and the state machine', () => {
    const order = withKey(anOrderIn('CREATED'), 'k-1', 'CONFIRMED', null, 'kitchen');
    const again = checked('kitchen', 'CONFIRMED', { idempotencyKey: 'k-1', expectedVersion: 1 });
    expect(judgeTransition(order, again)).toEqual({ kind: 'replay', order });
  });

  it('compares the request with the entry the key made: another target or reason is key-reused', () => {
    const order = withKey(anOrderIn('CREATED'), 'k-1', 'CANCELLED', 'out of dough', 'kitchen');
    const replay = checked('kitchen', 'CANCELLED', { idempotencyKey: 'k-1', reason: ' out of dough ' });
    const otherReason = checked('kitchen', 'CANCELLED', { idempotencyKey: 'k-1', reason: 'closing' });
    const noReason = checked('kitchen', 'CANCELLED', { idempotencyKey: 'k-1' });
    const otherTarget = checked('kitchen', 'CONFIRMED', { idempotencyKey: 'k-1', expectedVersion: 1 });
    expect(judgeTransition(order, replay).kind).toBe('replay');
    expect(judgeTransition(order, otherReason)).toEqual({ kind: 'key-reused' });
    expect(judgeTransition(order, noReason)).toEqual({ kind: 'key-reused' });
    expect(judgeTransition(order, otherTarget)).toEqual({ kind: 'key-reused' });
  });

  it('scopes a key to the actor who used it: the same key from someone else is a new request', () => {
    const order = withKey(anOrderIn('CREATED'), 'k-1', 'CONFIRMED', null, 'kitchen');
    const adminsTurn = checked('admin', 'PREPARING', { idempotencyKey: 'k-1' });
    expect(summary(judgeTransition(order, adminsTurn))).toBe('apply regular');
  });

  it('puts If-Match (412) before the state machine (409), and 409 before the override reason (422)', () => {
    const ready = anOrderIn('READY');
    expect(judgeTransition(ready, checked('kitchen', 'READY', { expectedVersion: 1 }))).toEqual({
      kind: 'version-mismatch',
      current: ready,
    });
    expect(summary(judgeTransition(ready, checked('kitchen', 'READY', { expectedVersion: 4 })))).toBe(
      'INVALID_TRANSITION',
    );
    const cancelled = anOrderIn('CANCELLED');
    expect(summary(judgeTransition(cancelled, checked('admin', 'CREATED')))).toBe('INVALID_TRANSITION');
    expect(summary(judgeTransition(ready, checked('admin', 'CREATED')))).toBe('OVERRIDE_REASON_REQUIRED');
  });

  // Every (from, to, role) triple a plan lets through, with and without a reason, against the table.
  const JUDGED = ROLES.flatMap((role) =>
    STATUSES.flatMap((from) =>
      STATUSES.filter((to) => role !== 'customer' || to === 'CANCELLED').flatMap((to) =>
        [null, 'phoned'].map((reason) => ({ role, from, to, reason })),
      ),
    ),
  );

  it.each(JUDGED)('$role: $from → $to (reason $reason) as the table says', ({ role, from, to, reason }) => {
    const order = anOrderIn(from);
    const verdict = judgeTransition(order, checked(role, to, { reason }));
    const regular = REGULAR[`${from}>${to}`]?.includes(role) === true;
    const override = !regular && role === 'admin' && from !== to && from !== 'CANCELLED';
    const expected = regular
      ? 'apply regular'
      : !override
        ? 'INVALID_TRANSITION'
        : reason === null
          ? 'OVERRIDE_REASON_REQUIRED'
          : 'apply override';
    expect(summary(verdict)).toBe(expected);
    if (verdict.kind === 'apply') {
      expect(verdict.order).toBe(order);
      expect(verdict.change).toStrictEqual({
        from,
        to,
        at: LATER,
        actor: actorOf(role),
        reason,
        override: !regular,
        requestId: 'req-9',
      });
    }
    if (verdict.kind === 'refused' && verdict.error.code === 'INVALID_TRANSITION') {
      expect(verdict.error).toMatchObject({ details: { currentStatus: from, requestedStatus: to } });
    }
  });
});

describe('explainMiss', () => {
  it('refuses a request the order as read would take: it lost a race, 409 without If-Match', () => {
    const order = anOrderIn('CREATED');
    const refusal = explainMiss(order, checked('kitchen', 'CONFIRMED'));
    expect(refusal.kind).toBe('refused');
    expect(refusal).toMatchObject({
      error: {
        code: 'INVALID_TRANSITION',
        details: { currentStatus: 'CREATED', allowedTransitions: ['CONFIRMED', 'CANCELLED'] },
      },
    });
  });

  it('is a version mismatch (412) for a lost race with If-Match', () => {
    const order = anOrderIn('CREATED');
    expect(explainMiss(order, checked('kitchen', 'CONFIRMED', { expectedVersion: 1 }))).toEqual({
      kind: 'version-mismatch',
      current: order,
    });
  });

  it('passes every other verdict on as judged', () => {
    const ready = anOrderIn('READY');
    expect(explainMiss(null, checked('kitchen', 'CONFIRMED'))).toEqual({ kind: 'not-found' });
    expect(explainMiss(ready, checked('kitchen', 'CONFIRMED'))).toMatchObject({
      kind: 'refused',
      error: { code: 'INVALID_TRANSITION', details: { currentStatus: 'READY', allowedTransitions: [] } },
    });
  });
});

describe('appendChange', () => {
  it('sets status, version + 1, updatedAt and appends the entry with seq = the new version', () => {
    const order = anOrderIn('CONFIRMED');
    const change: HistoryChange = {
      from: 'CONFIRMED',
      to: 'PREPARING',
      at: LATER,
      actor: actorOf('kitchen'),
      reason: null,
      override: false,
      requestId: 'req-3',
      idempotencyKey: 'k-3',
    };
    const before = structuredClone(order);

    const { order: moved, entry } = appendChange(order, change);

    expect(entry).toStrictEqual({ seq: 3, ...change });
    expect(moved).toStrictEqual({
      ...order,
      status: 'PREPARING',
      version: 3,
      updatedAt: LATER,
      history: [...order.history, entry],
    });
    expect(order).toStrictEqual(before);
  });
});
