export const ORDER_STATUSES = ['CREATED', 'CONFIRMED', 'PREPARING', 'READY', 'CANCELLED'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];
