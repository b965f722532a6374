import { ValidationError, type Violation } from './errors.ts';
import type { MenuItemId, OrderId, UserId } from './ids.ts';
import { ORDER_LIMITS } from './limits.ts';
import type { MenuItem } from './menu-item.ts';
import { type Cents, multiplyCents, sumCents } from './money.ts';
import type { OrderStatus } from './order-status.ts';
import type { Role } from './role.ts';
import { textFault } from './text.ts';

export interface OrderLine {
  readonly menuItemId: MenuItemId;
  /** Snapshot of the menu item's name when the order was placed. */
  readonly name: string;
  /** Snapshot of the menu item's price when the order was placed. */
  readonly unitPriceCents: Cents;
  readonly quantity: number;
  readonly lineTotalCents: Cents;
}

export interface Actor {
  readonly id: UserId;
  readonly role: Role;
}

export interface HistoryEntry {
  /** 1-based and contiguous: entry n is the change that made version n. */
  readonly seq: number;
  readonly from: OrderStatus | null;
  readonly to: OrderStatus;
  readonly at: Date;
  readonly actor: Actor;
  readonly reason: string | null;
  readonly override: boolean;
  readonly requestId: string | null;
  /**
   * The Idempotency-Key the change was requested with, scoped to `actor`: a repeat of the
   * request finds it here and is answered with the order instead of changing it again.
   * Absent on changes made without a key.
   */
  readonly idempotencyKey?: string;
}

export interface Order {
  readonly id: OrderId;
  readonly customerId: UserId;
  readonly status: OrderStatus;
  readonly items: readonly OrderLine[];
  readonly totalCents: Cents;
  readonly note: string | null;
  /** Always equals history.length. */
  readonly version: number;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  readonly history: readonly HistoryEntry[];
}

/** What a customer asks for, before anything is priced. */
export interface OrderRequest {
  readonly items: readonly { readonly menuItemId: string; readonly quantity: number }[];
  readonly note?: string | null | undefined;
}

/**
 * Checks an order request against the limits of docs/api.md (1–50 distinct items,
 * quantity 1–50, note ≤ 500) and returns it normalised: note trimmed, empty note null.
 * Throws ValidationError with a pointer per fault.
 */
export function validateOrderRequest(request: OrderRequest): {
  items: { menuItemId: MenuItemId; quantity: number }[];
  note: string | null;
} {
  const violations: Violation[] = [];
  const { items } = request;
  if (items.length < ORDER_LIMITS.minItems || items.length > ORDER_LIMITS.maxItems) {
    violations.push({
      pointer: '/items',
      message: `must hold ${ORDER_LIMITS.minItems} to ${ORDER_LIMITS.maxItems} items`,
    });
  }
  const seen = new Set<string>();
  items.forEach((item, i) => {
    if (seen.has(item.menuItemId)) {
      violations.push({ pointer: `/items/${i}/menuItemId`, message: 'appears more than once' });
    }
    seen.add(item.menuItemId);
    const q = item.quantity;
    if (!Number.isInteger(q) || q < ORDER_LIMITS.minQuantity || q > ORDER_LIMITS.maxQuantity) {
      violations.push({
        pointer: `/items/${i}/quantity`,
        message: `must be an integer from ${ORDER_LIMITS.minQuantity} to ${ORDER_LIMITS.maxQuantity}`,
      });
    }
  });
  const note = request.note?.trim() || null;
  const noteFault = note === null ? null : textFault(note, { min: 0, max: ORDER_LIMITS.maxNoteLength });
  if (noteFault !== null) violations.push({ pointer: '/note', message: noteFault });
  if (violations.length > 0) throw new ValidationError(violations);
  return {
    items: items.map((item) => ({ menuItemId: item.menuItemId as MenuItemId, quantity: item.quantity })),
    note,
  };
}

export interface PlaceOrderInput {
  readonly id: OrderId;
  readonly customerId: UserId;
  readonly request: OrderRequest;
  /** The menu items the request names, all available; prices come from here, never from the client. */
  readonly menu: ReadonlyMap<string, MenuItem>;
  readonly at: Date;
  readonly requestId: string | null;
}

/** A new order in CREATED, priced from the menu, with its creation as history entry 1. */
export function placeOrder(input: PlaceOrderInput): Order {
  const { items, note } = validateOrderRequest(input.request);
  const lines = items.map((item): OrderLine => {
    const menuItem = input.menu.get(item.menuItemId);
    if (menuItem === undefined || !menuItem.available) {
      // The caller looks the items up first; reaching this is a programming error.
      throw new Error(`menu item ${item.menuItemId} was not resolved before pricing`);
    }
    return {
      menuItemId: menuItem.id,
      name: menuItem.name,
      unitPriceCents: menuItem.priceCents,
      quantity: item.quantity,
      lineTotalCents: multiplyCents(menuItem.priceCents, item.quantity),
    };
  });
  const created: HistoryEntry = {
    seq: 1,
    from: null,
    to: 'CREATED',
    at: input.at,
    actor: { id: input.customerId, role: 'customer' },
    reason: null,
    override: false,
    requestId: input.requestId,
  };
  return {
    id: input.id,
    customerId: input.customerId,
    status: 'CREATED',
    items: lines,
    totalCents: sumCents(lines.map((line) => line.lineTotalCents)),
    note,
    version: 1,
    createdAt: input.at,
    updatedAt: input.at,
    history: [created],
  };
}
