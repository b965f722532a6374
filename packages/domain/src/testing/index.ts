// Builders of consistent domain values for tests, one set with one set of defaults:
// `@food-oms/domain/testing`. The application's testing entry extends it with the doubles
// of its ports and the contract suites.
export { BUILT_AT, builtId, sequentialIds } from './builder-ids.ts';
export { actorOf, anOrderIn, CUSTOMER_ID, menuItemId, menuOf } from './fixed-orders.ts';
export { aMenuItem } from './menu-item-builder.ts';
export { anOrder, type OrderOptions } from './order-builder.ts';
export { anActor, aUser } from './user-builder.ts';
