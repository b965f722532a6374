import type {
  IdempotencyClaim,
  InsertOrderResult,
  OrderListQuery,
  OrderRepository,
  TransitionCommand,
  TransitionResult,
} from '@food-oms/application';
import { appendChange, type Order, type OrderId, type UserId } from '@food-oms/domain';

interface Claimed {
  readonly orderId: OrderId;
  readonly fingerprint: string;
}

/**
 * The embedded store, with a database's guarantees: it keeps and hands out copies, and
 * each conditional write checks and writes with no `await` in between, so on the single
 * JavaScript thread it is atomic exactly like a MongoDB single-document update.
 */
export class InMemoryOrderRepository implements OrderRepository {
  readonly #orders = new Map<OrderId, Order>();
  readonly #claims = new Map<string, Claimed>();

  async insert(order: Order, claim: IdempotencyClaim): Promise<InsertOrderResult> {
    const claimKey = claimKeyOf(order.customerId, claim.key);
    const existing = this.#claims.get(claimKey);
    if (existing !== undefined) {
      return {
        kind: 'duplicate',
        order: this.#storedCopy(existing.orderId),
        fingerprint: existing.fingerprint,
      };
    }
    this.#orders.set(order.id, copyOf(order));
    this.#claims.set(claimKey, { orderId: order.id, fingerprint: claim.fingerprint });
    return { kind: 'inserted', order: copyOf(order) };
  }

  async findById(id: OrderId): Promise<Order | null> {
    return this.#orders.has(id) ? this.#storedCopy(id) : null;
  }

  async findByIdempotencyKey(
    customerId: UserId,
    key: string,
  ): Promise<{ readonly order: Order; readonly fingerprint: string } | null> {
    const claimed = this.#claims.get(claimKeyOf(customerId, key));
    if (claimed === undefined) return null;
    return { order: this.#storedCopy(claimed.orderId), fingerprint: claimed.fingerprint };
  }

  async transition(command: TransitionCommand): Promise<TransitionResult> {
    const current = this.#orders.get(command.id);
    if (current === undefined || !matches(current, command)) {
      return { kind: 'no-match', current: current === undefined ? null : copyOf(current) };
    }
    const { order: next } = appendChange(current, command.change);
    this.#orders.set(command.id, copyOf(next));
    return { kind: 'applied', order: copyOf(next) };
  }

  async list(query: OrderListQuery): Promise<Order[]> {
    const { customerId, statuses, before } = query;
    return [...this.#orders.values()]
      .filter(
        (order) =>
          (customerId === undefined || order.customerId === customerId) &&
          (statuses === undefined || statuses.includes(order.status)) &&
          (before === undefined || order.id < before),
      )
      .sort((a, b) => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0))
      .slice(0, query.limit)
      .map((order) => copyOf(order));
  }

  #storedCopy(id: OrderId): Order {
    const order = this.#orders.get(id);
    if (order === undefined) throw new Error(`order ${id} is claimed by a key but not stored`);
    return copyOf(order);
  }
}

/**
 * A deep copy of an order, as structuredClone would make it, written out for the one shape an
 * order has: structuredClone goes through V8's serializer and was the largest single cost of
 * every order route on this store (a third of the JavaScript thread under GET /orders, see the
 * README's Benchmarks). A nested field added to Order must be copied here too.
 */
function copyOf(order: Order): Order {
  return {
    ...order,
    items: order.items.map((line) => ({ ...line })),
    createdAt: new Date(order.createdAt),
    updatedAt: new Date(order.updatedAt),
    history: order.history.map((entry) => ({ ...entry, at: new Date(entry.at), actor: { ...entry.actor } })),
  };
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

/** One map key per (customer, idempotency key); JSON keeps any two pairs apart. */
function claimKeyOf(customerId: UserId, key: string): string {
  return JSON.stringify([customerId, key]);
}
