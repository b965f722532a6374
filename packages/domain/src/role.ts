export const ROLES = ['customer', 'kitchen', 'admin'] as const;
export type Role = (typeof ROLES)[number];
