import type { Collection, CreateIndexesOptions, Document, IndexSpecification } from 'mongodb';
import { translateDriverErrors } from './driver-errors.ts';

export interface IndexSpec {
  /** Named explicitly, so every instance asks for the very same index and creating it again is a no-op. */
  readonly name: string;
  readonly key: IndexSpecification;
  readonly unique?: boolean;
  /** Leave out documents that lack every field of the key (MongoDB would index them as null). */
  readonly sparse?: boolean;
}

/**
 * Returns `ensure()`, which creates the collection's indexes. Safe to call again and from
 * several instances at once: the server treats a createIndexes for an index that exists
 * with the same name and keys as done. A success is remembered; a failure (the database
 * is down at start-up) is forgotten, so the next call tries again.
 */
export function collectionIndexes<T extends Document>(
  collection: Collection<T>,
  specs: readonly IndexSpec[],
): () => Promise<void> {
  let done: Promise<void> | undefined;
  const create = () =>
    translateDriverErrors(async () => {
      // One createIndexes per index: FerretDB 1.24 panics and drops the connection when a
      // single command names two or more indexes that already exist.
      for (const spec of specs) {
        const options: CreateIndexesOptions = {
          name: spec.name,
          ...(spec.unique === true && { unique: true }),
          ...(spec.sparse === true && { sparse: true }),
        };
        await collection.createIndex(spec.key, options);
      }
    });
  return () => {
    done ??= create().catch((error: unknown) => {
      done = undefined;
      throw error;
    });
    return done;
  };
}
