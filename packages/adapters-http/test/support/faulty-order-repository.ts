import { InMemoryOrderRepository } from '@food-oms/adapters-memory';
import type {
  IdempotencyClaim,
  InsertOrderResult,
  OrderListQuery,
  OrderRepository,
  TransitionCommand,
  TransitionResult,
} from '@food-oms/application';
import type { Order, OrderId, UserId } from '@food-oms/domain';

/** The in-memory store, until a test makes every call fail with the error of its choice. */
export class FaultyOrderRepository implements OrderRepository {
  readonly #inner = new InMemoryOrderRepository();
  #fault: Error | null = null;

  failWith(fault: Error | null): void {
    this.#fault = fault;
  }

  #check(): void {
    if (this.#fault !== null) throw this.#fault;
  }

  async insert(order: Order, claim: IdempotencyClaim): Promise<InsertOrderResult> {
    this.#check();
    return this.#inner.insert(order, claim);
  }

  async findById(id: OrderId): Promise<Order | null> {
    this.#check();
    return this.#inner.findById(id);
  }

  async findByIdempotencyKey(
    customerId: UserId,
    key: string,
  ): Promise<{ readonly order: Order; readonly fingerprint: string } | null> {
    this.#check();
    return this.#inner.findByIdempotencyKey(customerId, key);
  }

  async transition(command: TransitionCommand): Promise<TransitionResult> {
    this.#check();
    return this.#inner.transition(command);
  }

  async list(query: OrderListQuery): Promise<Order[]> {
    this.#check();
    return this.#inner.list(query);
  }
}
