export { createMongoStore, type MongoStore, type MongoStoreOptions } from './mongo-store.ts';
