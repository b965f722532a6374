import type { IdempotencyClaim } from '@food-oms/application';
import type {
  HistoryEntry,
  MenuItemId,
  Order,
  OrderId,
  OrderItem,
  OrderStatus,
  Role,
  UserId,
} from '@food-oms/domain';

/**
 * How an order is stored in the `orders` collection. Besides the domain fields it keeps the
 * customer's idempotency key and the fingerprint of the request that created it: both stay
 * here, read only by the idempotent-create path, and never reach the domain Order.
 *
 * Strings are stored as the domain made them. Some MongoDB-compatible servers refuse a NUL
 * in a string (FerretDB on PostgreSQL); the domain's text rule (no control characters in
 * names, notes, reasons) keeps every such character out, so no escaping is needed here.
 */
export interface OrderDocument {
  _id: string;
  customerId: string;
  idempotencyKey: string;
  fingerprint: string;
  /**
   * Every (actor, key) a keyed transition of this order was made with (transitionKeyOf),
   * pushed in the same write as the entry that records the key. A keyed transition's filter
   * says "not used yet" as `{transitionKeys: {$ne: ...}}`, a test of a top-level array of
   * strings: FerretDB 1.24 answers the same question asked of the history itself wrongly
   * (`'history.idempotencyKey': {$ne: ...}` matches when any other entry differs, and
   * `$not`/`$elemMatch` over actor and key is refused or mis-evaluated). Absent until then.
   */
  transitionKeys?: string[];
  status: OrderStatus;
  items: OrderItemDocument[];
  totalCents: number;
  note: string | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
  history: HistoryEntryDocument[];
}

export interface OrderItemDocument {
  menuItemId: string;
  name: string;
  unitPriceCents: number;
  quantity: number;
  lineTotalCents: number;
}

/**
 * One history entry. It stores no seq: a transition is written without reading the order
 * first, and an update cannot compute a value from the document without an update pipeline
 * (which FerretDB 1.x lacks). History is append-only and version is bumped in the same
 * write, so an entry's seq is its position + 1; documents written earlier may carry a seq
 * field, always equal to that, and it is not read.
 */
export interface HistoryEntryDocument {
  from: OrderStatus | null;
  to: OrderStatus;
  at: Date;
  actor: { id: string; role: Role };
  reason: string | null;
  override: boolean;
  requestId: string | null;
  /** Only on an entry made with an Idempotency-Key. */
  idempotencyKey?: string;
}

/**
 * What a keyed transition records in the order's `transitionKeys`: actor ids are UUIDs, so
 * the space keeps any two (actor, key) pairs apart.
 */
export function transitionKeyOf(actorId: string, key: string): string {
  return `${actorId} ${key}`;
}

export function toOrderDocument(order: Order, claim: IdempotencyClaim): OrderDocument {
  return {
    _id: order.id,
    customerId: order.customerId,
    idempotencyKey: claim.key,
    fingerprint: claim.fingerprint,
    status: order.status,
    items: order.items.map((line) => ({
      menuItemId: line.menuItemId,
      name: line.name,
      unitPriceCents: line.unitPriceCents,
      quantity: line.quantity,
      lineTotalCents: line.lineTotalCents,
    })),
    totalCents: order.totalCents,
    note: order.note,
    version: order.version,
    createdAt: order.createdAt,
    updatedAt: order.updatedAt,
    history: order.history.map(toHistoryEntryDocument),
  };
}

/** An entry as stored: a creation entry, or a change about to be appended. */
export function toHistoryEntryDocument(entry: Omit<HistoryEntry, 'seq'>): HistoryEntryDocument {
  return {
    from: entry.from,
    to: entry.to,
    at: entry.at,
    actor: { id: entry.actor.id, role: entry.actor.role },
    reason: entry.reason,
    override: entry.override,
    requestId: entry.requestId,
    ...(entry.idempotencyKey !== undefined && { idempotencyKey: entry.idempotencyKey }),
  };
}

export function toOrder(document: OrderDocument): Order {
  return {
    id: document._id as OrderId,
    customerId: document.customerId as UserId,
    status: document.status,
    items: document.items.map(
      (line): OrderItem => ({
        menuItemId: line.menuItemId as MenuItemId,
        name: line.name,
        unitPriceCents: line.unitPriceCents,
        quantity: line.quantity,
        lineTotalCents: line.lineTotalCents,
      }),
    ),
    totalCents: document.totalCents,
    note: document.note,
    version: document.version,
    createdAt: document.createdAt,
    updatedAt: document.updatedAt,
    history: document.history.map(
      (entry, index): HistoryEntry => ({
        seq: index + 1,
        from: entry.from,
        to: entry.to,
        at: entry.at,
        actor: { id: entry.actor.id as UserId, role: entry.actor.role },
        reason: entry.reason,
        override: entry.override,
        requestId: entry.requestId,
        ...(entry.idempotencyKey !== undefined && { idempotencyKey: entry.idempotencyKey }),
      }),
    ),
  };
}
