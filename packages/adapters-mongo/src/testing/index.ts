export type { MongoTarget } from './mongo-target.ts';
export { type MongoTestDatabase, type MongoTestHandle, useMongoTestDatabase } from './mongo-test-database.ts';
