export { canonicalEmail, isValidEmail } from './email.ts';
export {
  CodedError,
  type DomainErrorCode,
  type ErrorDetails,
  ForbiddenError,
  InvalidTransitionError,
  type NoDetails,
  OverrideReasonRequiredError,
  ValidationError,
  type Violation,
} from './errors.ts';
export { checkIdempotencyKey, idempotencyKeyFault } from './idempotency-key.ts';
export type { Id, MenuItemId, OrderId, UserId } from './ids.ts';
export { MENU_LIMITS, ORDER_LIMITS, USER_LIMITS } from './limits.ts';
export { checkMenuItemChanges, type MenuItem, type MenuItemChanges, newMenuItem } from './menu-item.ts';
export { type Cents, isCents, multiplyCents, sumCents } from './money.ts';
export {
  type Actor,
  checkOrderRequest,
  type HistoryEntry,
  type NewOrderInput,
  newOrder,
  type Order,
  type OrderItem,
  type OrderRequest,
  orderRequestFaults,
  type ValidOrderRequest,
} from './order.ts';
export { ORDER_STATUSES, type OrderStatus } from './order-status.ts';
export { ROLES, type Role } from './role.ts';
export {
  allowedTransitions,
  checkRequestedStatus,
  decideTransition,
  regularSource,
  type TransitionKind,
  transitionKind,
} from './state-machine.ts';
export { type TextBounds, textFault } from './text.ts';
export {
  appendChange,
  type CheckedTransitionRequest,
  explainMiss,
  type HistoryChange,
  judgeTransition,
  movedOrder,
  planTransition,
  type TransitionPlan,
  type TransitionRefusal,
  type TransitionRequest,
  type TransitionVerdict,
} from './transition.ts';
export {
  canonicalPassword,
  checkPassword,
  type NewUserInput,
  newUser,
  passwordFault,
  type User,
} from './user.ts';
