declare const brand: unique symbol;

/** A string that the type system keeps apart from other ids; the value is a UUIDv7. */
export type Id<Kind extends string> = string & { readonly [brand]: Kind };

export type OrderId = Id<'OrderId'>;
export type UserId = Id<'UserId'>;
export type MenuItemId = Id<'MenuItemId'>;
