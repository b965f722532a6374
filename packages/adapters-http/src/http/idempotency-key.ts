import { idempotencyKeyFault } from '@food-oms/domain';

const PRINTABLE_ASCII = /^[\x20-\x7E]+$/;

/**
 * The body of an RFC 9651 sf-string: `"` *( %x20-21 / %x23-5B / %x5D-7E / "\" ( DQUOTE / "\" ) ) `"`.
 * Null when the quoting is broken (a stray quote, an escape of anything else, no closing quote).
 */
function unquote(quoted: string): string | null {
  let key = '';
  for (let i = 1; i < quoted.length; i += 1) {
    const char = quoted.charAt(i);
    if (char === '"') return i === quoted.length - 1 ? key : null;
    if (char === '\\') {
      const escaped = quoted.charAt(i + 1);
      if (escaped !== '"' && escaped !== '\\') return null;
      key += escaped;
      i += 1;
    } else {
      key += char;
    }
  }
  return null;
}

/**
 * The key an Idempotency-Key header carries: 1–255 printable ASCII characters, sent bare
 * (`abc`, as most clients do) or as the structured-field string the IETF draft defines
 * (`"abc"`, unquoted here). A value that starts with a quote is read as a structured
 * string and must be a valid one. Null when the value is malformed; an empty value carries
 * no key and is reported as missing by the caller.
 */
export function parseIdempotencyKey(header: string): string | null {
  const key = header.startsWith('"') ? unquote(header) : header;
  // The length is the domain's rule for any key; the characters and quoting are HTTP's.
  if (key === null || idempotencyKeyFault(key) !== null) return null;
  return PRINTABLE_ASCII.test(key) ? key : null;
}
