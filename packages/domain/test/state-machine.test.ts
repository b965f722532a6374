import { describe, expect, it } from 'vitest';
import {
  allowedTransitions,
  CodedError,
  decideTransition,
  ForbiddenError,
  InvalidTransitionError,
  movedOrder,
  ORDER_STATUSES,
  type OrderStatus,
  OverrideReasonRequiredError,
  ROLES,
  type Role,
  transitionKind,
  ValidationError,
} from '../src/index.ts';
import { actorOf, anOrderIn, BUILT_AT } from '../src/testing/index.ts';

const STATUSES = ['CREATED', 'CONFIRMED', 'PREPARING', 'READY', 'CANCELLED'] as const;
const ROLE_NAMES = ['customer', 'kitchen', 'admin'] as const;

const R = 'regular';
const O = 'override';
const F = 'FORBIDDEN';
const X = 'INVALID_TRANSITION';
type Outcome = typeof R | typeof O | typeof F | typeof X;
type Row = readonly [Outcome, Outcome, Outcome, Outcome, Outcome];

// docs/api.md "Orders and their state machine" transcribed by hand, not derived from src: a row is the current status, a
// column the requested one, in STATUSES order. R regular edge, O admin override (needs
// a reason), F forbidden (a customer asking for anything but CANCELLED), X invalid.
// biome-ignore format: the aligned grid is what makes the table checkable against the contract
const EXPECTED: Record<Role, Record<OrderStatus, Row>> = {
  customer: {
    CREATED:   [F, F, F, F, R],
    CONFIRMED: [F, F, F, F, X],
    PREPARING: [F, F, F, F, X],
    READY:     [F, F, F, F, X],
    CANCELLED: [F, F, F, F, X],
  },
  kitchen: {
    CREATED:   [X, R, X, X, R],
    CONFIRMED: [X, X, R, X, X],
    PREPARING: [X, X, X, R, X],
    READY:     [X, X, X, X, X],
    CANCELLED: [X, X, X, X, X],
  },
  admin: {
    CREATED:   [X, R, O, O, R],
    CONFIRMED: [O, X, R, O, O],
    PREPARING: [O, O, X, R, O],
    READY:     [O, O, O, X, O],
    CANCELLED: [X, X, X, X, X],
  },
};

function expected(from: OrderStatus, to: OrderStatus, role: Role): Outcome {
  const outcome = EXPECTED[role][from][STATUSES.indexOf(to)];
  if (outcome === undefined) throw new Error(`no expectation for ${from} → ${to}`);
  return outcome;
}

function expectedAllowed(from: OrderStatus, role: Role): OrderStatus[] {
  return STATUSES.filter((to) => {
    const outcome = expected(from, to, role);
    return outcome === R || outcome === O;
  });
}

const TRIPLES = ROLE_NAMES.flatMap((role) =>
  STATUSES.flatMap((from) => STATUSES.map((to) => ({ role, from, to, outcome: expected(from, to, role) }))),
);
const PAIRS = ROLE_NAMES.flatMap((role) => STATUSES.map((from) => ({ role, from })));
const OVERRIDES = TRIPLES.filter((t) => t.outcome === O);
const REGULARS = TRIPLES.filter((t) => t.outcome === R);

function thrownBy(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to throw');
}

function expectRefusal(error: unknown, from: OrderStatus, to: OrderStatus, role: Role, outcome: Outcome) {
  if (outcome === F) {
    expect(error).toBeInstanceOf(ForbiddenError);
    expect(error).toMatchObject({ code: 'FORBIDDEN' });
    return;
  }
  expect(error).toBeInstanceOf(InvalidTransitionError);
  const invalid = error as InvalidTransitionError;
  expect(invalid.code).toBe('INVALID_TRANSITION');
  expect(invalid.details.currentStatus).toBe(from);
  expect(invalid.details.requestedStatus).toBe(to);
  expect(invalid.details.allowedTransitions).toEqual(expectedAllowed(from, role));
}

