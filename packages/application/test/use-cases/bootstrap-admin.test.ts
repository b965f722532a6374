import { ValidationError } from '@food-oms/domain';
import { describe, expect, it } from 'vitest';
import { aUser } from '../../src/testing/index.ts';
import { BootstrapAdmin } from '../../src/use-cases/bootstrap-admin.ts';
import { LogIn } from '../../src/use-cases/log-in.ts';
import { anInMemoryWorld } from '../support/in-memory-world.ts';

const configured = { email: 'Root@Example.com', password: 'a long admin password' };

describe('BootstrapAdmin', () => {
  it('creates the admin when there is none, able to log in', async () => {
    const world = anInMemoryWorld();

    expect(await new BootstrapAdmin(world).execute(configured)).toEqual({ outcome: 'created' });

    const stored = await world.users.findByEmail('root@example.com');
    expect(stored?.user.role).toBe('admin');
    const token = await new LogIn(world).execute(configured);
    expect(world.tokens.subjectOf(token.accessToken)?.role).toBe('admin');
  });

  it('is idempotent: a second start finds the admin and changes nothing, not even the password', async () => {
    const world = anInMemoryWorld();
    await new BootstrapAdmin(world).execute(configured);
    const before = await world.users.findByEmail('root@example.com');

    const again = await new BootstrapAdmin(world).execute({
      ...configured,
      password: 'another admin password',
    });

    expect(again).toEqual({ outcome: 'exists' });
    expect(await world.users.findByEmail('root@example.com')).toStrictEqual(before);
  });

  it('reports a user of another role under that email and leaves it as it is', async () => {
    const world = anInMemoryWorld();
    const customer = aUser({ email: 'root@example.com', role: 'customer' });
    await world.users.insert(customer, 'customer-hash');

    expect(await new BootstrapAdmin(world).execute(configured)).toEqual({
      outcome: 'exists-with-other-role',
    });
    expect(await world.users.findByEmail('root@example.com')).toStrictEqual({
      user: customer,
      passwordHash: 'customer-hash',
    });
  });

  it('refuses a configured password that breaks the policy, even when the admin exists', async () => {
    const world = anInMemoryWorld();
    await new BootstrapAdmin(world).execute(configured);

    await expect(
      new BootstrapAdmin(world).execute({ ...configured, password: 'short' }),
    ).rejects.toBeInstanceOf(ValidationError);
  });

  it('creates exactly one admin when several instances start at once', async () => {
    const world = anInMemoryWorld();

    const results = await Promise.all(
      Array.from({ length: 10 }, () => new BootstrapAdmin(world).execute(configured)),
    );

    expect(results.filter((result) => result.outcome === 'created')).toHaveLength(1);
    expect(results.filter((result) => result.outcome === 'exists')).toHaveLength(9);
  });
});
