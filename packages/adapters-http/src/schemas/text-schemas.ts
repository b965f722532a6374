import { passwordFault, type TextBounds, textFault } from '@food-oms/domain';
import { z } from 'zod';

/**
 * Text the domain trims before it judges it (names, notes, reasons): the domain's own rule
 * (length in UTF-16 units, no control characters, well-formed, something visible) applied
 * to the trimmed value, so both layers agree on every input. The JSON Schema bounds
 * document it.
 */
export function trimmedText(bounds: TextBounds) {
  return z
    .string()
    .superRefine((value, context) => {
      const fault = textFault(value.trim(), bounds);
      if (fault !== null) context.addIssue({ code: 'custom', message: fault });
    })
    .meta({ minLength: bounds.min, maxLength: bounds.max });
}

/**
 * An email to look up, not to store: the same rule, except that a lone surrogate passes
 * through to the log-in, which finds no account for an address that cannot exist and
 * answers like for any unknown one (401, not a 400 that tells the address apart).
 */
export function lookupText(bounds: TextBounds) {
  return z
    .string()
    .superRefine((value, context) => {
      const fault = textFault(value.trim().toWellFormed(), bounds);
      if (fault !== null) context.addIssue({ code: 'custom', message: fault });
    })
    .meta({ minLength: bounds.min, maxLength: bounds.max });
}

/**
 * Passwords counted as the domain's policy counts them (code points of the NFC form, NIST
 * SP 800-63B); the use cases hash and compare that same canonical form.
 */
export function passwordText(bounds: TextBounds) {
  return z
    .string()
    .superRefine((value, context) => {
      const fault = passwordFault(value, bounds);
      if (fault !== null) context.addIssue({ code: 'custom', message: fault });
    })
    .meta({ minLength: bounds.min, maxLength: bounds.max });
}
