import { InMemoryUserRepository } from '@food-oms/adapters-memory';
import { EmailTakenError, SignUp } from '@food-oms/application';
import { FakePasswordHasher, FixedClock, SequentialIdGenerator } from '@food-oms/application/testing';
import { describe, expect, it } from 'vitest';
import { sparingReservedEmail } from '../src/reserved-email-sign-up.ts';

describe('sign-up beside a bootstrap admin', () => {
  const world = () => {
    const users = new InMemoryUserRepository();
    const deps = {
      users,
      passwordHasher: new FakePasswordHasher(),
      ids: new SequentialIdGenerator(),
      clock: new FixedClock(),
    };
    return { users, signUp: sparingReservedEmail(new SignUp(deps), ' Root@Example.com') };
  };

  it('refuses the reserved email in any case and spacing as taken, and stores nothing', async () => {
    const { users, signUp } = world();
    for (const email of ['root@example.com', '  ROOT@example.COM ']) {
      await expect(
        signUp.execute({ email, password: 'long-enough-pw', name: 'Mallory' }),
      ).rejects.toBeInstanceOf(EmailTakenError);
    }
    expect(await users.findByEmail('root@example.com')).toBeNull();
  });

  it('signs up every other email as before', async () => {
    const { signUp } = world();
    const { user } = await signUp.execute({
      email: 'ann@example.com',
      password: 'long-enough-pw',
      name: 'Ann',
    });
    expect(user).toMatchObject({ email: 'ann@example.com', role: 'customer' });
  });
});
