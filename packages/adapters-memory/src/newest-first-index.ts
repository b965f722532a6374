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
