import { ROLES, USER_LIMITS } from '@food-oms/domain';
import { z } from 'zod';
import { lookupText, passwordText, trimmedText } from './text-schemas.ts';

/** The shape only: the domain decides what a valid address is, once. */
const email = trimmedText({ min: 1, max: USER_LIMITS.maxEmailLength })
  .meta({ format: 'email' })
  .describe('Trimmed and compared case-insensitively.');
const newPassword = passwordText({ min: USER_LIMITS.minPasswordLength, max: USER_LIMITS.maxPasswordLength });
const name = trimmedText({ min: USER_LIMITS.minNameLength, max: USER_LIMITS.maxNameLength });

export const signUpBodySchema = z
  .strictObject({ email, password: newPassword, name })
  .meta({ examples: [{ email: 'ann@example.com', password: 'ann-password', name: 'Ann' }] });

export const createUserBodySchema = z
  .strictObject({
    email,
    password: newPassword,
    name,
    role: z.enum(ROLES),
  })
  .meta({ examples: [{ email: 'kim@example.com', password: 'kim-password', name: 'Kim', role: 'kitchen' }] });

/** Any password up to the policy's maximum: a log-in does not teach the policy. */
export const logInBodySchema = z
  .strictObject({
    email: lookupText({ min: 1, max: USER_LIMITS.maxEmailLength })
      .meta({ format: 'email' })
      .describe('Trimmed and compared case-insensitively.'),
    password: passwordText({ min: 1, max: USER_LIMITS.maxPasswordLength }),
  })
  .meta({ examples: [{ email: 'ann@example.com', password: 'ann-password' }] });

/** A field allowlist: whatever else a user record holds (its hash above all) never leaves. */
const userSchema = z.object({
  id: z.string().meta({ format: 'uuid' }),
  email: z.string().meta({ format: 'email' }),
  name: z.string(),
  role: z.enum(ROLES),
  createdAt: z.date(),
});

export const userResponseSchema = z.object({ user: userSchema });

export const accessTokenResponseSchema = z.object({
  accessToken: z.string(),
  tokenType: z.literal('Bearer'),
  // Bounds documented only (meta): the serializer must not start judging what the issuer made.
  expiresIn: z
    .number()
    .int()
    .meta({ minimum: 1, maximum: 86_400 })
    .describe('Seconds until the token expires.'),
});
