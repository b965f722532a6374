import { EmailTakenError, type UserRepository, type UserWithPasswordHash } from '@food-oms/application';
import type { User, UserId } from '@food-oms/domain';
import type { Collection, Db } from 'mongodb';
import { collectionIndexes } from './collection-indexes.ts';
import { isDuplicateKeyOn, translateDriverErrors } from './driver-errors.ts';
import { toUser, toUserDocument, type UserDocument } from './user-document.ts';

const USER_INDEXES = [
  // Two sign-ups racing with one email: the index lets exactly one in, on every instance.
  { name: 'email_unique', key: { email: 1 }, unique: true },
] as const;

export class MongoUserRepository implements UserRepository {
  readonly #users: Collection<UserDocument>;
  readonly #indexes: () => Promise<void>;

  constructor(db: Db) {
    this.#users = db.collection<UserDocument>('users');
    this.#indexes = collectionIndexes(this.#users, USER_INDEXES);
  }

  ensureIndexes(): Promise<void> {
    return this.#indexes();
  }

  insert(user: User, passwordHash: string): Promise<void> {
    return translateDriverErrors(async () => {
      // Without the unique index two accounts could share an email.
      await this.#indexes();
      try {
        await this.#users.insertOne(toUserDocument(user, passwordHash));
      } catch (error) {
        if (isDuplicateKeyOn(error, 'email')) throw new EmailTakenError();
        throw error;
      }
    });
  }

  findByEmail(canonicalEmail: string): Promise<UserWithPasswordHash | null> {
    return translateDriverErrors(async () => {
      const document = await this.#users.findOne({ email: canonicalEmail });
      return document === null ? null : { user: toUser(document), passwordHash: document.passwordHash };
    });
  }

  findById(id: UserId): Promise<User | null> {
    return translateDriverErrors(async () => {
      const document = await this.#users.findOne({ _id: id });
      return document === null ? null : toUser(document);
    });
  }

  updatePasswordHash(id: UserId, passwordHash: string): Promise<void> {
    return translateDriverErrors(async () => {
      await this.#users.updateOne({ _id: id }, { $set: { passwordHash } });
    });
  }
}
