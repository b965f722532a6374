import { passwordFault, type TextBounds, textFault } from '@food-oms/domain';
import { z } from 'zod';

/**
 * Text the domain trims before it judges it (names, notes, reasons): the domain's own rule
 * (length in UTF-16 units, no control characters) applied to the trimmed value, so both
 * layers agree on every input. The JSON Schema bounds document it.
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

/** Passwords counted as the domain's policy counts them (code points, NIST SP 800-63B). */
export function passwordText(bounds: TextBounds) {
  return z
    .string()
    .superRefine((value, context) => {
      const fault = passwordFault(value, bounds);
      if (fault !== null) context.addIssue({ code: 'custom', message: fault });
    })
    .meta({ minLength: bounds.min, maxLength: bounds.max });
}
