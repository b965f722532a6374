export { type MongoTestDatabase, type MongoTestHandle, useMongoTestDatabase } from './mongo-test-database.ts';
export { mongoServerAddress, mongoUriVia } from './mongo-uri-via-proxy.ts';
export { startTcpProxy, type TcpProxy } from './tcp-proxy.ts';
