import type { IdempotencyClaim } from '@food-oms/application';
import type {
  HistoryEntry,
  MenuItemId,
  Order,
  OrderId,
  OrderLine,
  OrderStatus,
  Role,
  UserId,
} from '@food-oms/domain';

/**
 * How an order is stored in the `orders` collection. Besides the domain fields it keeps the
 * customer's idempotency key and the fingerprint of the request that created it: both stay
 * here, read only by the idempotent-create path, and never reach the domain Order.
 */
export interface OrderDocument {
  _id: string;
  customerId: string;
  idempotencyKey: string;
  fingerprint: string;
  status: OrderStatus;
  items: OrderLineDocument[];
  totalCents: number;
  note: string | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
  history: HistoryEntryDocument[];
}

export interface OrderLineDocument {
  menuItemId: string;
  name: string;
  unitPriceCents: number;
  quantity: number;
  lineTotalCents: number;
}

export interface HistoryEntryDocument {
  seq: number;
  from: OrderStatus | null;
  to: OrderStatus;
  at: Date;
  actor: { id: string; role: Role };
  reason: string | null;
  override: boolean;
  requestId: string | null;
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

export function toHistoryEntryDocument(entry: HistoryEntry): HistoryEntryDocument {
  return {
    seq: entry.seq,
    from: entry.from,
    to: entry.to,
    at: entry.at,
    actor: { id: entry.actor.id, role: entry.actor.role },
    reason: entry.reason,
    override: entry.override,
    requestId: entry.requestId,
  };
}

export function toOrder(document: OrderDocument): Order {
  return {
    id: document._id as OrderId,
    customerId: document.customerId as UserId,
    status: document.status,
    items: document.items.map(
      (line): OrderLine => ({
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
      (entry): HistoryEntry => ({
        seq: entry.seq,
        from: entry.from,
        to: entry.to,
        at: entry.at,
        actor: { id: entry.actor.id as UserId, role: entry.actor.role },
        reason: entry.reason,
        override: entry.override,
        requestId: entry.requestId,
      }),
    ),
  };
}
