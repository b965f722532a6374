import { describe, expect, it } from 'vitest';
import { NotFoundError } from '../../src/index.ts';
import { anActor, aUser } from '../../src/testing/index.ts';
import { GetCurrentUser } from '../../src/use-cases/get-current-user.ts';
import { anInMemoryWorld } from '../support/in-memory-world.ts';

describe('GetCurrentUser', () => {
  it("returns the actor's own user", async () => {
    const world = anInMemoryWorld();
    const ann = aUser({ role: 'kitchen' });
    await world.users.insert(ann, 'hash');

    const { user } = await new GetCurrentUser(world).execute({ actor: { id: ann.id, role: ann.role } });

    expect(user).toStrictEqual(ann);
  });

  it('answers NotFoundError when the user behind a token is gone', async () => {
    const world = anInMemoryWorld();

    await expect(new GetCurrentUser(world).execute({ actor: anActor() })).rejects.toBeInstanceOf(
      NotFoundError,
    );
  });
});
