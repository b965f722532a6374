/**
 * The size limits of the contract, defined once. The HTTP schemas read them from here,
 * and the domain enforces them again, so a limit can never differ between the two.
 */
export const ORDER_LIMITS = {
  minItems: 1,
  maxItems: 50,
  minQuantity: 1,
  maxQuantity: 50,
  maxNoteLength: 500,
  maxReasonLength: 500,
  /** The Idempotency-Key a create is sent with (docs/api.md). */
  minIdempotencyKeyLength: 1,
  maxIdempotencyKeyLength: 255,
} as const;

export const USER_LIMITS = {
  maxEmailLength: 254,
  minPasswordLength: 8,
  maxPasswordLength: 128,
  minNameLength: 1,
  maxNameLength: 100,
} as const;

export const MENU_LIMITS = {
  minNameLength: 1,
  maxNameLength: 100,
  minPriceCents: 0,
  /** 10 000.00 in cents: keeps any order total far below Number.MAX_SAFE_INTEGER. */
  maxPriceCents: 1_000_000,
} as const;
