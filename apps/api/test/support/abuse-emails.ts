import fc from 'fast-check';
import { expect } from 'vitest';
import { lookalikes } from './abuse-arbitraries.ts';
import { expectSoundReply, problemShape, type Reply } from './abuse-oracle.ts';
import type { AbuseRequest, AbuseWorld } from './abuse-world.ts';

/**
 * docs/api.md: "Emails are trimmed and compared case-insensitively" — and nothing more. So the
 * service treats two addresses as one exactly when `trim()` (Unicode White_Space and the
 * BOM) and `toLowerCase()` (full Unicode case mapping: the Kelvin sign K is k, but the
 * dotted İ is "i̇", not i) make them equal. Cyrillic or Greek look-alikes, full-width @
 * and combining marks make ANOTHER address: it can be registered as a separate customer
 * (when its shape is an address), never as the victim. Zero-width characters and bidi
 * controls (format characters, category Cf) are refused, being invisible.
 * An address with a lone surrogate is refused: MongoDB stores text as UTF-8, which turns
 * every lone surrogate into U+FFFD and would merge addresses that are not the same.
 */
export function sameAddress(email: string): string {
  return email.trim().toLowerCase();
}

/** Spellings the contract folds into the victim's address, run first so that branch is always taken. */
const SAME_ADDRESS = [
  'VICTIM.KAY@EXAMPLE.COM',
  ' \u00a0victim.Kay@example.com\u3000',
  'victim.\u212aay@example.com',
];

const LOOKALIKE_PASSWORD = 'look-alike-password';

function signUpRequest(email: string): AbuseRequest {
  return {
    method: 'POST',
    url: '/auth/signup',
    headers: { 'content-type': 'application/json' },
    payload: JSON.stringify({ email, password: LOOKALIKE_PASSWORD, name: 'Twin' }),
  };
}

function logIn(world: AbuseWorld, email: string, password: string): Promise<Reply> {
  return world.send({
    method: 'POST',
    url: '/auth/login',
    headers: { 'content-type': 'application/json' },
    payload: JSON.stringify({ email, password }),
  });
}

function emailFault(reply: Reply): { code: string; pointers: string[] } {
  const { code, errors } = JSON.parse(reply.body);
  return { code, pointers: (errors ?? []).map((error: { pointer: string }) => error.pointer) };
}

function subjectOf(reply: Reply): string {
  expect(reply.statusCode, reply.body).toBe(200);
  const token: string = JSON.parse(reply.body).accessToken;
  return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')).sub;
}

export interface LookalikeOptions {
  readonly numRuns: number;
  readonly secrets: readonly string[];
  /** Asserts the victim's data is as it was; run after every look-alike. */
  readonly untouched: () => Promise<void>;
}

/**
 * For every look-alike of the victim's address: signing up with it collides (409) exactly
 * when its canonical form is an existing account's, and otherwise makes a separate customer
 * or is refused for its shape; logging in with it and the victim's password opens the
 * victim's account exactly when it is the victim's address, and otherwise gets word for
 * word the answer an unknown address gets.
 */
export async function checkLookalikes(world: AbuseWorld, options: LookalikeOptions): Promise<void> {
  const { victim } = world;
  const taken = new Set([world.admin, world.kitchen, victim, world.attacker].map((account) => account.email));
  const unknownAddress = problemShape(await logIn(world, 'nobody-at-all@abuse.example', victim.password));
  let victimsAddress = 0;
  await fc.assert(
    fc.asyncProperty(lookalikes(victim.email), async ({ email }) => {
      const canonical = sameAddress(email);
      const request = signUpRequest(email);
      const signup = await world.send(request);
      const body = expectSoundReply(signup, {
        requestId: undefined,
        kinds: ['user'],
        method: 'POST',
        secrets: options.secrets,
      });
      if (taken.has(canonical)) {
        expect(JSON.parse(signup.body).code).toBe('EMAIL_TAKEN');
      } else if (signup.statusCode === 201) {
        expect(/\p{Cs}/u.test(canonical), 'an address with a lone surrogate').toBe(false);
        expect(body.user).toMatchObject({ email: canonical, role: 'customer' });
        expect(body.user.id).not.toBe(victim.id);
        taken.add(canonical);
      } else {
        expect(emailFault(signup)).toEqual({ code: 'VALIDATION_FAILED', pointers: ['/email'] });
      }

      const asVictim = await logIn(world, email, victim.password);
      if (canonical === victim.email) {
        victimsAddress += 1;
        expect(subjectOf(asVictim)).toBe(victim.id);
      } else {
        // Neither the victim nor the look-alike's own account is revealed by the answer.
        expect(problemShape(asVictim)).toEqual(unknownAddress);
      }
      await options.untouched();
    }),
    { numRuns: options.numRuns, examples: SAME_ADDRESS.map((email) => [{ steps: ['same address'], email }]) },
  );
  expect(victimsAddress).toBeGreaterThanOrEqual(SAME_ADDRESS.length);
  expect(taken.size, 'look-alikes registered as accounts of their own').toBeGreaterThan(4);
}

/**
 * U+FFFD is a character an address may hold; a lone surrogate is not one. Stored as UTF-8
 * both are U+FFFD, so a store must never be asked about the second: the sign-up is refused,
 * and a log-in with it is an unknown address even though its UTF-8 bytes name an account.
 */
export async function checkLoneSurrogates(world: AbuseWorld): Promise<void> {
  const replacement = 'twin\ufffd@abuse.example';
  const signup = await world.send(signUpRequest(replacement));
  expect(signup.statusCode, signup.body).toBe(201);
  const twinId = JSON.parse(signup.body).user.id;
  expect(subjectOf(await logIn(world, replacement, LOOKALIKE_PASSWORD))).toBe(twinId);

  const unknownAddress = problemShape(await logIn(world, 'nobody-at-all@abuse.example', LOOKALIKE_PASSWORD));
  for (const lone of ['twin\ud800@abuse.example', 'twin\udfff@abuse.example']) {
    expect(emailFault(await world.send(signUpRequest(lone)))).toEqual({
      code: 'VALIDATION_FAILED',
      pointers: ['/email'],
    });
    expect(problemShape(await logIn(world, lone, LOOKALIKE_PASSWORD))).toEqual(unknownAddress);
  }
}
