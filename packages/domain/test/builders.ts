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
} from '../src/index.ts';

export const AT = new Date('2025-03-01T12:00:00.000Z');

export const CUSTOMER_ID = '01955a3e-0000-7000-8000-00000000c001' as UserId;

const ACTOR_IDS: Record<Role, UserId> = {
  customer: CUSTOMER_ID,
  kitchen: '01955a3e-0000-7000-8000-00000000c002' as UserId,
  admin: '01955a3e-0000-7000-8000-00000000c003' as UserId,
};

export function actorOf(role: Role): Actor {
  return { id: ACTOR_IDS[role], role };
}

export function menuItemId(n: number): MenuItemId {
  return `01955a3e-0000-7000-8000-${n.toString().padStart(12, '0')}` as MenuItemId;
}

export function aMenuItem(overrides: Partial<MenuItem> = {}): MenuItem {
  return {
    id: menuItemId(1),
    name: 'Margherita',
    priceCents: 850,
    available: true,
    createdAt: AT,
    updatedAt: AT,
    ...overrides,
  };
}

export function menuOf(...items: MenuItem[]): ReadonlyMap<string, MenuItem> {
  return new Map(items.map((item) => [item.id, item]));
}

/** A freshly placed order: CREATED, version 1, its creation as the only history entry. */
export function anOrder(overrides: Partial<Order> = {}): Order {
  return {
    id: '01955a3e-0000-7000-8000-0000000000a1' as OrderId,
    customerId: CUSTOMER_ID,
    status: 'CREATED',
    items: [
      {
        menuItemId: menuItemId(1),
        name: 'Margherita',
        unitPriceCents: 850,
        quantity: 2,
        lineTotalCents: 1700,
      },
    ],
    totalCents: 1700,
    note: null,
    version: 1,
    createdAt: AT,
    updatedAt: AT,
    history: [
      {
        seq: 1,
        from: null,
        to: 'CREATED',
        at: AT,
        actor: actorOf('customer'),
        reason: null,
        override: false,
        requestId: null,
      },
    ],
    ...overrides,
  };
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

/** An order that reached `status` along the regular route, with a consistent history. */
export function anOrderIn(status: OrderStatus): Order {
  const route = ROUTE_TO[status];
  const history = route.map(
    (to, i): HistoryEntry => ({
      seq: i + 1,
      from: route[i - 1] ?? null,
      to,
      at: new Date(AT.getTime() + i * 60_000),
      actor: actorOf(i === 0 ? 'customer' : 'kitchen'),
      reason: null,
      override: false,
      requestId: null,
    }),
  );
  const last = history.at(-1);
  return anOrder({ status, version: history.length, history, updatedAt: last?.at ?? AT });
}
