import type { OrderId, OrderStatus } from '@food-oms/domain';
import { InvalidCursorError } from '../errors.ts';
import type { CursorCodec } from '../ports/cursor-codec.ts';

/** The filters a page was listed with; a cursor only continues the listing it came from. */
export interface OrderListFilters {
  /** Normalised: distinct, in lifecycle order; null for all. */
  readonly statuses: readonly OrderStatus[] | null;
  readonly customerId: string | null;
}

interface Payload extends OrderListFilters {
  /** The id of the last order of the page: the next page starts below it. */
  readonly after: string;
}

/** Where the next page starts and which filters it continues, sealed by the codec (JSON inside). */
export class OrderListCursor {
  readonly #codec: CursorCodec;

  constructor(codec: CursorCodec) {
    this.#codec = codec;
  }

  encode(after: OrderId, filters: OrderListFilters): string {
    const payload: Payload = { after, statuses: filters.statuses, customerId: filters.customerId };
    return this.#codec.seal(JSON.stringify(payload));
  }

  /** The order id to continue below; InvalidCursorError unless it is ours and for these filters. */
  decode(cursor: string, filters: OrderListFilters): OrderId {
    const text = this.#codec.open(cursor);
    if (text === null) throw new InvalidCursorError();
    // The codec proves this service wrote the payload, so its shape is ours.
    const payload = JSON.parse(text) as Payload;
    if (!sameFilters(payload, filters)) throw new InvalidCursorError();
    return payload.after as OrderId;
  }
}

function sameFilters(a: OrderListFilters, b: OrderListFilters): boolean {
  return a.customerId === b.customerId && JSON.stringify(a.statuses) === JSON.stringify(b.statuses);
}
