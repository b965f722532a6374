export {
  type ApplicationErrorCode,
  DatabaseUnavailableError,
  EmailTakenError,
  IdempotencyKeyReusedError,
  InvalidCredentialsError,
  InvalidCursorError,
  MenuItemUnavailableError,
  NotFoundError,
  PreconditionFailedError,
} from './errors.ts';
export { InMemoryMenuRepository } from './in-memory/in-memory-menu-repository.ts';
export { InMemoryOrderRepository } from './in-memory/in-memory-order-repository.ts';
export { InMemoryUserRepository } from './in-memory/in-memory-user-repository.ts';
export type { Clock } from './ports/clock.ts';
export type { IdGenerator } from './ports/id-generator.ts';
export type { InsertMenuItemResult, MenuItemClaim, MenuRepository } from './ports/menu-repository.ts';
export type {
  IdempotencyClaim,
  InsertOrderResult,
  OrderListQuery,
  OrderRepository,
  TransitionCommand,
  TransitionResult,
} from './ports/order-repository.ts';
export type { PasswordHasher } from './ports/password-hasher.ts';
export type { AccessToken, TokenIssuer } from './ports/token-issuer.ts';
export type { UserRepository, UserWithPasswordHash } from './ports/user-repository.ts';
export {
  BootstrapAdmin,
  type BootstrapAdminDeps,
  type BootstrapAdminInput,
  type BootstrapAdminOutcome,
  type BootstrapAdminOutput,
} from './use-cases/bootstrap-admin.ts';
export {
  CreateMenuItem,
  type CreateMenuItemDeps,
  type CreateMenuItemInput,
  type CreateMenuItemOutput,
} from './use-cases/create-menu-item.ts';
export {
  CreateStaffUser,
  type CreateStaffUserDeps,
  type CreateStaffUserInput,
  type CreateStaffUserOutput,
} from './use-cases/create-staff-user.ts';
export {
  GetCurrentUser,
  type GetCurrentUserDeps,
  type GetCurrentUserInput,
  type GetCurrentUserOutput,
} from './use-cases/get-current-user.ts';
export {
  GetOrder,
  type GetOrderDeps,
  type GetOrderInput,
  type GetOrderOutput,
} from './use-cases/get-order.ts';
export {
  ListMenuItems,
  type ListMenuItemsDeps,
  type ListMenuItemsInput,
  type ListMenuItemsOutput,
} from './use-cases/list-menu-items.ts';
export {
  LIST_LIMITS,
  ListOrders,
  type ListOrdersDeps,
  type ListOrdersInput,
  type ListOrdersOutput,
} from './use-cases/list-orders.ts';
export { LogIn, type LogInDeps, type LogInInput, type LogInOutput } from './use-cases/log-in.ts';
export {
  PlaceOrder,
  type PlaceOrderDeps,
  type PlaceOrderInput,
  type PlaceOrderOutput,
} from './use-cases/place-order.ts';
export { SignUp, type SignUpDeps, type SignUpInput, type SignUpOutput } from './use-cases/sign-up.ts';
export {
  TransitionOrder,
  type TransitionOrderDeps,
  type TransitionOrderInput,
  type TransitionOrderOutput,
} from './use-cases/transition-order.ts';
export {
  UpdateMenuItem,
  type UpdateMenuItemDeps,
  type UpdateMenuItemInput,
  type UpdateMenuItemOutput,
} from './use-cases/update-menu-item.ts';
