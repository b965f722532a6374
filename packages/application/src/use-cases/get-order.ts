import type { Actor, Order, OrderId } from '@food-oms/domain';
import { NotFoundError } from '../errors.ts';
import type { OrderRepository } from '../ports/order-repository.ts';

export interface GetOrderDeps {
  readonly orders: OrderRepository;
}

export interface GetOrderInput {
  readonly actor: Actor;
  readonly orderId: string;
}

export interface GetOrderOutput {
  readonly order: Order;
}

export class GetOrder {
  readonly #deps: GetOrderDeps;

  constructor(deps: GetOrderDeps) {
    this.#deps = deps;
  }

  /** Throws NotFoundError, also for another customer's order: existence is not revealed. */
  async execute(input: GetOrderInput): Promise<GetOrderOutput> {
    const { actor } = input;
    const order = await this.#deps.orders.findById(input.orderId as OrderId);
    if (order === null || (actor.role === 'customer' && order.customerId !== actor.id)) {
      throw new NotFoundError('Order');
    }
    return { order };
  }
}
