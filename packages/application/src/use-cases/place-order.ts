import {
  type Actor,
  checkIdempotencyKey,
  checkOrderRequest,
  ForbiddenError,
  newOrder,
  type Order,
  type OrderId,
  type OrderRequest,
  type ValidOrderRequest,
} from '@food-oms/domain';
import { IdempotencyKeyReusedError, MenuItemUnavailableError } from '../errors.ts';
import type { Clock } from '../ports/clock.ts';
import type { Fingerprint } from '../ports/fingerprint.ts';
import type { IdGenerator } from '../ports/id-generator.ts';
import type { MenuRepository } from '../ports/menu-repository.ts';
import type { OrderRepository } from '../ports/order-repository.ts';
import { fingerprintOf } from './idempotency-key.ts';

export interface PlaceOrderDeps {
  readonly orders: OrderRepository;
  readonly menu: MenuRepository;
  readonly ids: IdGenerator;
  readonly clock: Clock;
  readonly fingerprint: Fingerprint;
}

export interface PlaceOrderInput {
  readonly actor: Actor;
  readonly idempotencyKey: string;
  readonly request: OrderRequest;
  readonly requestId: string | null;
}

export interface PlaceOrderOutput {
  readonly order: Order;
  /** True when this key already made `order`: nothing new was written. */
  readonly replayed: boolean;
}

/**
 * Places an order exactly once per (customer, Idempotency-Key). A repeat of the same
 * request answers with the order the key already made, even if the menu changed since;
 * a different request under a used key is refused.
 */
export class PlaceOrder {
  readonly #deps: PlaceOrderDeps;

  constructor(deps: PlaceOrderDeps) {
    this.#deps = deps;
  }

  /**
   * Throws ForbiddenError for a non-customer, ValidationError (the key is not consumed),
   * IdempotencyKeyReusedError, MenuItemUnavailableError listing the ids.
   */
  async execute(input: PlaceOrderInput): Promise<PlaceOrderOutput> {
    const { actor, idempotencyKey } = input;
    if (actor.role !== 'customer') throw new ForbiddenError('Only customers may place orders.');
    checkIdempotencyKey(idempotencyKey);
    const request = checkOrderRequest(input.request);
    const fingerprint = requestFingerprint(this.#deps.fingerprint, request);
    const { orders, menu, ids, clock } = this.#deps;

    // No lookup of the key first: the store's unique (customer, key) claim decides, so a new
    // order costs the menu read and the insert. Only a refusal looks for the key, so that a
    // replay whose items have gone off the menu since still answers with its order.
    const menuItemIds = request.items.map((item) => item.menuItemId);
    const found = new Map((await menu.findByIds(menuItemIds)).map((item) => [item.id, item]));
    const unavailable = menuItemIds.filter((id) => found.get(id)?.available !== true);
    if (unavailable.length > 0) {
      const claimed = await orders.findByIdempotencyKey(actor.id, idempotencyKey);
      if (claimed !== null) return replay(claimed, fingerprint);
      throw new MenuItemUnavailableError(unavailable);
    }

    const order = newOrder({
      id: ids.next() as OrderId,
      customerId: actor.id,
      request,
      menu: found,
      at: clock.now(),
      requestId: input.requestId,
    });
    const result = await orders.insert(order, { key: idempotencyKey, fingerprint });
    // 'duplicate': this key already made an order, earlier or by a concurrent twin.
    return result.kind === 'inserted'
      ? { order: result.order, replayed: false }
      : replay(result, fingerprint);
  }
}

function replay(
  claimed: { readonly order: Order; readonly fingerprint: string },
  fingerprint: string,
): PlaceOrderOutput {
  if (claimed.fingerprint !== fingerprint) throw new IdempotencyKeyReusedError();
  return { order: claimed.order, replayed: true };
}

/**
 * The identity of a request, independent of how the client spelled it: items sorted by
 * id, note already normalised by the domain. Same fingerprint, same order.
 */
function requestFingerprint(fingerprint: Fingerprint, request: ValidOrderRequest): string {
  const items = [...request.items]
    .sort((a, b) => (a.menuItemId < b.menuItemId ? -1 : a.menuItemId > b.menuItemId ? 1 : 0))
    .map((item) => [item.menuItemId, item.quantity]);
  return fingerprintOf(fingerprint, { items, note: request.note });
}
