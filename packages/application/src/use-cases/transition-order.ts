import {
  type Actor,
  checkIdempotencyKey,
  explainMiss,
  judgeTransition,
  type Order,
  type OrderId,
  type OrderStatus,
  planTransition,
  type TransitionRefusal,
} from '@food-oms/domain';
import { IdempotencyKeyReusedError, NotFoundError, PreconditionFailedError } from '../errors.ts';
import type { Clock } from '../ports/clock.ts';
import type { OrderRepository, TransitionResult } from '../ports/order-repository.ts';

export interface TransitionOrderDeps {
  readonly orders: OrderRepository;
  readonly clock: Clock;
}

export interface TransitionOrderInput {
  readonly actor: Actor;
  /** Null when the caller's id names no order at all (malformed): answered as not found, after 403. */
  readonly orderId: string | null;
  readonly to: OrderStatus;
  readonly reason?: string | null;
  /** From `If-Match`: apply only if the order is still at this version. */
  readonly expectedVersion?: number;
  /** Scoped to the actor: the same request again is answered with the order, not applied twice. */
  readonly idempotencyKey?: string;
  readonly requestId: string | null;
}

export interface TransitionOrderOutput {
  readonly order: Order;
  /** True when the key already made this change: nothing new was written. */
  readonly replayed: boolean;
}

/**
 * Moves an order to another status. A regular move is ONE conditional write carrying the
 * whole decision (the status its edge starts from, If-Match's version, the customer, the
 * unused key); only when it matches nothing is the order read, once, to answer precisely.
 * An admin's reasoned request may be an override from any status, so it reads first and
 * then writes on the status and version it was decided on. A request that loses a race is
 * answered, never retried: a retry would apply a decision made on a state that is gone.
 */
export class TransitionOrder {
  readonly #deps: TransitionOrderDeps;

  constructor(deps: TransitionOrderDeps) {
    this.#deps = deps;
  }

  /**
   * Throws NotFoundError (also for another customer's order), PreconditionFailedError,
   * IdempotencyKeyReusedError, and the domain's ForbiddenError, InvalidTransitionError,
   * OverrideReasonRequiredError, ValidationError.
   */
  async execute(input: TransitionOrderInput): Promise<TransitionOrderOutput> {
    const { actor, expectedVersion, idempotencyKey } = input;
    if (idempotencyKey !== undefined) checkIdempotencyKey(idempotencyKey);
    const { orders, clock } = this.#deps;
    const { request, blind } = planTransition({
      to: input.to,
      actor,
      reason: input.reason ?? null,
      at: clock.now(),
      requestId: input.requestId,
      expectedVersion,
      idempotencyKey,
    });
    if (input.orderId === null) return answer(explainMiss(null, request));
    const id = input.orderId as OrderId;
    const owner = actor.role === 'customer' ? { customerId: actor.id } : {};

    let result: TransitionResult;
    if (blind !== null) {
      result = await orders.transition({
        id,
        change: blind,
        ...owner,
        ...(expectedVersion !== undefined && { version: expectedVersion }),
      });
    } else {
      const verdict = judgeTransition(await orders.findById(id), request);
      if (verdict.kind !== 'apply') return answer(verdict);
      result = await orders.transition({
        id,
        change: verdict.change,
        version: verdict.order.version,
        ...owner,
      });
    }
    if (result.kind === 'applied') return { order: result.order, replayed: false };
    return answer(explainMiss(result.current, request));
  }
}

function answer(refusal: TransitionRefusal): TransitionOrderOutput {
  switch (refusal.kind) {
    case 'replay':
      return { order: refusal.order, replayed: true };
    case 'not-found':
      throw new NotFoundError('Order');
    case 'key-reused':
      throw new IdempotencyKeyReusedError();
    case 'version-mismatch':
      throw new PreconditionFailedError(refusal.current.version, refusal.current.status);
    case 'refused':
      throw refusal.error;
  }
}
