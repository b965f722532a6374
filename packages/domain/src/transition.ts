import { InvalidTransitionError, OverrideReasonRequiredError, ValidationError } from './errors.ts';
import { ORDER_LIMITS } from './limits.ts';
import type { Actor, HistoryEntry, Order } from './order.ts';
import type { OrderStatus } from './order-status.ts';
import {
  allowedTransitions,
  checkRequestedStatus,
  decideTransition,
  regularSource,
  type TransitionKind,
  transitionKind,
} from './state-machine.ts';
import { textFault } from './text.ts';

/**
 * A status change: a history entry before it has a place in a history. Wherever it is
 * appended its seq is the order's version + 1; a store that writes without reading first
 * cannot know that number, so a change carries everything else. Unlike the creation entry,
 * it always comes from a status.
 */
export type HistoryChange = Omit<HistoryEntry, 'seq' | 'from'> & { readonly from: OrderStatus };

export interface TransitionRequest {
  readonly to: OrderStatus;
  readonly actor: Actor;
  readonly reason?: string | null | undefined;
  readonly at: Date;
  readonly requestId: string | null;
  /** From If-Match: apply only if the order is still at this version. */
  readonly expectedVersion?: number | undefined;
  /** Scoped to the actor: the same key again is the same request, answered without a second change. */
  readonly idempotencyKey?: string | undefined;
}

/** A request whose own rules hold (a customer asks only to cancel, the reason is valid), reason trimmed. */
export interface CheckedTransitionRequest extends TransitionRequest {
  readonly reason: string | null;
}

export interface TransitionPlan {
  readonly request: CheckedTransitionRequest;
  /**
   * The change ONE conditional write may make without reading the order: the caller's regular
   * edge to the target, from the one status it starts at. Null when the decision needs the
   * order first: no regular edge of the caller leads to the target, or an admin gave a reason,
   * which makes the move an override from any status but the regular edge's own.
   */
  readonly blind: HistoryChange | null;
}

/** The answer to a request, given the order as read; every refusal the contract knows, in its order. */
export type TransitionVerdict =
  | { readonly kind: 'apply'; readonly order: Order; readonly change: HistoryChange }
  /** The actor's key already made a change with this very request: answer with the order, change nothing. */
  | { readonly kind: 'replay'; readonly order: Order }
  | { readonly kind: 'not-found' }
  /** The actor's key already made a change with another request. */
  | { readonly kind: 'key-reused' }
  | { readonly kind: 'version-mismatch'; readonly current: Order }
  | { readonly kind: 'refused'; readonly error: InvalidTransitionError | OverrideReasonRequiredError };

export type TransitionRefusal = Exclude<TransitionVerdict, { readonly kind: 'apply' }>;

function checkReason(reason: string | null | undefined): string | null {
  const trimmed = reason?.trim() || null;
  const fault = trimmed === null ? null : textFault(trimmed, { min: 0, max: ORDER_LIMITS.maxReasonLength });
  if (fault !== null) throw new ValidationError([{ pointer: '/reason', message: fault }]);
  return trimmed;
}

function changeOf(from: OrderStatus, request: CheckedTransitionRequest, kind: TransitionKind): HistoryChange {
  return {
    from,
    to: request.to,
    at: request.at,
    actor: request.actor,
    reason: request.reason,
    override: kind === 'override',
    requestId: request.requestId,
    ...(request.idempotencyKey !== undefined && { idempotencyKey: request.idempotencyKey }),
  };
}

/**
 * What can be decided before any order is read: the request's own rules (ValidationError for
 * the reason, then ForbiddenError for a customer asking for anything but a cancel: a 403 that
 * depends on nobody's order, so it comes before any 404), and whether one blind conditional
 * write can carry the move.
 */
