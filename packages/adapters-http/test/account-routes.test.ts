import { decodeJwt, decodeProtectedHeader } from 'jose';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { expectProblem, pointersOf } from './support/problems.ts';
import { PASSWORD, TEST_AUTH, TestWorld } from './support/test-app.ts';

describe('accounts over HTTP', () => {
  let world: TestWorld;

  beforeEach(async () => {
    world = await TestWorld.start();
  });
  afterEach(() => world.close());

  const signUp = (payload: unknown) =>
    world.inject({ method: 'POST', url: '/auth/signup', payload: payload as object });
  const logIn = (payload: unknown) =>
    world.inject({ method: 'POST', url: '/auth/login', payload: payload as object });

  describe('POST /auth/signup', () => {
    test('creates a customer and answers 201 {user} with exactly the public fields', async () => {
      const response = await signUp({ email: '  Ann@Example.COM ', password: PASSWORD, name: ' Ann ' });
      expect(response.statusCode).toBe(201);
      const { user } = response.json();
      expect(Object.keys(user).sort()).toEqual(['createdAt', 'email', 'id', 'name', 'role']);
      expect(user).toMatchObject({ email: 'ann@example.com', name: 'Ann', role: 'customer' });
      expect(user.createdAt).toBe(world.clock.now().toISOString());
    });

    test('a role in the body is refused, not ignored', async () => {
      const problem = expectProblem(
        await signUp({ email: 'eve@example.com', password: PASSWORD, name: 'Eve', role: 'admin' }),
        400,
        'VALIDATION_FAILED',
      );
      expect(pointersOf(problem)).toEqual(['/role']);
    });

    test('a duplicate email, in any spelling, is 409 EMAIL_TAKEN', async () => {
      await signUp({ email: 'ann@example.com', password: PASSWORD, name: 'Ann' });
      expectProblem(
        await signUp({ email: ' ANN@example.com', password: PASSWORD, name: 'Ann 2' }),
        409,
        'EMAIL_TAKEN',
      );
    });

    test.each([
      ['a 7-character password', { email: 'a@example.com', password: '1234567', name: 'A' }, ['/password']],
      [
        'a 129-character password',
        { email: 'a@example.com', password: 'x'.repeat(129), name: 'A' },
        ['/password'],
      ],
      ['an email that is not one', { email: 'not-an-email', password: PASSWORD, name: 'A' }, ['/email']],
      ['a blank name', { email: 'a@example.com', password: PASSWORD, name: '   ' }, ['/name']],
      ['a missing password', { email: 'a@example.com', name: 'A' }, ['/password']],
      ['a number for a name', { email: 'a@example.com', password: PASSWORD, name: 42 }, ['/name']],
      ['a body that is an array', [], ['']],
    ])('%s is 400 VALIDATION_FAILED pointing at the field', async (_name, payload, pointers) => {
      const problem = expectProblem(await signUp(payload), 400, 'VALIDATION_FAILED');
      expect(pointersOf(problem)).toEqual(pointers);
    });

    test('password length counts characters, not UTF-16 units: 8 emoji are a valid password', async () => {
      const response = await signUp({ email: 'emoji@example.com', password: '🍕'.repeat(8), name: 'Emo' });
      expect(response.statusCode).toBe(201);
    });
  });

  describe('POST /auth/login', () => {
    test('answers 200 with a Bearer access token that is not cached', async () => {
      await signUp({ email: 'ann@example.com', password: PASSWORD, name: 'Ann' });
      const response = await logIn({ email: 'ANN@example.com ', password: PASSWORD });
      expect(response.statusCode).toBe(200);
      expect(response.headers['cache-control']).toBe('no-store');
      const body = response.json();
      expect(body).toEqual({ accessToken: expect.any(String), tokenType: 'Bearer', expiresIn: 900 });
      expect(decodeProtectedHeader(body.accessToken).alg).toBe('HS256');
      expect(decodeJwt(body.accessToken)).toMatchObject({
        role: 'customer',
        iss: TEST_AUTH.issuer,
        aud: TEST_AUTH.audience,
      });
      const me = await world.inject({
        method: 'GET',
        url: '/users/me',
        headers: { authorization: `Bearer ${body.accessToken}` },
      });
      expect(me.json()).toMatchObject({ user: { email: 'ann@example.com', role: 'customer' } });
    });

    test('a wrong password and an unknown email get the same 401 INVALID_CREDENTIALS', async () => {
      await signUp({ email: 'ann@example.com', password: PASSWORD, name: 'Ann' });
      const wrong = expectProblem(
        await logIn({ email: 'ann@example.com', password: 'wrong password' }),
        401,
        'INVALID_CREDENTIALS',
      );
      const unknown = expectProblem(
        await logIn({ email: 'bob@example.com', password: PASSWORD }),
        401,
        'INVALID_CREDENTIALS',
      );
      expect({ ...wrong, requestId: '' }).toEqual({ ...unknown, requestId: '' });
    });

    test('an operator instead of a string is 400, never a query', async () => {
      const problem = expectProblem(
        await logIn({ email: { $ne: null }, password: { $gt: '' } }),
        400,
        'VALIDATION_FAILED',
      );
      expect(pointersOf(problem).sort()).toEqual(['/email', '/password']);
    });
  });

  describe('GET /users/me', () => {
    test('answers the caller', async () => {
      const kitchen = await world.caller('kitchen');
      const response = await world.inject({ method: 'GET', url: '/users/me', headers: kitchen.headers });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({
        user: {
          id: kitchen.user.id,
          email: kitchen.user.email,
          name: kitchen.user.name,
          role: 'kitchen',
          createdAt: kitchen.user.createdAt.toISOString(),
        },
      });
    });
  });

  describe('POST /users', () => {
    test('an admin creates a user of any role', async () => {
      const admin = await world.caller('admin');
      const response = await world.inject({
        method: 'POST',
        url: '/users',
        headers: admin.headers,
        payload: { email: 'Chef@Example.com', password: PASSWORD, name: 'Chef', role: 'kitchen' },
      });
      expect(response.statusCode).toBe(201);
      expect(response.json()).toMatchObject({ user: { email: 'chef@example.com', role: 'kitchen' } });
      expect((await logIn({ email: 'chef@example.com', password: PASSWORD })).statusCode).toBe(200);
    });

    test('an unknown role is 400 and a taken email 409', async () => {
      const admin = await world.caller('admin', 'boss@example.com');
      const create = (payload: object) =>
        world.inject({ method: 'POST', url: '/users', headers: admin.headers, payload });
      const problem = expectProblem(
        await create({ email: 'x@example.com', password: PASSWORD, name: 'X', role: 'root' }),
        400,
        'VALIDATION_FAILED',
      );
      expect(pointersOf(problem)).toEqual(['/role']);
      expectProblem(
        await create({ email: 'BOSS@example.com', password: PASSWORD, name: 'X', role: 'admin' }),
        409,
        'EMAIL_TAKEN',
      );
    });
  });
});
