export { type ApplicationUseCases, createUseCases } from './create-use-cases.ts';
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
export type { Clock } from './ports/clock.ts';
export type { CursorCodec } from './ports/cursor-codec.ts';
export type { Fingerprint } from './ports/fingerprint.ts';
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
export type { Store, StoreAtomicity } from './ports/store.ts';
export type { AccessToken, TokenIssuer } from './ports/token-issuer.ts';
export type { UserRepository, UserWithPasswordHash } from './ports/user-repository.ts';
export { GetOrder } from './use-cases/get-order.ts';
export {
  LIST_LIMITS,
  ListOrders,
} from './use-cases/list-orders.ts';
export { PlaceOrder } from './use-cases/place-order.ts';
export { SignUp } from './use-cases/sign-up.ts';
export { TransitionOrder } from './use-cases/transition-order.ts';
