/**
 * A fixed-size digest of a request's canonical text, stored beside what an idempotency key
 * made: equal texts give equal fingerprints, different texts (practically) never do.
 */
export interface Fingerprint {
  of(canonical: string): string;
}
