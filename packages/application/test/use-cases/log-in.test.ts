import { describe, expect, it } from 'vitest';
import { InvalidCredentialsError, SignUp } from '../../src/index.ts';
import { LogIn } from '../../src/use-cases/log-in.ts';
import { anInMemoryWorld, type InMemoryWorld } from '../support/in-memory-world.ts';

async function withAnn(world: InMemoryWorld) {
  const { user } = await new SignUp(world).execute({
    email: 'ann@example.com',
    password: 'correct horse',
    name: 'Ann',
  });
  return user;
}

describe('LogIn', () => {
  it('issues a token for the user and role, whatever the case and spacing of the email', async () => {
    const world = anInMemoryWorld();
    const ann = await withAnn(world);

    const token = await new LogIn(world).execute({ email: ' ANN@example.com ', password: 'correct horse' });

    expect(world.tokens.subjectOf(token.accessToken)).toEqual({ id: ann.id, role: 'customer' });
    expect(token.expiresIn).toBe(900);
  });

  it('refuses a wrong password', async () => {
    const world = anInMemoryWorld();
    await withAnn(world);

    await expect(
      new LogIn(world).execute({ email: 'ann@example.com', password: 'wrong horse' }),
    ).rejects.toBeInstanceOf(InvalidCredentialsError);
  });

  it('answers an unknown email exactly like a wrong password, after verifying a password all the same', async () => {
    const world = anInMemoryWorld();
    await withAnn(world);
    const logIn = new LogIn(world);

    const wrongPassword = await logIn.execute({ email: 'ann@example.com', password: 'nope' }).catch((e) => e);
    const verifiesForWrongPassword = world.passwordHasher.verifyCalls;
    const unknownEmail = await logIn.execute({ email: 'bob@example.com', password: 'nope' }).catch((e) => e);

    expect(unknownEmail).toBeInstanceOf(InvalidCredentialsError);
    expect({ code: unknownEmail.code, message: unknownEmail.message }).toEqual({
      code: wrongPassword.code,
      message: wrongPassword.message,
    });
    expect(world.passwordHasher.verifyCalls - verifiesForWrongPassword).toBe(1);
  });

  it('makes the dummy hash once, on the first unknown email, with the same hasher', async () => {
    const world = anInMemoryWorld();
    const logIn = new LogIn(world);
    expect(world.passwordHasher.hashCalls).toBe(0);

    for (const email of ['bob@example.com', 'eve@example.com', 'bob@example.com']) {
      await expect(logIn.execute({ email, password: 'whatever1' })).rejects.toBeInstanceOf(
        InvalidCredentialsError,
      );
    }

    expect(world.passwordHasher.hashCalls).toBe(1);
    expect(world.passwordHasher.verifyCalls).toBe(3);
  });

  it('rehashes and stores the password when the hash was made with weaker parameters', async () => {
    const world = anInMemoryWorld();
    await withAnn(world);
    const before = await world.users.findByEmail('ann@example.com');
    world.passwordHasher.setCost(2);
    expect(world.passwordHasher.needsRehash(before?.passwordHash ?? '')).toBe(true);

    await new LogIn(world).execute({ email: 'ann@example.com', password: 'correct horse' });

    const after = await world.users.findByEmail('ann@example.com');
    expect(after?.passwordHash).not.toBe(before?.passwordHash);
    expect(world.passwordHasher.needsRehash(after?.passwordHash ?? '')).toBe(false);
    expect(await world.passwordHasher.verify(after?.passwordHash ?? '', 'correct horse')).toBe(true);
  });

  it('leaves a current hash alone, and never rehashes on a wrong password', async () => {
    const world = anInMemoryWorld();
    await withAnn(world);
    const logIn = new LogIn(world);
    const hashCallsAfterSignUp = world.passwordHasher.hashCalls;

    await logIn.execute({ email: 'ann@example.com', password: 'correct horse' });
    world.passwordHasher.setCost(2);
    await logIn.execute({ email: 'ann@example.com', password: 'wrong horse' }).catch(() => undefined);

    expect(world.passwordHasher.hashCalls).toBe(hashCallsAfterSignUp);
    const stored = await world.users.findByEmail('ann@example.com');
    expect(world.passwordHasher.needsRehash(stored?.passwordHash ?? '')).toBe(true);
  });

  it('still logs in an account whose hash was made from a password typed in another normal form, and remakes the hash from NFC', async () => {
    const world = anInMemoryWorld();
    const ann = await withAnn(world);
    const nfd = 'cafe\u0301 horse';
    const nfc = nfd.normalize('NFC');
    // As hashed before passwords were made canonical: the bytes as typed.
    await world.users.updatePasswordHash(ann.id, await world.passwordHasher.hash(nfd));

    await new LogIn(world).execute({ email: 'ann@example.com', password: nfd });

    const after = await world.users.findByEmail('ann@example.com');
    expect(await world.passwordHasher.verify(after?.passwordHash ?? '', nfc)).toBe(true);
    await new LogIn(world).execute({ email: 'ann@example.com', password: nfc });
    await expect(
      new LogIn(world).execute({ email: 'ann@example.com', password: 'cafe horse' }),
    ).rejects.toBeInstanceOf(InvalidCredentialsError);
  });
});
