import { type Actor, ROLES, type UserId } from '@food-oms/domain';
import { z } from 'zod';

/**
 * The claims an access token must carry, with their types. fast-jwt checks signature,
 * algorithm, iss, aud and the time claims; this checks what it cannot know: that `sub` is
 * a user id as this service issues them (a lower-case UUID) and `role` one of ours, so a
 * token minted with the right key but the wrong shape still never becomes an actor (and
 * never stamps an order with a customer id no user can have).
 */
const accessTokenClaimsSchema = z.object({
  sub: z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/),
  role: z.enum(ROLES),
  iss: z.string(),
  aud: z.union([z.string(), z.array(z.string())]),
  exp: z.number().int(),
  iat: z.number().int(),
});

interface Judged {
  readonly actor: Actor;
  readonly iat: number;
}

/**
 * What the schema made of each claims object, by the object: for a token verified before,
 * the kept verified tokens (authentication.ts) hand out the very payload verified then, so a
 * client's token is parsed once rather than on every request. Nothing mutates a payload.
 */
const judged = new WeakMap<object, Judged | null>();

function judge(claims: unknown): Judged | null {
  if (typeof claims !== 'object' || claims === null) return null;
  let verdict = judged.get(claims);
  if (verdict === undefined) {
    const parsed = accessTokenClaimsSchema.safeParse(claims);
    verdict = parsed.success
      ? { actor: { id: parsed.data.sub as UserId, role: parsed.data.role }, iat: parsed.data.iat }
      : null;
    judged.set(claims, verdict);
  }
  return verdict;
}

/**
 * The actor a verified token speaks for, or null when its claims are not ours or it says
 * it was issued after `latestIatSeconds` (a token from the future would outlive the maximum
 * age, which counts from iat).
 */
export function actorFromClaims(claims: unknown, latestIatSeconds: number): Actor | null {
  const verdict = judge(claims);
  return verdict === null || verdict.iat > latestIatSeconds ? null : verdict.actor;
}
