export {
  ApplicationError,
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
export type { IdGenerator } from './ports/id-generator.ts';
export type { MenuRepository } from './ports/menu-repository.ts';
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
