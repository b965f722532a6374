import type { Order, OrderId, UserId } from '@food-oms/domain';
import type {
  IdempotencyClaim,
  InsertOrderResult,
  OrderListQuery,
  OrderRepository,
  TransitionCommand,
  TransitionResult,
} from '../ports/order-repository.ts';

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
      return { kind: 'duplicate', order: this.#copyOf(existing.orderId), fingerprint: existing.fingerprint };
    }
    this.#orders.set(order.id, structuredClone(order));
    this.#claims.set(claimKey, { orderId: order.id, fingerprint: claim.fingerprint });
    return { kind: 'inserted', order: structuredClone(order) };
  }

  async findById(id: OrderId): Promise<Order | null> {
    return this.#orders.has(id) ? this.#copyOf(id) : null;
  }

  async findByIdempotencyKey(
    customerId: UserId,
    key: string,
  ): Promise<{ readonly order: Order; readonly fingerprint: string } | null> {
    const claimed = this.#claims.get(claimKeyOf(customerId, key));
    if (claimed === undefined) return null;
    return { order: this.#copyOf(claimed.orderId), fingerprint: claimed.fingerprint };
  }

  async transition(command: TransitionCommand): Promise<TransitionResult> {
    const current = this.#orders.get(command.id);
    if (current === undefined) return { kind: 'not-found' };
    if (current.status !== command.from || current.version !== command.version) {
      return { kind: 'conflict', current: structuredClone(current) };
    }
    const next: Order = {
      ...current,
      status: command.entry.to,
      version: current.version + 1,
      updatedAt: command.entry.at,
      history: [...current.history, command.entry],
    };
    this.#orders.set(command.id, structuredClone(next));
    return { kind: 'applied', order: structuredClone(next) };
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
      .map((order) => structuredClone(order));
  }

  #copyOf(id: OrderId): Order {
    const order = this.#orders.get(id);
    if (order === undefined) throw new Error(`order ${id} is claimed by a key but not stored`);
    return structuredClone(order);
  }
}

/** One map key per (customer, idempotency key); JSON keeps any two pairs apart. */
function claimKeyOf(customerId: UserId, key: string): string {
  return JSON.stringify([customerId, key]);
}
