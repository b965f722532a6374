import { ValidationError } from '@food-oms/domain';
import { describe, expect, it } from 'vitest';
import { EmailTakenError, SignUp } from '../../src/index.ts';
import { anInMemoryWorld } from '../support/in-memory-world.ts';

const input = { email: '  Ann@Example.COM ', password: 'correct horse', name: ' Ann ' };

describe('SignUp', () => {
  it('creates a customer with the canonical email, stored with a hash of the password', async () => {
    const world = anInMemoryWorld();

    const { user } = await new SignUp(world).execute(input);

    expect(user).toEqual({
      id: expect.any(String),
      email: 'ann@example.com',
      name: 'Ann',
      role: 'customer',
      createdAt: world.clock.now(),
    });
    const stored = await world.users.findByEmail('ann@example.com');
    expect(stored?.user).toStrictEqual(user);
    expect(stored?.passwordHash).not.toContain('correct horse');
    expect(await world.passwordHasher.verify(stored?.passwordHash ?? '', 'correct horse')).toBe(true);
  });

  it('lists every fault at once and neither hashes nor stores anything', async () => {
    const world = anInMemoryWorld();

    const refused = new SignUp(world).execute({ email: 'not-an-email', password: 'short', name: '   ' });

    await expect(refused).rejects.toBeInstanceOf(ValidationError);
    await expect(refused).rejects.toMatchObject({
      details: {
        violations: [
          { pointer: '/email', message: expect.any(String) },
          { pointer: '/name', message: expect.any(String) },
          { pointer: '/password', message: expect.any(String) },
        ],
      },
    });
    expect(world.passwordHasher.hashCalls).toBe(0);
    expect(await world.users.findByEmail('not-an-email')).toBeNull();
  });

  it('accepts passwords of 8 to 128 characters only', async () => {
    const world = anInMemoryWorld();
    const signUp = new SignUp(world);

    await expect(
      signUp.execute({ ...input, email: 'a@example.com', password: 'x'.repeat(8) }),
    ).resolves.toMatchObject({ user: { email: 'a@example.com', role: 'customer' } });
    await expect(
      signUp.execute({ ...input, email: 'b@example.com', password: 'x'.repeat(128) }),
    ).resolves.toMatchObject({ user: { email: 'b@example.com', role: 'customer' } });
    await expect(
      signUp.execute({ ...input, email: 'c@example.com', password: 'x'.repeat(7) }),
    ).rejects.toMatchObject({
      details: {
        violations: [{ pointer: '/password' }],
      },
    });
    await expect(
      signUp.execute({ ...input, email: 'd@example.com', password: 'x'.repeat(129) }),
    ).rejects.toMatchObject({ details: { violations: [{ pointer: '/password' }] } });
  });

  it('refuses an email that differs from a taken one only in case and spaces', async () => {
    const world = anInMemoryWorld();
    const signUp = new SignUp(world);
    await signUp.execute(input);

    await expect(signUp.execute({ ...input, email: 'ann@EXAMPLE.com' })).rejects.toBeInstanceOf(
      EmailTakenError,
    );
  });
});
