import {
  type ContractSetup,
  describeMenuRepositoryContract,
  describeOrderRepositoryContract,
  describeUserRepositoryContract,
} from '@food-oms/application/testing';
import type { Db } from 'mongodb';
import { describe } from 'vitest';
import { MongoMenuRepository } from '../src/mongo-menu-repository.ts';
import { MongoOrderRepository } from '../src/mongo-order-repository.ts';
import { MongoUserRepository } from '../src/mongo-user-repository.ts';
import { useMongoTestDatabase } from '../src/testing/index.ts';
import { useFreshDatabases } from './support/fresh-databases.ts';

// The same contracts the in-memory adapters pass, against the run's MongoDB-compatible
// server; every test gets an empty database of its own.
const mongo = useMongoTestDatabase();
const databases = useFreshDatabases(mongo);

function onMongo<R>(repositoryOn: (db: Db) => R): ContractSetup<R> {
  return {
    create: async () => repositoryOn(databases.next()),
    // A getter: which server this is is known only once the harness has connected.
    get atomicConditionalUpdates() {
      const version = mongo.get().ferretDbVersion;
      if (version === null) return true;
      return {
        skipReason: `FerretDB ${version} applies findAndModify/updateOne as read-then-write by _id without re-checking the filter; "exactly one wins" needs real MongoDB (Testcontainers or MONGODB_URI)`,
      };
    },
  };
}

describe.skipIf(!mongo.available)('MongoDB adapters', () => {
  describeOrderRepositoryContract(
    'MongoOrderRepository',
    onMongo((db) => new MongoOrderRepository(db)),
  );
  describeUserRepositoryContract(
    'MongoUserRepository',
    onMongo((db) => new MongoUserRepository(db)),
  );
  describeMenuRepositoryContract(
    'MongoMenuRepository',
    onMongo((db) => new MongoMenuRepository(db)),
  );
});
