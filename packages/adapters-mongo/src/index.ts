export {
  createMongoStore,
  type DatabaseCommand,
  MONGO_CLIENT_DEFAULTS,
  type MongoStore,
  type MongoStoreOptions,
} from './mongo-store.ts';
