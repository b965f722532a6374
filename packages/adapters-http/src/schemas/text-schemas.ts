import { z } from 'zod';

interface Bounds {
  readonly min: number;
  readonly max: number;
}

/**
 * C0 controls but tab, LF and CR, and DEL. No name, note or reason needs them, and NUL in
 * particular is refused by some MongoDB-compatible stores (FerretDB on PostgreSQL), which
 * would turn a client's typo into a 500.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

/**
 * Text the domain trims before it counts (names, notes, reasons): the bounds apply to the
 * trimmed length in UTF-16 units, exactly as the domain measures, so both layers agree on
 * every input. The JSON Schema bounds document them.
 */
export function trimmedText({ min, max }: Bounds) {
  return z
    .string()
    .refine((value) => !CONTROL_CHARACTERS.test(value), {
      error: 'must not contain control characters (tab and line breaks are fine)',
    })
    .refine(
      (value) => {
        const length = value.trim().length;
        return length >= min && length <= max;
      },
      { error: min > 0 ? `must be ${min} to ${max} characters` : `must be at most ${max} characters` },
    )
    .meta({ minLength: min, maxLength: max });
}

/** Passwords are counted in code points, as the domain's policy does (NIST SP 800-63B). */
export function passwordText({ min, max }: Bounds) {
  return z
    .string()
    .refine(
      (value) => {
        const length = [...value].length;
        return length >= min && length <= max;
      },
      { error: `must be ${min} to ${max} characters` },
    )
    .meta({ minLength: min, maxLength: max });
}
