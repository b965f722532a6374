import type { Fingerprint } from '../ports/fingerprint.ts';

/**
 * The identity of a request already normalised by its use case (same request, same
 * fingerprint), stored beside what its key made so a repeat can be told from a reuse.
 */
export function fingerprintOf(fingerprint: Fingerprint, normalised: unknown): string {
  return fingerprint.of(JSON.stringify(normalised));
}
