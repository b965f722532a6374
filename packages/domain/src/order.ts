import { ValidationError, type Violation } from './errors.ts';
import type { MenuItemId, OrderId, UserId } from './ids.ts';
import { ORDER_LIMITS } from './limits.ts';
import type { MenuItem } from './menu-item.ts';
import { type Cents, multiplyCents, sumCents } from './money.ts';
import type { OrderStatus } from './order-status.ts';
import type { Role } from './role.ts';
import { textFault } from './text.ts';

/** One line of an order: a menu item as it was priced, and how many of it. */
export interface OrderItem {
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
  readonly items: readonly OrderItem[];
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

declare const CHECKED: unique symbol;

/**
 * An order request whose rules hold, normalised (note trimmed, an empty note null). Only
 * checkOrderRequest makes one, so whatever holds one needs no second look at the rules.
 */
export type ValidOrderRequest = {
  readonly items: readonly { readonly menuItemId: MenuItemId; readonly quantity: number }[];
  readonly note: string | null;
} & { readonly [CHECKED]: true };

/**
 * What breaks the rules of an order in a request (docs/api.md: 1–50 distinct items, each
 * a whole quantity of 1–50, a note of at most 500 characters of readable text), with a
 * pointer per fault; empty when none does.
 */
export function orderRequestFaults(request: OrderRequest): Violation[] {
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
  const note = normalisedNote(request.note);
  const noteFault = note === null ? null : textFault(note, { min: 0, max: ORDER_LIMITS.maxNoteLength });
  if (noteFault !== null) violations.push({ pointer: '/note', message: noteFault });
  return violations;
}

/** A note is what it says once trimmed; saying nothing is having none. */
function normalisedNote(note: string | null | undefined): string | null {
  return note?.trim() || null;
}

/** The request as a ValidOrderRequest, or a ValidationError listing every fault of it. */
export function checkOrderRequest(request: OrderRequest): ValidOrderRequest {
  const violations = orderRequestFaults(request);
  if (violations.length > 0) throw new ValidationError(violations);
  const items: ValidOrderRequest['items'] = request.items.map(({ menuItemId, quantity }) => ({
    menuItemId: menuItemId as MenuItemId,
    quantity,
  }));
  return { items, note: normalisedNote(request.note) } as ValidOrderRequest;
}

export interface NewOrderInput {
  readonly id: OrderId;
  readonly customerId: UserId;
  readonly request: ValidOrderRequest;
  /** The menu items the request names, all available; prices come from here, never from the client. */
  readonly menu: ReadonlyMap<string, MenuItem>;
  readonly at: Date;
  readonly requestId: string | null;
}

/** A new order in CREATED, priced from the menu, with its creation as history entry 1. */
export function newOrder(input: NewOrderInput): Order {
  const items = input.request.items.map((requested): OrderItem => {
    const menuItem = input.menu.get(requested.menuItemId);
    if (menuItem === undefined || !menuItem.available) {
      // The caller looks the items up first; reaching this is a programming error.
      throw new Error(`menu item ${requested.menuItemId} was not resolved before pricing`);
    }
    return {
      menuItemId: menuItem.id,
      name: menuItem.name,
      unitPriceCents: menuItem.priceCents,
      quantity: requested.quantity,
      lineTotalCents: multiplyCents(menuItem.priceCents, requested.quantity),
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
    items,
    totalCents: sumCents(items.map((item) => item.lineTotalCents)),
    note: input.request.note,
    version: 1,
    createdAt: input.at,
    updatedAt: input.at,
    history: [created],
  };
}