export function planTransition(request: TransitionRequest): TransitionPlan {
  const checked: CheckedTransitionRequest = { ...request, reason: checkReason(request.reason) };
  checkRequestedStatus(request.actor.role, request.to);
  const from = regularSource(request.to, request.actor.role);
  if (from === null || (request.actor.role === 'admin' && checked.reason !== null)) {
    return { request: checked, blind: null };
  }
  return { request: checked, blind: changeOf(from, checked, 'regular') };
}

/**
 * What a checked request does to `order` as read (null: there is none). Refusals come in the
 * contract's order after planTransition's 403: 404 (missing, or another customer's, which must
 * look missing), then the key (a repeat of the request is a replay, another request under it
 * is refused; both before If-Match, because the key's own change moved the version on), then
 * If-Match (412), then the state machine (409), then the override's reason (422).
 */
export function judgeTransition(order: Order | null, request: CheckedTransitionRequest): TransitionVerdict {
  const { actor, to } = request;
  if (order === null || (actor.role === 'customer' && order.customerId !== actor.id)) {
    return { kind: 'not-found' };
  }
  if (request.idempotencyKey !== undefined) {
    const earlier = order.history.find(
      (entry) => entry.idempotencyKey === request.idempotencyKey && entry.actor.id === actor.id,
    );
    if (earlier !== undefined) {
      // The entry records the request it came from: its target and its (trimmed) reason.
      const same = earlier.to === to && earlier.reason === request.reason;
      return same ? { kind: 'replay', order } : { kind: 'key-reused' };
    }
  }
  if (request.expectedVersion !== undefined && request.expectedVersion !== order.version) {
    return { kind: 'version-mismatch', current: order };
  }
  const kind = transitionKind(order.status, to, actor.role);
  if (kind === null) {
    const allowed = allowedTransitions(order.status, actor.role);
    return { kind: 'refused', error: new InvalidTransitionError(order.status, to, allowed) };
  }
  if (kind === 'override' && request.reason === null) {
    return { kind: 'refused', error: new OverrideReasonRequiredError(order.status, to) };
  }
  return { kind: 'apply', order, change: changeOf(order.status, request, kind) };
}

/**
 * Why a conditional write of `request` matched nothing, judged on the order read just after.
 * When that order would take the change, another write moved it in between: the request lost
 * a race and is refused as stale (412 with If-Match, else 409), never re-decided on a state
 * it was not made for (re-deciding could, say, turn an admin's plain cancel into an override).
 */
export function explainMiss(order: Order | null, request: CheckedTransitionRequest): TransitionRefusal {
  const verdict = judgeTransition(order, request);
  if (verdict.kind !== 'apply') return verdict;
  const current = verdict.order;
  if (request.expectedVersion !== undefined) return { kind: 'version-mismatch', current };
  const allowed = allowedTransitions(current.status, request.actor.role);
  return { kind: 'refused', error: new InvalidTransitionError(current.status, request.to, allowed) };
}

/**
 * The effect of a change, written once: the new status, the version + 1, updatedAt, and the
 * entry appended with seq = the new version. Never mutates `order`.
 */
export function appendChange(order: Order, change: HistoryChange): { order: Order; entry: HistoryEntry } {
  const entry: HistoryEntry = { seq: order.version + 1, ...change };
  return {
    order: {
      ...order,
      status: change.to,
      version: entry.seq,
      updatedAt: change.at,
      history: [...order.history, entry],
    },
    entry,
  };
}

/**
 * The order moved to another status, with the history entry appended, or the typed error of
 * the state machine (ValidationError, ForbiddenError, InvalidTransitionError,
 * OverrideReasonRequiredError). Never mutates. For callers that hold the order already; the
 * request path goes through planTransition and judgeTransition.
 */
export function movedOrder(order: Order, request: TransitionRequest): { order: Order; entry: HistoryEntry } {
  const checked: CheckedTransitionRequest = { ...request, reason: checkReason(request.reason) };
  const kind = decideTransition(order.status, request.to, request.actor.role, checked.reason);
  return appendChange(order, changeOf(order.status, checked, kind));
}
