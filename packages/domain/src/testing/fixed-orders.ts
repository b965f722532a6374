import type {
  Actor,
  HistoryEntry,
  MenuItem,
  MenuItemId,
  Order,
  OrderId,
  OrderStatus,
  Role,
  UserId,
} from '../index.ts';
import { BUILT_AT } from './builder-ids.ts';
import { aMenuItem } from './menu-item-builder.ts';

/** The customer of the written-out orders, for tests that name whose order it is. */
export const CUSTOMER_ID = '01955a3e-0000-7000-8000-00000000c001' as UserId;

const ACTOR_IDS: Record<Role, UserId> = {
  customer: CUSTOMER_ID,
  kitchen: '01955a3e-0000-7000-8000-00000000c002' as UserId,
  admin: '01955a3e-0000-7000-8000-00000000c003' as UserId,
};

/** One fixed actor per role: the customer is CUSTOMER_ID. */
export function actorOf(role: Role): Actor {
  return { id: ACTOR_IDS[role], role };
}

/** The n-th of a fixed series of menu item ids, for tests that name them. */
export function menuItemId(n: number): MenuItemId {
  return `01955a3e-0000-7000-8000-${n.toString().padStart(12, '0')}` as MenuItemId;
}

export function menuOf(...items: MenuItem[]): ReadonlyMap<string, MenuItem> {
  return new Map(items.map((item) => [item.id, item]));
}

// The regular route into each status, written out rather than produced by
// movedOrder, so that tests of movedOrder do not start from its own output.
const ROUTE_TO: Record<OrderStatus, readonly OrderStatus[]> = {
  CREATED: ['CREATED'],
  CONFIRMED: ['CREATED', 'CONFIRMED'],
  PREPARING: ['CREATED', 'CONFIRMED', 'PREPARING'],
  READY: ['CREATED', 'CONFIRMED', 'PREPARING', 'READY'],
  CANCELLED: ['CREATED', 'CANCELLED'],
};

/**
 * An order of CUSTOMER_ID that reached `status` along the regular route, with a consistent
 * history, written out field by field (two of the default menu item) rather than made by
 * newOrder and movedOrder: the domain's own tests start from it.
 */
export function anOrderIn(status: OrderStatus): Order {
  const item = aMenuItem({ id: menuItemId(1) });
  const route = ROUTE_TO[status];
  const history = route.map(
    (to, i): HistoryEntry => ({
      seq: i + 1,
      from: route[i - 1] ?? null,
      to,
      at: new Date(BUILT_AT.getTime() + i * 60_000),
      actor: actorOf(i === 0 ? 'customer' : 'kitchen'),
      reason: null,
      override: false,
      requestId: null,
    }),
  );
  return {
    id: '01955a3e-0000-7000-8000-0000000000a1' as OrderId,
    customerId: CUSTOMER_ID,
    status,
    items: [
      {
        menuItemId: item.id,
        name: item.name,
        unitPriceCents: item.priceCents,
        quantity: 2,
        lineTotalCents: 2 * item.priceCents,
      },
    ],
    totalCents: 2 * item.priceCents,
    note: null,
    version: history.length,
    createdAt: BUILT_AT,
    updatedAt: history.at(-1)?.at ?? BUILT_AT,
    history,
  };
}
