export { transitionWrite } from './mongo-order-repository.ts';
export {
  createMongoStore,
  type DatabaseCommand,
  MONGO_CLIENT_DEFAULTS,
  type MongoStore,
} from './mongo-store.ts';
export type { OrderDocument } from './order-document.ts';
