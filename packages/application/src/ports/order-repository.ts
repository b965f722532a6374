import type { HistoryChange, Order, OrderId, OrderStatus, UserId } from '@food-oms/domain';

/** The key a customer sent with a create, and the fingerprint of the request it came with. */
export interface IdempotencyClaim {
  readonly key: string;
  readonly fingerprint: string;
}

export type InsertOrderResult =
  | { readonly kind: 'inserted'; readonly order: Order }
  /** The customer already used this key: nothing was written; here is that order and its fingerprint. */
  | { readonly kind: 'duplicate'; readonly order: Order; readonly fingerprint: string };

/**
 * Append `change` to order `id`, only if the order is in `change.from` and, when given, at
 * `version` and owned by `customerId`, and, when the change carries an idempotencyKey, no
 * entry of the order yet carries that key for `change.actor`. Everything the decision needs
 * is in the condition, so a regular move needs no read before it.
 */
export interface TransitionCommand {
  readonly id: OrderId;
  readonly change: HistoryChange;
  readonly version?: number;
  readonly customerId?: UserId;
}

export type TransitionResult =
  | { readonly kind: 'applied'; readonly order: Order }
  /** Nothing was written: the order as read just after (null: there is none), to say why. */
  | { readonly kind: 'no-match'; readonly current: Order | null };

export interface OrderListQuery {
  readonly customerId?: UserId;
  /** Any of these; absent means all statuses. */
  readonly statuses?: readonly OrderStatus[];
  /** Keyset: only orders whose id sorts before this one (ids are UUIDv7, so: created earlier). */
  readonly before?: OrderId;
  readonly limit: number;
}

export interface OrderRepository {
  /**
   * Stores a new order unless this customer already used `claim.key`. Atomic even across
   * processes: of N concurrent inserts with one (customerId, key), exactly one is 'inserted'.
   */
  insert(order: Order, claim: IdempotencyClaim): Promise<InsertOrderResult>;

  findById(id: OrderId): Promise<Order | null>;

  /** The order this customer created with this idempotency key, with the request's fingerprint. */
  findByIdempotencyKey(
    customerId: UserId,
    key: string,
  ): Promise<{ readonly order: Order; readonly fingerprint: string } | null>;

  /**
   * ONE atomic conditional write (see TransitionCommand) that sets the status, bumps the
   * version, sets updatedAt to change.at and appends the change as entry version + 1, all
   * together. Of N concurrent commands from one status, exactly one is 'applied'; of N with
   * one actor and key, at most one. Only when it matches nothing does it read the order.
   */
  transition(command: TransitionCommand): Promise<TransitionResult>;

  /** Newest first (descending id), at most `limit` orders. */
  list(query: OrderListQuery): Promise<Order[]>;
}
