/**
 * C0 controls but tab, LF and CR, and DEL. No name, note or reason needs them, and NUL in
 * particular is refused by some MongoDB-compatible stores (FerretDB on PostgreSQL).
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

export interface TextBounds {
  readonly min: number;
  readonly max: number;
}

/**
 * What is wrong with a piece of free text (a name, a note, a reason), already trimmed, or
 * null. Lengths are UTF-16 units, as the HTTP schemas document them.
 */
export function textFault(text: string, { min, max }: TextBounds): string | null {
  if (text.length < min || text.length > max) {
    return min > 0 ? `must be ${min} to ${max} characters` : `must be at most ${max} characters`;
  }
  if (CONTROL_CHARACTERS.test(text))
    return 'must not contain control characters (tab and line breaks are fine)';
  return null;
}
