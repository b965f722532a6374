import {
  type Actor,
  allowedTransitions,
  checkRequestedStatus,
  InvalidTransitionError,
  type Order,
  type OrderId,
  type OrderStatus,
  type TransitionRequest,
  transitionOrder,
} from '@food-oms/domain';
import { NotFoundError, PreconditionFailedError } from '../errors.ts';
import type { Clock } from '../ports/clock.ts';
import type { OrderRepository } from '../ports/order-repository.ts';

export interface TransitionOrderDeps {
  readonly orders: OrderRepository;
  readonly clock: Clock;
}

export interface TransitionOrderInput {
  readonly actor: Actor;
  readonly orderId: string;
  readonly to: OrderStatus;
  readonly reason?: string | null;
  /** From `If-Match`: apply only if the order is still at this version. */
  readonly expectedVersion?: number;
  readonly requestId: string | null;
}

export interface TransitionOrderOutput {
  readonly order: Order;
}

/**
 * Moves an order to another status. The domain decides on the state read; the
 * repository's compare-and-set applies it only if that state still holds. When it does
 * not, the request is answered, never retried: a retry would apply a decision made on
 * a state that no longer exists.
 */
export class TransitionOrder {
  readonly #deps: TransitionOrderDeps;

  constructor(deps: TransitionOrderDeps) {
    this.#deps = deps;
  }

  /**
   * Throws NotFoundError (also for another customer's order), PreconditionFailedError,
   * and the domain's ForbiddenError, InvalidTransitionError, OverrideReasonRequiredError,
   * ValidationError.
   */
  async execute(input: TransitionOrderInput): Promise<TransitionOrderOutput> {
    const { actor, expectedVersion } = input;
    const { orders, clock } = this.#deps;
    const order = await orders.findById(input.orderId as OrderId);
    // Another customer's order answers exactly like a missing one: existence is not revealed.
    if (order === null || (actor.role === 'customer' && order.customerId !== actor.id)) {
      throw new NotFoundError('Order');
    }
    // Who may ask for what comes before the version: a customer's forbidden request is a
    // 403 whatever version it names.
    checkRequestedStatus(actor.role, input.to);
    if (expectedVersion !== undefined && expectedVersion !== order.version) {
      throw new PreconditionFailedError(order.version, order.status);
    }
    const request: TransitionRequest = {
      to: input.to,
      actor,
      reason: input.reason ?? null,
      at: clock.now(),
      requestId: input.requestId,
    };
    const { entry } = transitionOrder(order, request);
    const result = await orders.transition({
      id: order.id,
      from: order.status,
      version: order.version,
      entry,
    });
    switch (result.kind) {
      case 'applied':
        return { order: result.order };
      case 'not-found':
        throw new NotFoundError('Order');
      case 'conflict':
        if (expectedVersion !== undefined) {
          throw new PreconditionFailedError(result.current.version, result.current.status);
        }
        // The loser of a race is a 409 whatever the new state would allow: its move was
        // decided on a state that no longer exists, so the client must look and decide again
        // (re-deciding here could, say, turn an admin's plain cancel into an override).
        throw new InvalidTransitionError(
          result.current.status,
          request.to,
          allowedTransitions(result.current.status, actor.role),
        );
    }
  }
}
