import { ForbiddenError, InvalidTransitionError, OverrideReasonRequiredError } from './errors.ts';
import { ORDER_STATUSES, type OrderStatus } from './order-status.ts';
import type { Role } from './role.ts';

/** The regular edges of docs/api.md "Orders and their state machine", and which roles may take each. */
const REGULAR_EDGES: Readonly<Record<OrderStatus, Partial<Record<OrderStatus, readonly Role[]>>>> = {
  CREATED: { CONFIRMED: ['kitchen', 'admin'], CANCELLED: ['customer', 'kitchen', 'admin'] },
  CONFIRMED: { PREPARING: ['kitchen', 'admin'] },
  PREPARING: { READY: ['kitchen', 'admin'] },
  READY: {},
  CANCELLED: {},
};

export type TransitionKind = 'regular' | 'override';

/**
 * How `role` may move an order from `from` to `to`: as a regular edge, as an admin
 * override (which needs a reason), or not at all (`null`). CANCELLED is terminal for
 * everyone, and a "move" to the current state is never a change.
 */
export function transitionKind(from: OrderStatus, to: OrderStatus, role: Role): TransitionKind | null {
  if (from === to || from === 'CANCELLED') return null;
  if (REGULAR_EDGES[from][to]?.includes(role)) return 'regular';
  return role === 'admin' ? 'override' : null;
}

/**
 * The one status from which `role`'s regular edge to `to` starts, or null when no regular
 * edge of the role leads there. Every target has at most one such edge, so a regular move
 * can be written as one conditional update on that status without reading the order first.
 */
export function regularSource(to: OrderStatus, role: Role): OrderStatus | null {
  return ORDER_STATUSES.find((from) => REGULAR_EDGES[from][to]?.includes(role) === true) ?? null;
}

/** Every status `role` may move an order in `status` to, overrides included, in lifecycle order. */
export function allowedTransitions(status: OrderStatus, role: Role): OrderStatus[] {
  return ORDER_STATUSES.filter((to) => transitionKind(status, to, role) !== null);
}

/**
 * The one rule that depends on who asks, not on the order's state: customers may only
 * cancel. Checked first, so a customer never learns more about an order than a 403.
 */
export function checkRequestedStatus(role: Role, to: OrderStatus): void {
  if (role === 'customer' && to !== 'CANCELLED') {
    throw new ForbiddenError('Customers may only cancel their orders.');
  }
}

/**
 * Decides a requested move, or throws why not: FORBIDDEN when a customer asks for
 * anything but a cancel, INVALID_TRANSITION when the edge is not the role's from this
 * status, OVERRIDE_REASON_REQUIRED when an admin override comes without a reason.
 */
export function decideTransition(
  from: OrderStatus,
  to: OrderStatus,
  role: Role,
  reason: string | null,
): TransitionKind {
  checkRequestedStatus(role, to);
  const kind = transitionKind(from, to, role);
  if (kind === null) throw new InvalidTransitionError(from, to, allowedTransitions(from, role));
  // Blank counts as missing here too, not only in movedOrder: every caller of this
  // exported rule gets the invariant that an override carries a real reason.
  if (kind === 'override' && (reason === null || reason.trim() === '')) {
    throw new OverrideReasonRequiredError(from, to);
  }
  return kind;
}
