import type { Db } from 'mongodb';
import { translateDriverErrors } from './driver-errors.ts';

/** Whether the server applies a conditional update as one atomic step, and what it is. */
export interface ServerAtomicity {
  /** False where two concurrent updates matching the same filter can both succeed. */
  readonly atomic: boolean;
  /** For the log: "MongoDB 8.0.4", "FerretDB v1.24.2". */
  readonly server: string;
}

/**
 * FerretDB 1.x answers findAndModify and updateOne by reading, then writing by _id without
 * checking the filter again, so "exactly one of two concurrent transitions wins" does not
 * hold there. It says what it is in buildInfo.ferretdbVersion. FerretDB 2 runs on
 * DocumentDB's engine, which updates in place; MongoDB guarantees single-document
 * atomicity. Rejects with DatabaseUnavailableError while the database is unreachable.
 */
export async function serverAtomicity(db: Db): Promise<ServerAtomicity> {
  const info = await translateDriverErrors(() => db.admin().command({ buildInfo: 1 }));
  const ferret: unknown = info.ferretdbVersion;
  if (typeof ferret === 'string') {
    return { atomic: !/^v?1\./.test(ferret), server: `FerretDB ${ferret}` };
  }
  return { atomic: true, server: `MongoDB ${String(info.version ?? '(version unknown)')}` };
}
