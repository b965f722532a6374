/** An order's strong entity-tag (RFC 9110 §8.8.3): its version, which every change bumps. */
export function entityTag(version: number): string {
  return `"v${version}"`;
}

const VERSION_TAG = /^"v([1-9][0-9]{0,14})"$/;

/** What an If-Match header asks for: a given version, or (`*`) any current order. */
type IfMatch = { readonly version: number } | 'any';

/**
 * Reads If-Match; null when it is not exactly one of our tags or `*`. A weak tag can never
 * match under If-Match's strong comparison, and a list would ask for "any of these
 * versions", which no client of a step-by-step workflow means: both are refused as
 * malformed rather than silently turned into a precondition that always fails.
 */
export function parseIfMatch(header: string): IfMatch | null {
  const value = header.trim();
  if (value === '*') return 'any';
  const digits = VERSION_TAG.exec(value)?.[1];
  return digits === undefined ? null : { version: Number(digits) };
}

const LISTED_TAG = /(?:W\/)?"([^"]*)"/g;

/**
 * If-None-Match's weak comparison (RFC 9110 §13.1.2): true when the header is `*` or lists
 * this version's tag, weak or strong. A malformed header matches nothing, so the client
 * simply gets the full response.
 */
export function ifNoneMatchHits(header: string, version: number): boolean {
  if (header.trim() === '*') return true;
  const wanted = `v${version}`;
  for (const [, opaque] of header.matchAll(LISTED_TAG)) if (opaque === wanted) return true;
  return false;
}
