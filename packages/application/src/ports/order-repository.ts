import type { HistoryEntry, Order, OrderId, OrderStatus, UserId } from '@food-oms/domain';

/** The key a customer sent with a create, and the fingerprint of the request it came with. */
export interface IdempotencyClaim {
  readonly key: string;
  readonly fingerprint: string;
}

export type InsertOrderResult =
  | { readonly kind: 'inserted'; readonly order: Order }
  /** The customer already used this key: nothing was written; here is that order and its fingerprint. */
  | { readonly kind: 'duplicate'; readonly order: Order; readonly fingerprint: string };

/** Move order `id` from `from` at `version` by appending `entry` (whose `to` is the new status). */
export interface TransitionCommand {
  readonly id: OrderId;
  readonly from: OrderStatus;
  readonly version: number;
  readonly entry: HistoryEntry;
}

export type TransitionResult =
  | { readonly kind: 'applied'; readonly order: Order }
  | { readonly kind: 'not-found' }
  /** The order is no longer at `from`/`version`: someone else changed it first. */
  | { readonly kind: 'conflict'; readonly current: Order };

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
   * ONE atomic compare-and-set on {id, status: from, version}: sets the status, bumps the
   * version, sets updatedAt to entry.at and appends the entry in the same write. Of N
   * concurrent commands from one state and version, exactly one is 'applied'.
   */
  transition(command: TransitionCommand): Promise<TransitionResult>;

  /** Newest first (descending id), at most `limit` orders. */
  list(query: OrderListQuery): Promise<Order[]>;
}
