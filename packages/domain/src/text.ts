/**
 * C0 controls but tab, LF and CR, DEL, and the C1 controls (U+0080–U+009F). A name, a note or
 * a reason is text a person reads (on a kitchen screen, a receipt, a log); a control character
 * is no part of what anyone writes, only an instruction to whatever displays it (U+009B, the
 * 8-bit terminal escape, moves the cursor and rewrites what was shown). Tab and line breaks
 * are how people lay out a note.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;

/**
 * A lone surrogate is half a character, not text: it has no UTF-8 form, so no answer can
 * carry it as itself, and what was accepted would be read back as something else (U+FFFD).
 */
const LONE_SURROGATE = /\p{Cs}/u;

/**
 * What a reader can see: letters, digits, punctuation, symbols (emoji included). Text made
 * only of spaces, format characters (U+200B, U+202E, U+2060) or combining marks says
 * nothing while looking as if it said something.
 */
const VISIBLE = /[\p{L}\p{N}\p{P}\p{S}]/u;

export interface TextBounds {
  readonly min: number;
  readonly max: number;
}

/**
 * What is wrong with a piece of free text (a name, a note, a reason), already trimmed, or
 * null. Lengths are UTF-16 units, as the HTTP schemas document them. Text that is not
 * empty must be well-formed Unicode and show at least one visible character.
 */
export function textFault(text: string, { min, max }: TextBounds): string | null {
  if (text.length < min || text.length > max) {
    return min > 0 ? `must be ${min} to ${max} characters` : `must be at most ${max} characters`;
  }
  if (CONTROL_CHARACTERS.test(text))
    return 'must not contain control characters (tab and line breaks are fine)';
  if (LONE_SURROGATE.test(text)) return 'must be well-formed Unicode (no lone surrogates)';
  if (text !== '' && !VISIBLE.test(text)) return 'must contain a visible character';
  return null;
}
