import type { User, UserId } from '@food-oms/domain';
import { aUser } from '@food-oms/domain/testing';
import { describe, expect, it } from 'vitest';
import { EmailTakenError } from '../../errors.ts';
import type { UserRepository } from '../../ports/user-repository.ts';
import { type ContractSetup, RACERS, tamperWith } from './contract-setup.ts';

/** What every UserRepository must do for sign-up, log-in and the admin bootstrap to be correct. */
export function describeUserRepositoryContract(
  adapterName: string,
  setup: ContractSetup<UserRepository>,
): void {
  describe(`UserRepository contract: ${adapterName}`, () => {
    it('stores a user and finds it by canonical email (with the hash) and by id (without)', async () => {
      const repository = await setup.create();
      const user = aUser({ email: 'ann@example.com', role: 'kitchen' });

      await repository.insert(user, 'hash-1');

      expect(await repository.findByEmail('ann@example.com')).toStrictEqual({ user, passwordHash: 'hash-1' });
      expect(await repository.findById(user.id)).toStrictEqual(user);
      expect((await repository.findById(user.id))?.createdAt).toBeInstanceOf(Date);
    });

    it('finds nothing for an unknown email or id', async () => {
      const repository = await setup.create();
      await repository.insert(aUser({ email: 'ann@example.com' }), 'hash-1');

      expect(await repository.findByEmail('bob@example.com')).toBeNull();
      expect(await repository.findById(aUser().id)).toBeNull();
    });

    it('refuses a second user with the same canonical email with EmailTakenError, keeping the first', async () => {
      const repository = await setup.create();
      const first = aUser({ email: 'ann@example.com' });
      await repository.insert(first, 'hash-1');

      const refused = repository.insert(aUser({ email: 'ann@example.com', role: 'admin' }), 'hash-2');

      await expect(refused).rejects.toBeInstanceOf(EmailTakenError);
      await expect(refused).rejects.toMatchObject({ code: 'EMAIL_TAKEN' });
      expect(await repository.findByEmail('ann@example.com')).toStrictEqual({
        user: first,
        passwordHash: 'hash-1',
      });
    });

    it('replaces the password hash and nothing else', async () => {
      const repository = await setup.create();
      const user = aUser({ email: 'ann@example.com' });
      await repository.insert(user, 'old-hash');

      await repository.updatePasswordHash(user.id, 'new-hash');

      expect(await repository.findByEmail('ann@example.com')).toStrictEqual({
        user,
        passwordHash: 'new-hash',
      });
    });

    it('hands out copies: changing an object given or returned never changes what is stored', async () => {
      const repository = await setup.create();
      const user = aUser({ email: 'ann@example.com' });
      const original = structuredClone(user);
      await repository.insert(user, 'hash-1');

      tamperWith(user).role = 'admin';
      tamperWith(await repository.findById(user.id)).name = 'changed';
      tamperWith((await repository.findByEmail('ann@example.com'))?.user).createdAt.setTime(0);

      expect(await repository.findById(user.id)).toStrictEqual(original);
    });

    // Uniqueness rests on a unique index, which every supported store enforces atomically,
    // so unlike the conditional-update cases this one runs everywhere.
    it(`of ${RACERS} concurrent sign-ups with one email, exactly one succeeds`, async () => {
      const repository = await setup.create();
      const racers: User[] = Array.from({ length: RACERS }, () => aUser({ email: 'race@example.com' }));

      const results = await Promise.allSettled(racers.map((user) => repository.insert(user, 'hash')));

      const winners = racers.filter((_, i) => results[i]?.status === 'fulfilled');
      expect(winners).toHaveLength(1);
      for (const result of results) {
        if (result.status === 'rejected') expect(result.reason).toBeInstanceOf(EmailTakenError);
      }
      expect((await repository.findByEmail('race@example.com'))?.user.id).toBe(winners[0]?.id);
      const stored = await Promise.all(racers.map((user) => repository.findById(user.id as UserId)));
      expect(stored.filter((user) => user !== null)).toHaveLength(1);
    });
  });
}
