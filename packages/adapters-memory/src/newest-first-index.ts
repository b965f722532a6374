import { createRequire } from 'node:module';

// sorted-btree is CommonJS with its class on `exports.default`: an ESM default import gets the
// whole `exports` on Node but the class under vitest's interop, so require it, alike everywhere.
const { default: BTree, simpleComparator } = createRequire(import.meta.url)(
  'sorted-btree',
) as typeof import('sorted-btree');

/**
 * Ids in id order, in a B+ tree: adding or removing one is O(log n) wherever it sorts (an
 * out-of-order UUIDv7 lands in its place, not at the end), and a walk newest first starts
 * in O(log n) below any id, then costs O(1) a step. The values are all `undefined`, which
 * the tree stores as one shared array, so an index holds little more than its ids.
 */
export class NewestFirstIndex<Id extends string> {
  readonly #ids = new BTree<Id, undefined>(undefined, simpleComparator);

  get size(): number {
    return this.#ids.size;
  }

  add(id: Id): void {
    this.#ids.set(id, undefined);
  }

  delete(id: Id): void {
    this.#ids.delete(id);
  }

  /** Newest first, from the newest id or from just below `before` (which need not be here). */
  *newestBefore(before: Id | undefined): Generator<Id, void, undefined> {
    const pair: (Id | undefined)[] = [];
    for (const [id] of this.#ids.entriesReversed(before, pair, true)) yield id;
  }
}

/**
 * Ids that are only ever added (all orders, a customer's), in id order, in one array. Orders'
 * ids are UUIDv7, which sort in the order they are made, so adding one is a push in O(1); an
 * id that sorts before the newest (made by another process whose clock is behind) is put in
 * its place, in O(n). A walk newest first starts below any id in O(log n), then costs O(1) a
 * step. Per-status ids stay in a NewestFirstIndex, whose removal is O(log n): a transition
 * takes its id out of one.
 */
export class AddedInOrderIndex<Id extends string> {
  readonly #ids: Id[] = [];

  get size(): number {
    return this.#ids.length;
  }

  add(id: Id): void {
    const ids = this.#ids;
    const newest = ids.at(-1);
    if (newest === undefined || newest < id) {
      ids.push(id);
      return;
    }
    const at = firstNotBelow(ids, id);
    if (ids[at] !== id) ids.splice(at, 0, id);
  }

  /** Newest first, from the newest id or from just below `before` (which need not be here). */
  *newestBefore(before: Id | undefined): Generator<Id, void, undefined> {
    const ids = this.#ids;
    const end = before === undefined ? ids.length : firstNotBelow(ids, before);
    for (let i = end - 1; i >= 0; i--) yield ids[i] as Id;
  }
}

/** The index of the first of the sorted `ids` that is not below `id` (ids.length if none). */
function firstNotBelow<Id extends string>(ids: readonly Id[], id: Id): number {
  let low = 0;
  let high = ids.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((ids[middle] as Id) < id) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * One newest-first walk out of several over disjoint indexes (an order is in one status
 * index at a time), taking the newest head each step: a page costs O(limit × k), and k is
 * at most the number of statuses, too few for a heap to pay.
 */
export function* mergeNewestFirst<Id extends string>(
  walks: readonly Iterator<Id, void, undefined>[],
): Generator<Id, void, undefined> {
  const heads: Head<Id>[] = [];
  for (const walk of walks) {
    const first = walk.next();
    if (first.done !== true) heads.push({ walk, id: first.value });
  }
  for (;;) {
    let newest: Head<Id> | undefined;
    for (const head of heads) if (newest === undefined || head.id > newest.id) newest = head;
    if (newest === undefined) return;
    yield newest.id;
    const next = newest.walk.next();
    if (next.done === true) heads.splice(heads.indexOf(newest), 1);
    else newest.id = next.value;
  }
}

interface Head<Id extends string> {
  readonly walk: Iterator<Id, void, undefined>;
  /** The walk's next id, not yet yielded. */
  id: Id;
}
