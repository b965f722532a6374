import type { MenuItem, MenuItemId } from '@food-oms/domain';

/** How a menu item is stored in the `menu_items` collection. */
export interface MenuItemDocument {
  _id: string;
  name: string;
  priceCents: number;
  available: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export function toMenuItemDocument(item: MenuItem): MenuItemDocument {
  return {
    _id: item.id,
    name: item.name,
    priceCents: item.priceCents,
    available: item.available,
    createdAt: item.createdAt,
    updatedAt: item.updatedAt,
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