describe('the transition table of docs/api.md "Orders and their state machine"', () => {
  it('covers every status and role of the domain, 75 triples in all', () => {
    expect(ORDER_STATUSES).toEqual(STATUSES);
    expect(ROLES).toEqual(ROLE_NAMES);
    expect(TRIPLES).toHaveLength(75);
    expect(OVERRIDES).toHaveLength(12);
    expect(REGULARS).toHaveLength(9);
  });

  describe('transitionKind', () => {
    it.each(TRIPLES)('$role: $from → $to is $outcome', ({ role, from, to, outcome }) => {
      const kind = outcome === R || outcome === O ? outcome : null;
      expect(transitionKind(from, to, role)).toBe(kind);
    });
  });

  describe('allowedTransitions', () => {
    it.each(PAIRS)('$role from $from', ({ role, from }) => {
      expect(allowedTransitions(from, role)).toEqual(expectedAllowed(from, role));
    });
  });

  describe('decideTransition with a reason', () => {
    it.each(TRIPLES)('$role: $from → $to is $outcome', ({ role, from, to, outcome }) => {
      if (outcome === R || outcome === O) {
        expect(decideTransition(from, to, role, 'the customer phoned')).toBe(outcome);
      } else {
        expectRefusal(
          thrownBy(() => decideTransition(from, to, role, 'the customer phoned')),
          from,
          to,
          role,
          outcome,
        );
      }
    });
  });

  describe('movedOrder with a reason', () => {
    it.each(TRIPLES)('$role: $from → $to is $outcome', ({ role, from, to, outcome }) => {
      const order = anOrderIn(from);
      const request = {
        to,
        actor: actorOf(role),
        reason: 'the customer phoned',
        at: new Date(BUILT_AT.getTime() + 3_600_000),
        requestId: 'req-1',
      };
      if (outcome === R || outcome === O) {
        const { order: moved, entry } = movedOrder(order, request);
        expect(entry).toEqual({
          seq: order.version + 1,
          from,
          to,
          at: request.at,
          actor: request.actor,
          reason: 'the customer phoned',
          override: outcome === O,
          requestId: 'req-1',
        });
        expect(moved.status).toBe(to);
        expect(moved.version).toBe(order.version + 1);
        expect(moved.updatedAt).toBe(request.at);
        expect(moved.history).toEqual([...order.history, entry]);
      } else {
        expectRefusal(
          thrownBy(() => movedOrder(order, request)),
          from,
          to,
          role,
          outcome,
        );
      }
    });
  });
});

describe('admin overrides', () => {
  const blankReasons = [
    { label: 'missing', reason: undefined },
    { label: 'null', reason: null },
    { label: 'empty', reason: '' },
    { label: 'whitespace', reason: ' \t\n ' },
  ];

  it.each(OVERRIDES)('$from → $to is refused without a reason', ({ from, to }) => {
    for (const { label, reason } of blankReasons) {
      const error = thrownBy(() =>
        movedOrder(anOrderIn(from), { to, actor: actorOf('admin'), reason, at: BUILT_AT, requestId: null }),
      );
      expect(error, label).toBeInstanceOf(OverrideReasonRequiredError);
      expect(error, label).toMatchObject({ code: 'OVERRIDE_REASON_REQUIRED' });
    }
  });

  it.each(OVERRIDES)('$from → $to is refused by decideTransition with a blank reason', ({ from, to }) => {
    for (const reason of [null, '', '   ']) {
      const error = thrownBy(() => decideTransition(from, to, 'admin', reason));
      expect(error).toMatchObject({ code: 'OVERRIDE_REASON_REQUIRED' });
    }
  });

  it('records the reason trimmed', () => {
    const { entry } = movedOrder(anOrderIn('READY'), {
      to: 'PREPARING',
      actor: actorOf('admin'),
      reason: '  burnt, remaking  ',
      at: BUILT_AT,
      requestId: null,
    });
    expect(entry).toMatchObject({ override: true, reason: 'burnt, remaking' });
  });
});

describe('reasons on regular edges', () => {
  it.each(REGULARS)('$role: $from → $to needs no reason and records none', ({ role, from, to }) => {
    const { entry } = movedOrder(anOrderIn(from), {
      to,
      actor: actorOf(role),
      at: BUILT_AT,
      requestId: null,
    });
    expect(entry).toMatchObject({ override: false, reason: null });
  });

  it('keeps a reason given for a regular edge', () => {
    const { entry } = movedOrder(anOrderIn('CREATED'), {
      to: 'CANCELLED',
      actor: actorOf('kitchen'),
      reason: 'out of dough',
      at: BUILT_AT,
      requestId: null,
    });
    expect(entry).toMatchObject({ override: false, reason: 'out of dough' });
  });

  it('accepts a reason of 500 characters and refuses 501, counted after trimming', () => {
    const move = (reason: string) =>
      movedOrder(anOrderIn('CREATED'), {
        to: 'CANCELLED',
        actor: actorOf('customer'),
        reason,
        at: BUILT_AT,
        requestId: null,
      });
    expect(move(` ${'r'.repeat(500)} `).entry.reason).toBe('r'.repeat(500));
    const error = thrownBy(() => move('r'.repeat(501)));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).details.violations).toEqual([
      { pointer: '/reason', message: expect.any(String) },
    ]);
  });
});

describe('refusals', () => {
  it('are CodedErrors, matched on their stable code', () => {
    const error = thrownBy(() =>
      movedOrder(anOrderIn('CANCELLED'), {
        to: 'CREATED',
        actor: actorOf('admin'),
        reason: 'undo',
        at: BUILT_AT,
        requestId: null,
      }),
    );
    expect(error).toBeInstanceOf(CodedError);
    expect(error).toMatchObject({ code: 'INVALID_TRANSITION', details: { currentStatus: 'CANCELLED' } });
    expect((error as InvalidTransitionError).details.allowedTransitions).toEqual([]);
  });
});
