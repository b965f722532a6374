import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import type { OrderId, OrderStatus } from '@food-oms/domain';
import { InvalidCursorError } from '../errors.ts';

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

// A label of its own, so a MAC made for anything else with the same secret is never a valid cursor.
const KEY_LABEL = 'food-oms/order-list-cursor/v1';

/**
 * Opaque, tamper-evident cursors: base64url(JSON) + "." + base64url(HMAC-SHA256 of the
 * first part). The MAC covers the encoded text itself, so no second spelling of the same
 * bytes is accepted either.
 */
export class OrderListCursor {
  readonly #key: Buffer;

  constructor(secret: string) {
    if (secret.length === 0) throw new Error('The order list cursor secret must not be empty.');
    this.#key = Buffer.from(hkdfSync('sha256', secret, '', KEY_LABEL, 32));
  }

  encode(after: OrderId, filters: OrderListFilters): string {
    const payload: Payload = { after, statuses: filters.statuses, customerId: filters.customerId };
    const body = Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
    return `${body}.${this.#mac(body)}`;
  }

  /** The order id to continue below; InvalidCursorError unless it is ours and for these filters. */
  decode(cursor: string, filters: OrderListFilters): OrderId {
    const [body, mac, ...rest] = cursor.split('.');
    if (body === undefined || mac === undefined || rest.length > 0) throw new InvalidCursorError();
    const expected = Buffer.from(this.#mac(body));
    const given = Buffer.from(mac);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new InvalidCursorError();
    // The MAC proves this service wrote the payload, so its shape is ours.
    const payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Payload;
    if (!sameFilters(payload, filters)) throw new InvalidCursorError();
    return payload.after as OrderId;
  }

  #mac(body: string): string {
    return createHmac('sha256', this.#key).update(body, 'utf8').digest('base64url');
  }
}

function sameFilters(a: OrderListFilters, b: OrderListFilters): boolean {
  return a.customerId === b.customerId && JSON.stringify(a.statuses) === JSON.stringify(b.statuses);
}
