import type { UserId } from '@food-oms/domain';
import { decodeJwt, decodeProtectedHeader, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { JwtTokenIssuer, MIN_JWT_SECRET_BYTES } from '../src/index.ts';
import { expectProblem } from './support/problems.ts';
import { TEST_AUTH, TestWorld } from './support/test-app.ts';

describe('JwtTokenIssuer', () => {
  const subject = { id: '01900000-0000-7000-8000-000000000001' as UserId, role: 'kitchen' as const };

  test('issues an HS256 token with sub, role, iss, aud, iat and exp = iat + ttl', async () => {
    const issuer = new JwtTokenIssuer({ ...TEST_AUTH, ttlSeconds: 900, now: () => 1_750_000_000_500 });
    const { accessToken, expiresIn } = await issuer.issue(subject);
    expect(expiresIn).toBe(900);
    expect(decodeProtectedHeader(accessToken)).toEqual({ alg: 'HS256', typ: 'JWT' });
    expect(decodeJwt(accessToken)).toEqual({
      sub: subject.id,
      role: 'kitchen',
      iss: TEST_AUTH.issuer,
      aud: TEST_AUTH.audience,
      iat: 1_750_000_000,
      exp: 1_750_000_900,
    });
  });

  test('an independent verifier (jose) accepts it with the same key, issuer and audience', async () => {
    const { accessToken } = await new JwtTokenIssuer({ ...TEST_AUTH, ttlSeconds: 60 }).issue(subject);
    const { payload } = await jwtVerify(accessToken, new TextEncoder().encode(TEST_AUTH.secret), {
      algorithms: ['HS256'],
      issuer: TEST_AUTH.issuer,
      audience: TEST_AUTH.audience,
    });
    expect(payload).toMatchObject({ sub: subject.id, role: 'kitchen' });
  });

  test(`refuses a secret shorter than ${MIN_JWT_SECRET_BYTES} bytes, counted in UTF-8`, () => {
    expect(() => new JwtTokenIssuer({ ...TEST_AUTH, secret: 'x'.repeat(31), ttlSeconds: 60 })).toThrow(
      /32 bytes/,
    );
    expect(() => new JwtTokenIssuer({ ...TEST_AUTH, secret: 'é'.repeat(16), ttlSeconds: 60 })).not.toThrow();
  });

  test('refuses a lifetime that is not a positive whole number of seconds', () => {
    for (const ttlSeconds of [0, -1, 1.5, Number.NaN]) {
      expect(() => new JwtTokenIssuer({ ...TEST_AUTH, ttlSeconds })).toThrow(/lifetime/);
    }
  });

  describe('round trip through the HTTP app', () => {
    let world: TestWorld;
    beforeAll(async () => {
      world = await TestWorld.start();
    });
    afterAll(() => world.close());

    const me = (token: string) =>
      world.inject({ method: 'GET', url: '/users/me', headers: { authorization: `Bearer ${token}` } });

    test('a token it issues is accepted by the verifier', async () => {
      const caller = await world.caller('admin');
      const { accessToken } = await new JwtTokenIssuer({ ...TEST_AUTH, ttlSeconds: 60 }).issue(caller.user);
      expect((await me(accessToken)).json()).toMatchObject({ user: { id: caller.user.id, role: 'admin' } });
    });

    test('a token it issued an hour ago with a 15-minute lifetime is refused as expired', async () => {
      const caller = await world.caller('admin');
      const anHourAgo = () => Date.now() - 3_600_000;
      const { accessToken } = await new JwtTokenIssuer({
        ...TEST_AUTH,
        ttlSeconds: 900,
        now: anHourAgo,
      }).issue(caller.user);
      expectProblem(await me(accessToken), 401, 'UNAUTHENTICATED');
    });

    test.each([
      ['another secret', { secret: 'another-secret-of-at-least-32-bytes-000000' }],
      ['another issuer', { issuer: 'someone-else' }],
      ['another audience', { audience: 'another-api' }],
    ])('a token from an issuer with %s is refused', async (_name, change) => {
      const caller = await world.caller('admin');
      const { accessToken } = await new JwtTokenIssuer({ ...TEST_AUTH, ...change, ttlSeconds: 60 }).issue(
        caller.user,
      );
      expectProblem(await me(accessToken), 401, 'UNAUTHENTICATED');
    });
  });
});
