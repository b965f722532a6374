import type { HistoryEntry, MenuItem, Order, OrderItem } from '@food-oms/domain';

function refuseChange(): never {
  throw new TypeError('A stored timestamp is read-only: copy it to change it.');
}

/**
 * A Date whose setters throw: `Object.freeze` leaves a Date's time changeable, through
 * `setTime` and its kin, so a frozen order would still let a reader move the store's
 * timestamps. In every other way it is a Date (`instanceof`, `getTime`, `toISOString`, JSON,
 * structured clone), down to its `constructor`, which is Date's, as a reader comparing
 * constructors expects of one.
 */
class ReadOnlyDate extends Date {}
for (const name of Object.getOwnPropertyNames(Date.prototype)) {
  if (name.startsWith('set')) Object.defineProperty(ReadOnlyDate.prototype, name, { value: refuseChange });
}
Object.defineProperty(ReadOnlyDate.prototype, 'constructor', { value: Date });
Object.freeze(ReadOnlyDate.prototype);

/** The instant kept last, and its read-only Date: see readOnlyDate. */
let lastKept: Date = Object.freeze(new ReadOnlyDate(Number.NaN));

/**
 * The read-only Date of `date`'s instant. One that cannot change is shared by every kept value
 * that holds its instant: a new order's createdAt, updatedAt and first entry's `at` are one
 * instant, as are a change's updatedAt and entry, and orders made within one millisecond. A
 * Date takes 96 bytes (three were a third of a new order's own objects), and each one the
 * store keeps is one more for the collector to mark at every major collection.
 */
function readOnlyDate(date: Date): Date {
  const time = date.getTime();
  if (time !== lastKept.getTime()) lastKept = Object.freeze(new ReadOnlyDate(time));
  return lastKept;
}

/**
 * What the store keeps of an order: a deep copy, made once when the order is written, in which
 * every object and array is frozen and every Date read-only. Reads hand it out as it is, with
 * no copy: whoever holds it, strict code that tries to change any part of it gets a TypeError,
 * so nothing a reader does reaches what is stored, and a read costs no allocation.
 *
 * `previous` is the order as the store keeps it until now, when `order` is its next version
 * (appendChange's, which shares the lines and earlier entries of the order it was given): the
 * parts the two share are kept already, and are shared again instead of copied. Whatever came
 * from the caller (the new entry, its actor and Date, the new updatedAt) is copied.
 * A field added to Order that holds an object must be kept here too.
 */
export function keptOrder(order: Order, previous?: Order): Order {
  const { items, history } = order;
  return Object.freeze({
    ...order,
    items: items === previous?.items ? items : Object.freeze(items.map(keptLine)),
    createdAt: order.createdAt === previous?.createdAt ? order.createdAt : readOnlyDate(order.createdAt),
    updatedAt: order.updatedAt === previous?.updatedAt ? order.updatedAt : readOnlyDate(order.updatedAt),
    history: Object.freeze(
      history.map((entry, i) => (entry === previous?.history[i] ? entry : keptEntry(entry))),
    ),
  });
}

const keptLine = (line: OrderItem): OrderItem => Object.freeze({ ...line });

const keptEntry = (entry: HistoryEntry): HistoryEntry =>
  Object.freeze({ ...entry, at: readOnlyDate(entry.at), actor: Object.freeze({ ...entry.actor }) });

/** What the store keeps of a menu item, handed out as it is: frozen, its Dates read-only. */
export function keptMenuItem(item: MenuItem): MenuItem {
  return Object.freeze({
    ...item,
    createdAt: readOnlyDate(item.createdAt),
    updatedAt: readOnlyDate(item.updatedAt),
  });
}
