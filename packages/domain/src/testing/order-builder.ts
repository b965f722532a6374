import {
  checkOrderRequest,
  type MenuItem,
  movedOrder,
  newOrder,
  type Order,
  type OrderId,
  type OrderStatus,
  type UserId,
} from '../index.ts';
import { BUILT_AT, builtId } from './builder-ids.ts';
import { aMenuItem } from './menu-item-builder.ts';
import { anActor } from './user-builder.ts';

export interface OrderOptions {
  readonly id?: OrderId;
  readonly customerId?: UserId;
  /** Reached along the regular lifecycle (CANCELLED straight from CREATED), one history entry per step. */
  readonly status?: OrderStatus;
  readonly lines?: readonly { readonly menuItem: MenuItem; readonly quantity: number }[];
  readonly note?: string | null;
  readonly at?: Date;
  readonly requestId?: string | null;
}

const PATH_TO: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = {
  CREATED: [],
  CONFIRMED: ['CONFIRMED'],
  PREPARING: ['CONFIRMED', 'PREPARING'],
  READY: ['CONFIRMED', 'PREPARING', 'READY'],
  CANCELLED: ['CANCELLED'],
};

const STEP_MS = 60_000;

/**
 * A consistent order made by the domain itself (priced lines, totals, history whose
 * length is the version), so tests never store a shape the domain could not produce.
 */
export function anOrder(options: OrderOptions = {}): Order {
  const lines = options.lines ?? [{ menuItem: aMenuItem(), quantity: 2 }];
  const at = options.at ?? BUILT_AT;
  let order = newOrder({
    id: options.id ?? (builtId() as OrderId),
    customerId: options.customerId ?? (builtId() as UserId),
    request: checkOrderRequest({
      items: lines.map((line) => ({ menuItemId: line.menuItem.id, quantity: line.quantity })),
      note: options.note ?? null,
    }),
    menu: new Map(lines.map((line) => [line.menuItem.id, line.menuItem])),
    at,
    requestId: options.requestId ?? null,
  });
  const kitchen = anActor({ role: 'kitchen' });
  PATH_TO[options.status ?? 'CREATED'].forEach((to, step) => {
    order = movedOrder(order, {
      to,
      actor: kitchen,
      at: new Date(at.getTime() + (step + 1) * STEP_MS),
      requestId: null,
    }).order;
  });
  return order;
}
