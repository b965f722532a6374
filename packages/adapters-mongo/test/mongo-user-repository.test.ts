import { aUser } from '@food-oms/application/testing';
import { describe, expect, it } from 'vitest';
import { MongoUserRepository } from '../src/mongo-user-repository.ts';
import { useMongoTestDatabase } from '../src/testing/index.ts';
import type { UserDocument } from '../src/user-document.ts';

const mongo = useMongoTestDatabase();

describe.skipIf(!mongo.available)('MongoUserRepository', () => {
  it('stores the user under its _id with the canonical email, the hash and a BSON date', async () => {
    const users = new MongoUserRepository(mongo.get().db);
    const user = aUser({ email: 'stored@example.com', role: 'admin' });

    await users.insert(user, 'argon2id$hash');

    const stored = await mongo.get().db.collection<UserDocument>('users').findOne({ _id: user.id });
    expect(stored).toEqual({
      _id: user.id,
      email: 'stored@example.com',
      name: user.name,
      role: 'admin',
      createdAt: user.createdAt,
      passwordHash: 'argon2id$hash',
    });
    expect(stored?.createdAt).toBeInstanceOf(Date);
    expect(await users.findById(user.id)).not.toHaveProperty('passwordHash');
  });
});
