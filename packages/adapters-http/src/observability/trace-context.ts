/**
 * W3C Trace Context (https://www.w3.org/TR/trace-context/) `traceparent`:
 * version-traceid-parentid-flags, lower-case hex. Version ff is invalid; a later version
 * may append fields, version 00 may not.
 */
const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?$/;
const ALL_ZERO = /^0+$/;

/** The trace id of a valid traceparent header, or undefined (absent, malformed, or repeated). */
export function traceIdOf(header: string | string[] | undefined): string | undefined {
  if (typeof header !== 'string') return undefined;
  const match = TRACEPARENT.exec(header.trim());
  if (match === null) return undefined;
  const [, version, traceId, parentId, , rest] = match;
  if (version === 'ff' || (version === '00' && rest !== undefined)) return undefined;
  if (traceId === undefined || ALL_ZERO.test(traceId) || ALL_ZERO.test(parentId ?? '')) return undefined;
  return traceId;
}
