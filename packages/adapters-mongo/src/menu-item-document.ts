import type { MenuItemClaim } from '@food-oms/application';
import type { MenuItem, MenuItemId } from '@food-oms/domain';

/**
 * How a menu item is stored in the `menu_items` collection. An item created with an
 * Idempotency-Key also keeps the admin who sent it, the key and the request's fingerprint;
 * they stay here, read only by the idempotent-create path, and never reach the domain.
 */
export interface MenuItemDocument {
  _id: string;
  name: string;
  priceCents: number;
  available: boolean;
  createdAt: Date;
  updatedAt: Date;
  createdBy?: string;
  idempotencyKey?: string;
  fingerprint?: string;
}

export function toMenuItemDocument(item: MenuItem, claim?: MenuItemClaim): MenuItemDocument {
  return {
    _id: item.id,
    name: item.name,
    priceCents: item.priceCents,
    available: item.available,
    createdAt: item.createdAt,
    updatedAt: item.updatedAt,
    ...(claim !== undefined && {
      createdBy: claim.adminId,
      idempotencyKey: claim.key,
      fingerprint: claim.fingerprint,
    }),
  };
}

export function toMenuItem(document: MenuItemDocument): MenuItem {
  return {
    id: document._id as MenuItemId,
    name: document.name,
    priceCents: document.priceCents,
    available: document.available,
    createdAt: document.createdAt,
    updatedAt: document.updatedAt,
  };
}
