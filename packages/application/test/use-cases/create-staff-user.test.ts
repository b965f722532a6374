import { ForbiddenError, ValidationError } from '@food-oms/domain';
import { describe, expect, it } from 'vitest';
import { EmailTakenError } from '../../src/index.ts';
import { anActor } from '../../src/testing/index.ts';
import { CreateStaffUser } from '../../src/use-cases/create-staff-user.ts';
import { LogIn } from '../../src/use-cases/log-in.ts';
import { anInMemoryWorld } from '../support/in-memory-world.ts';

const admin = anActor({ role: 'admin' });
const kitchenUser = {
  email: 'Cook@Example.com',
  password: 'correct horse',
  name: 'Cook',
  role: 'kitchen',
} as const;

describe('CreateStaffUser', () => {
  it('lets an admin create a user of the requested role who can then log in', async () => {
    const world = anInMemoryWorld();

    const { user } = await new CreateStaffUser(world).execute({ actor: admin, ...kitchenUser });

    expect(user).toMatchObject({ email: 'cook@example.com', name: 'Cook', role: 'kitchen' });
    expect(await world.users.findById(user.id)).toStrictEqual(user);
    const token = await new LogIn(world).execute({ email: 'cook@example.com', password: 'correct horse' });
    expect(world.tokens.subjectOf(token.accessToken)).toEqual({ id: user.id, role: 'kitchen' });
  });

  it.each(['customer', 'kitchen'] as const)('refuses a %s and stores nothing', async (role) => {
    const world = anInMemoryWorld();

    await expect(
      new CreateStaffUser(world).execute({ actor: anActor({ role }), ...kitchenUser }),
    ).rejects.toBeInstanceOf(ForbiddenError);
    expect(await world.users.findByEmail('cook@example.com')).toBeNull();
  });

  it('refuses invalid input and a taken email', async () => {
    const world = anInMemoryWorld();
    const createStaffUser = new CreateStaffUser(world);
    await createStaffUser.execute({ actor: admin, ...kitchenUser });

    await expect(
      createStaffUser.execute({ actor: admin, ...kitchenUser, email: 'nope', password: '1234' }),
    ).rejects.toBeInstanceOf(ValidationError);
    await expect(
      createStaffUser.execute({ actor: admin, ...kitchenUser, email: ' COOK@example.com', role: 'admin' }),
    ).rejects.toBeInstanceOf(EmailTakenError);
  });
});
