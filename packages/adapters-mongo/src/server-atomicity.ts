import type { StoreAtomicity } from '@food-oms/application';
import type { Db } from 'mongodb';
import { translateDriverErrors } from './driver-errors.ts';

/**
 * FerretDB 1.x answers findAndModify and updateOne by reading, then writing by _id without
 * checking the filter again, so "exactly one of two concurrent transitions wins" does not
 * hold there. It says what it is in buildInfo.ferretdbVersion. FerretDB 2 runs on
 * DocumentDB's engine, which updates in place; MongoDB guarantees single-document
 * atomicity. Rejects with DatabaseUnavailableError while the database is unreachable.
 */
export async function serverAtomicity(db: Db): Promise<StoreAtomicity> {
  const info = await translateDriverErrors(() => db.admin().command({ buildInfo: 1 }));
  const ferret: unknown = info.ferretdbVersion;
  if (typeof ferret === 'string') {
    return { atomic: !/^v?1\./.test(ferret), server: `FerretDB ${ferret}` };
  }
  return { atomic: true, server: `MongoDB ${String(info.version ?? '(version unknown)')}` };
}
