import type {
  IdempotencyClaim,
  InsertOrderResult,
  OrderListQuery,
  OrderRepository,
  TransitionCommand,
  TransitionResult,
} from '@food-oms/application';
import { appendChange, type Order, type OrderId, type OrderStatus, type UserId } from '@food-oms/domain';
import { AddedInOrderIndex, mergeNewestFirst, NewestFirstIndex } from './newest-first-index.ts';
import { keptOrder } from './read-only.ts';

interface Claimed {
  readonly orderId: OrderId;
  readonly fingerprint: string;
}

/**
 * The embedded store, with a database's guarantees: it keeps copies, which no caller can
 * change (each order kept read-only, see keptOrder: a read hands out the kept order itself, a
 * write answers with the order it was given or the one it keeps), and each conditional write
 * checks and writes with no `await` in between, so on the single JavaScript thread it is
 * atomic exactly like a MongoDB single-document update.
 *
 * And with indexes like MongoOrderRepository's (`_id`, `customer_newest_first`,
 * `status_newest_first`), so a page costs O(log n + limit), not a scan and sort of every
 * order: each order is stored once, in a map by id, and the indexes hold only its id.
 */
export class InMemoryOrderRepository implements OrderRepository {
  readonly #orders = new Map<OrderId, Order>();
  /** Each customer's Idempotency-Keys, and what each made. */
  readonly #claims = new Map<UserId, Map<string, Claimed>>();
  readonly #all = new AddedInOrderIndex<OrderId>();
  readonly #byCustomer = new Map<UserId, AddedInOrderIndex<OrderId>>();
  readonly #byStatus = new Map<OrderStatus, NewestFirstIndex<OrderId>>();

  async insert(order: Order, claim: IdempotencyClaim): Promise<InsertOrderResult> {
    let claims = this.#claims.get(order.customerId);
    const existing = claims?.get(claim.key);
    if (existing !== undefined) {
      return {
        kind: 'duplicate',
        order: this.#stored(existing.orderId),
        fingerprint: existing.fingerprint,
      };
    }
    // MongoDB refuses a second document with one _id; overwriting would leave stale index entries.
    if (this.#orders.has(order.id)) throw new Error(`order ${order.id} is stored already`);
    this.#orders.set(order.id, keptOrder(order));
    this.#all.add(order.id);
    indexOf(this.#byCustomer, order.customerId, AddedInOrderIndex).add(order.id);
    indexOf(this.#byStatus, order.status, NewestFirstIndex).add(order.id);
    if (claims === undefined) {
      claims = new Map();
      this.#claims.set(order.customerId, claims);
    }
    claims.set(claim.key, { orderId: order.id, fingerprint: claim.fingerprint });
    // The caller's own order: what is kept is a copy, so the two share nothing.
    return { kind: 'inserted', order };
  }

  async findById(id: OrderId): Promise<Order | null> {
    return this.#orders.get(id) ?? null;
  }

  async findByIdempotencyKey(
    customerId: UserId,
    key: string,
  ): Promise<{ readonly order: Order; readonly fingerprint: string } | null> {
    const claimed = this.#claims.get(customerId)?.get(key);
    if (claimed === undefined) return null;
    return { order: this.#stored(claimed.orderId), fingerprint: claimed.fingerprint };
  }

  async transition(command: TransitionCommand): Promise<TransitionResult> {
    const current = this.#orders.get(command.id);
    if (current === undefined || !matches(current, command)) {
      return { kind: 'no-match', current: current ?? null };
    }
    // appendChange shares the lines and earlier entries of `current`, kept already.
    const next = keptOrder(appendChange(current, command.change).order, current);
    this.#orders.set(command.id, next);
    if (next.status !== current.status) {
      indexOf(this.#byStatus, current.status, NewestFirstIndex).delete(command.id);
      indexOf(this.#byStatus, next.status, NewestFirstIndex).add(command.id);
    }
    return { kind: 'applied', order: next };
  }

  async list(query: OrderListQuery): Promise<Order[]> {
    const { customerId, statuses, limit } = query;
    const page: Order[] = [];
    for (const id of this.#newestFirst(query)) {
      if (page.length >= limit) break;
      const order = this.#orders.get(id);
      if (
        order !== undefined &&
        (customerId === undefined || order.customerId === customerId) &&
        (statuses === undefined || statuses.includes(order.status))
      ) {
        page.push(order);
      }
    }
    return page;
  }

  /**
   * The ids that may match, newest first from `before`, out of the smaller of the
   * customer's index and the requested statuses' together, as a query planner would pick;
   * `list` checks both filters on each, so the choice changes only how many it skips.
   */
  #newestFirst({ customerId, statuses, before }: OrderListQuery): Iterable<OrderId> {
    const ofCustomer = customerId === undefined ? undefined : this.#byCustomer.get(customerId);
    if (customerId !== undefined && ofCustomer === undefined) return [];
    if (statuses !== undefined) {
      const ofStatuses = [...new Set(statuses)].flatMap((status) => this.#byStatus.get(status) ?? []);
      const matching = ofStatuses.reduce((sum, index) => sum + index.size, 0);
      if (ofCustomer === undefined || matching < ofCustomer.size) {
        return mergeNewestFirst(ofStatuses.map((index) => index.newestBefore(before)));
      }
    }
    return (ofCustomer ?? this.#all).newestBefore(before);
  }

  #stored(id: OrderId): Order {
    const order = this.#orders.get(id);
    if (order === undefined) throw new Error(`order ${id} is claimed by a key but not stored`);
    return order;
  }
}

/** The index of one customer or status, made on its first order. */
function indexOf<K, I>(indexes: Map<K, I>, key: K, Index: new () => I): I {
  let index = indexes.get(key);
  if (index === undefined) {
    index = new Index();
    indexes.set(key, index);
  }
  return index;
}

/** The condition of a transition, as MongoOrderRepository states it in its filter. */
function matches(order: Order, { change, version, customerId }: TransitionCommand): boolean {
  const { idempotencyKey, actor } = change;
  return (
    order.status === change.from &&
    (version === undefined || order.version === version) &&
    (customerId === undefined || order.customerId === customerId) &&
    (idempotencyKey === undefined ||
      !order.history.some((entry) => entry.idempotencyKey === idempotencyKey && entry.actor.id === actor.id))
  );
}
