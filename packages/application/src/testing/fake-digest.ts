/**
 * A deterministic 256-bit digest in 64 hex characters, in plain JavaScript: eight FNV-1a
 * passes with different seeds. Fast and collision-free enough for tests, worthless as
 * cryptography; the doubles use it where the real adapters use SHA-256 or HMAC.
 */
export function fakeDigest(text: string): string {
  let hex = '';
  for (let pass = 0; pass < 8; pass += 1) {
    let hash = (0x811c9dc5 ^ Math.imul(pass + 1, 0x9e3779b9)) >>> 0;
    for (let i = 0; i < text.length; i += 1) {
      hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
    }
    hex += hash.toString(16).padStart(8, '0');
  }
  return hex;
}
