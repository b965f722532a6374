import { USER_LIMITS } from './limits.ts';

/**
 * The canonical form that uniqueness and log-in compare: trimmed and lower-cased, so
 * " Ann@Example.COM" and "ann@example.com" are one account.
 */
export function canonicalEmail(raw: string): string {
  return raw.trim().toLowerCase();
}

// Deliberately plain: one "@", no spaces, control characters, format characters or lone
// surrogates, a dot in the domain. Full RFC 5322 parsing accepts addresses no mail system
// delivers to. A lone surrogate is no character and has no UTF-8 form: written anywhere it
// becomes U+FFFD, so distinct addresses would become one account. Format characters
// (category Cf: U+200B zero width space, U+202E right-to-left override, U+2060 word joiner,
// …) are invisible, so they would make look-alike accounts that no one can tell from the
// real one.
const EMAIL_SHAPE = /^[^\s@\p{Cc}\p{Cf}\p{Cs}]+@[^\s@\p{Cc}\p{Cf}\p{Cs}]+\.[^\s@\p{Cc}\p{Cf}\p{Cs}]+$/u;

export function isValidEmail(canonical: string): boolean {
  return canonical.length <= USER_LIMITS.maxEmailLength && EMAIL_SHAPE.test(canonical);
}
