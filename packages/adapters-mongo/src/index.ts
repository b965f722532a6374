export {
  createMongoStore,
  type DatabaseCommand,
  MONGO_CLIENT_DEFAULTS,
  type MongoStore,
} from './mongo-store.ts';
