import { createHash } from 'node:crypto';

/**
 * The identity of a request already normalised by its use case (same request, same
 * fingerprint), stored beside what its key made so a repeat can be told from a reuse.
 */
export function fingerprintOf(normalised: unknown): string {
  return createHash('sha256').update(JSON.stringify(normalised), 'utf8').digest('hex');
}
