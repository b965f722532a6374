import {
  type Actor,
  ForbiddenError,
  ORDER_STATUSES,
  type Order,
  type OrderStatus,
  type UserId,
  ValidationError,
} from '@food-oms/domain';
import type { CursorCodec } from '../ports/cursor-codec.ts';
import type { OrderListQuery, OrderRepository } from '../ports/order-repository.ts';
import { OrderListCursor, type OrderListFilters } from './order-list-cursor.ts';

/** Page sizes of GET /orders; the HTTP schemas read them from here. */
export const LIST_LIMITS = { min: 1, max: 100, default: 20 } as const;

export interface ListOrdersDeps {
  readonly orders: OrderRepository;
  /** Seals the cursors: they are valid across instances whose codecs share a secret. */
  readonly cursors: CursorCodec;
}

export interface ListOrdersInput {
  readonly actor: Actor;
  /** Any of these; absent or empty means all. */
  readonly statuses?: readonly OrderStatus[];
  readonly customerId?: string;
  readonly limit?: number;
  readonly cursor?: string;
}

export interface ListOrdersOutput {
  readonly items: Order[];
  /** Continues this listing with the same filters; null on the last page. */
  readonly nextCursor: string | null;
}

/** Newest first, in keyset pages, so a page never repeats or skips an order created meanwhile. */
export class ListOrders {
  readonly #orders: OrderRepository;
  readonly #cursors: OrderListCursor;

  constructor(deps: ListOrdersDeps) {
    this.#orders = deps.orders;
    this.#cursors = new OrderListCursor(deps.cursors);
  }

  /**
   * Throws ValidationError for a limit outside LIST_LIMITS, ForbiddenError when a customer
   * asks for someone else's orders, InvalidCursorError.
   */
  async execute(input: ListOrdersInput): Promise<ListOrdersOutput> {
    const limit = input.limit ?? LIST_LIMITS.default;
    if (!Number.isInteger(limit) || limit < LIST_LIMITS.min || limit > LIST_LIMITS.max) {
      throw new ValidationError([
        { pointer: '/limit', message: `must be an integer from ${LIST_LIMITS.min} to ${LIST_LIMITS.max}` },
      ]);
    }
    const filters = effectiveFilters(input);
    const before = input.cursor === undefined ? undefined : this.#cursors.decode(input.cursor, filters);
    const query: OrderListQuery = {
      ...(filters.customerId !== null && { customerId: filters.customerId as UserId }),
      ...(filters.statuses !== null && { statuses: filters.statuses }),
      ...(before !== undefined && { before }),
      // One more than a page tells whether another page follows without a count query.
      limit: limit + 1,
    };
    const found = await this.#orders.list(query);
    const items = found.slice(0, limit);
    const last = items.at(-1);
    const nextCursor =
      found.length > limit && last !== undefined ? this.#cursors.encode(last.id, filters) : null;
    return { items, nextCursor };
  }
}

/** The filters as the repository applies them: a customer is always limited to their own orders. */
function effectiveFilters(input: ListOrdersInput): OrderListFilters {
  const { actor, customerId } = input;
  if (actor.role === 'customer' && customerId !== undefined && customerId !== actor.id) {
    throw new ForbiddenError('Customers may only list their own orders.');
  }
  const requested = new Set(input.statuses ?? []);
  return {
    statuses: requested.size === 0 ? null : ORDER_STATUSES.filter((status) => requested.has(status)),
    customerId: actor.role === 'customer' ? actor.id : (customerId ?? null),
  };
}
