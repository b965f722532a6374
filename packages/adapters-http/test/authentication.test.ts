import { base64url, type JWTPayload, SignJWT, UnsecuredJWT } from 'jose';
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import { expectProblem } from './support/problems.ts';
import { type Caller, TEST_AUTH, TestWorld } from './support/test-app.ts';

const KEY = new TextEncoder().encode(TEST_AUTH.secret);
const NOW = () => Math.floor(Date.now() / 1000);

/** A token forged with jose, independent of the issuer under test. */
function forge(
  claims: Record<string, unknown>,
  options: { alg?: string; key?: Uint8Array } = {},
): Promise<string> {
  return new SignJWT(claims as JWTPayload)
    .setProtectedHeader({ alg: options.alg ?? 'HS256', typ: 'JWT' })
    .sign(options.key ?? KEY);
}

describe('access tokens', () => {
  let world: TestWorld;
  let customer: Caller;
  let valid: Record<string, unknown>;

  beforeAll(async () => {
    world = await TestWorld.start();
    customer = await world.caller('customer');
    valid = {
      sub: customer.user.id,
      role: 'customer',
      iss: TEST_AUTH.issuer,
      aud: TEST_AUTH.audience,
      iat: NOW(),
      exp: NOW() + 600,
    };
  });
  afterAll(() => world.close());

  const me = (authorization?: string) =>
    world.inject({
      method: 'GET',
      url: '/users/me',
      headers: authorization === undefined ? {} : { authorization },
    });

  test('a token forged independently with the right key, claims and algorithm is accepted', async () => {
    const response = await me(`Bearer ${await forge(valid)}`);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ user: { id: customer.user.id, role: 'customer' } });
  });

  test('the Bearer scheme name is case-insensitive and an audience list that names us is accepted', async () => {
    const token = await forge({ ...valid, aud: ['another-api', TEST_AUTH.audience] });
    expect((await me(`bearer ${token}`)).statusCode).toBe(200);
  });

  test('no Authorization header: 401 with a bare Bearer challenge', async () => {
    const response = await me();
    expectProblem(response, 401, 'UNAUTHENTICATED');
    expect(response.headers['www-authenticate']).toBe('Bearer');
  });

  const attacks: [string, () => Promise<string>][] = [
    ['alg none (unsigned)', async () => `Bearer ${new UnsecuredJWT(valid as JWTPayload).encode()}`],
    [
      'alg none with a signature appended',
      async () => `Bearer ${new UnsecuredJWT(valid as JWTPayload).encode()}AAAA`,
    ],
    ['HS512 with the right key', async () => `Bearer ${await forge(valid, { alg: 'HS512' })}`],
    ['HS384 with the right key', async () => `Bearer ${await forge(valid, { alg: 'HS384' })}`],
    [
      'signed with another key',
      async () => `Bearer ${await forge(valid, { key: new TextEncoder().encode('x'.repeat(48)) })}`,
    ],
    ['expired', async () => `Bearer ${await forge({ ...valid, iat: NOW() - 1200, exp: NOW() - 600 })}`],
    [
      'not valid yet (nbf in the future)',
      async () => `Bearer ${await forge({ ...valid, nbf: NOW() + 600 })}`,
    ],
    ['wrong issuer', async () => `Bearer ${await forge({ ...valid, iss: 'someone-else' })}`],
    ['wrong audience', async () => `Bearer ${await forge({ ...valid, aud: 'another-api' })}`],
    ['no exp', async () => `Bearer ${await forge({ ...valid, exp: undefined })}`],
    ['no sub', async () => `Bearer ${await forge({ ...valid, sub: undefined })}`],
    ['no role', async () => `Bearer ${await forge({ ...valid, role: undefined })}`],
    ['no iss', async () => `Bearer ${await forge({ ...valid, iss: undefined })}`],
    ['no aud', async () => `Bearer ${await forge({ ...valid, aud: undefined })}`],
    ['a role that is not a role', async () => `Bearer ${await forge({ ...valid, role: 'superuser' })}`],
    ['a role of the wrong type', async () => `Bearer ${await forge({ ...valid, role: ['admin'] })}`],
    ['sub of the wrong type', async () => `Bearer ${await forge({ ...valid, sub: 12345 })}`],
    ['an empty sub', async () => `Bearer ${await forge({ ...valid, sub: '' })}`],
    ['a sub that is no user id', async () => `Bearer ${await forge({ ...valid, sub: '../../x' })}`],
    ['a sub that is an operator', async () => `Bearer ${await forge({ ...valid, sub: '{"$ne":null}' })}`],
    [
      'a sub in upper case, as no token is issued',
      async () => `Bearer ${await forge({ ...valid, sub: String(valid.sub).toUpperCase() })}`,
    ],
    ['exp of the wrong type', async () => `Bearer ${await forge({ ...valid, exp: 'tomorrow' })}`],
    [
      'tampered payload (role raised to admin, signature kept)',
      async () => {
        const [header, , signature] = (await forge(valid)).split('.');
        const payload = base64url.encode(JSON.stringify({ ...valid, role: 'admin' }));
        return `Bearer ${header}.${payload}.${signature}`;
      },
    ],
    ['garbage', async () => 'Bearer not-a-token'],
    ['three garbage segments', async () => 'Bearer aaa.bbb.ccc'],
    [
      'a JSON payload that is not an object',
      async () => `Bearer ${base64url.encode('{"alg":"HS256"}')}.${base64url.encode('42')}.x`,
    ],
    ['an empty Bearer credential', async () => 'Bearer '],
    ['Basic scheme', async () => `Basic ${Buffer.from('ann:secret').toString('base64')}`],
    ['a token with no scheme', async () => await forge(valid)],
    ['Token scheme', async () => `Token ${await forge(valid)}`],
    ['two tokens', async () => `Bearer ${await forge(valid)} ${await forge(valid)}`],
  ];

  test.each(attacks)(
    '%s: 401 UNAUTHENTICATED with error="invalid_token", never 500',
    async (_name, authorization) => {
      const response = await me(await authorization());
      const problem = expectProblem(response, 401, 'UNAUTHENTICATED');
      expect(response.headers['www-authenticate']).toBe('Bearer error="invalid_token"');
      expect(JSON.stringify(problem)).not.toMatch(/FAST_JWT|stack/i);
    },
  );

  test('authentication runs before the body is read: a bad token with a broken body is still 401', async () => {
    const response = await world.inject({
      method: 'POST',
      url: '/orders',
      headers: { authorization: 'Bearer nope', 'content-type': 'application/json' },
      payload: '{"items": [',
    });
    expectProblem(response, 401, 'UNAUTHENTICATED');
  });

  test('a token for a user that no longer exists reaches the use case, which answers 404', async () => {
    const response = await me(
      `Bearer ${await forge({ ...valid, sub: '01900000-0000-7000-8000-000000000000' })}`,
    );
    expectProblem(response, 404, 'NOT_FOUND');
  });

  test('a public route never looks at the Authorization header', async () => {
    const response = await world.inject({
      method: 'GET',
      url: '/health/live',
      headers: { authorization: 'Bearer not-a-token' },
    });
    expect(response.statusCode).toBe(200);
  });

  test('a kept token is matched whole: another payload under its signature is refused, and it is kept', async () => {
    const token = await forge(valid);
    expect((await me(`Bearer ${token}`)).statusCode).toBe(200);
    const [header, , signature] = token.split('.');
    const admin = base64url.encode(JSON.stringify({ ...valid, role: 'admin' }));
    const sameTail = `${header}.${admin}.${signature}`;

    expectProblem(await me(`Bearer ${sameTail}`), 401, 'UNAUTHENTICATED');
    expect((await me(`Bearer ${token}`)).statusCode).toBe(200);
    // A kept token with more after it is not that token.
    expectProblem(await me(`Bearer ${token}!`), 401, 'UNAUTHENTICATED');
    expectProblem(await me(`Bearer x${token}`), 401, 'UNAUTHENTICATED');
    expect((await me(`bearer   ${token}`)).statusCode).toBe(200);
  });

  describe('a token seen before is judged by the clock of each request', () => {
    afterEach(() => {
      vi.useRealTimers();
    });

    test('refused once it has expired, as if it were new', async () => {
      vi.useFakeTimers({ toFake: ['Date'], now: Date.now() });
      const token = `Bearer ${await forge({ ...valid, iat: NOW(), exp: NOW() + 60 })}`;
      expect((await me(token)).statusCode).toBe(200);
      vi.setSystemTime(Date.now() + 61_000);
      expectProblem(await me(token), 401, 'UNAUTHENTICATED');
    });

    test('refused once it is older than the maximum age, whatever its exp says', async () => {
      vi.useFakeTimers({ toFake: ['Date'], now: Date.now() });
      const token = `Bearer ${await forge({ ...valid, iat: NOW(), exp: NOW() + 86_400 })}`;
      expect((await me(token)).statusCode).toBe(200);
      vi.setSystemTime(Date.now() + (TEST_AUTH.maxAgeSeconds + 1) * 1000);
      expectProblem(await me(token), 401, 'UNAUTHENTICATED');
    });

    test('accepted up to the millisecond of its exp and refused from the next one', async () => {
      const exp = NOW() + 120;
      vi.useFakeTimers({ toFake: ['Date'], now: Date.now() });
      const token = `Bearer ${await forge({ ...valid, iat: NOW(), exp })}`;
      expect((await me(token)).statusCode).toBe(200);
      vi.setSystemTime(exp * 1000);
      expect((await me(token)).statusCode).toBe(200);
      vi.setSystemTime(exp * 1000 + 1);
      expectProblem(await me(token), 401, 'UNAUTHENTICATED');
    });

    test('not before its nbf, then accepted, then refused at its exp', async () => {
      vi.useFakeTimers({ toFake: ['Date'], now: Date.now() });
      const token = `Bearer ${await forge({ ...valid, iat: NOW(), nbf: NOW() + 30, exp: NOW() + 90 })}`;
      expectProblem(await me(token), 401, 'UNAUTHENTICATED');
      vi.setSystemTime(Date.now() + 30_000);
      expect((await me(token)).statusCode).toBe(200);
      expect((await me(token)).statusCode).toBe(200);
      vi.setSystemTime(Date.now() + 61_000);
      expectProblem(await me(token), 401, 'UNAUTHENTICATED');
    });

    test('more tokens than are kept: each still judged on its own', async () => {
      vi.useFakeTimers({ toFake: ['Date'], now: Date.now() });
      const short = `Bearer ${await forge({ ...valid, iat: NOW(), exp: NOW() + 10 })}`;
      expect((await me(short)).statusCode).toBe(200);
      const others = await Promise.all(
        Array.from({ length: 1100 }, (_, n) => forge({ ...valid, iat: NOW(), exp: NOW() + 600 + n })),
      );
      for (const other of others) expect((await me(`Bearer ${other}`)).statusCode).toBe(200);
      vi.setSystemTime(Date.now() + 11_000);
      expectProblem(await me(short), 401, 'UNAUTHENTICATED');
      expect((await me(`Bearer ${others[0]}`)).statusCode).toBe(200);
    });

    test('issued in the future: refused on every request until its iat comes within the skew', async () => {
      vi.useFakeTimers({ toFake: ['Date'], now: Date.now() });
      const token = `Bearer ${await forge({ ...valid, iat: NOW() + 3600, exp: NOW() + 4000 })}`;
      expectProblem(await me(token), 401, 'UNAUTHENTICATED');
      expectProblem(await me(token), 401, 'UNAUTHENTICATED');
      vi.setSystemTime(Date.now() + 3600_000);
      expect((await me(token)).statusCode).toBe(200);
    });
  });

  test('the verifier warns of nothing at start-up', async () => {
    const warnings: Error[] = [];
    const collect = (warning: Error) => warnings.push(warning);
    process.on('warning', collect);
    try {
      const another = await TestWorld.start();
      await another.close();
      // process warnings are emitted on the next tick
      await new Promise((done) => setImmediate(done));
    } finally {
      process.off('warning', collect);
    }
    expect(warnings.map((warning) => `${warning.name}: ${warning.message}`)).toEqual([]);
  });
});
