import type {
  IdempotencyClaim,
  InsertOrderResult,
  OrderListQuery,
  OrderRepository,
  TransitionCommand,
  TransitionResult,
} from '@food-oms/application';
import type { Order, OrderId, UserId } from '@food-oms/domain';
import type { Collection, Db, Filter, UpdateFilter } from 'mongodb';
import { collectionIndexes } from './collection-indexes.ts';
import { isDuplicateKeyOn, translateDriverErrors } from './driver-errors.ts';
import {
  type OrderDocument,
  toHistoryEntryDocument,
  toOrder,
  toOrderDocument,
  transitionKeyOf,
} from './order-document.ts';

const ORDER_INDEXES = [
  // The idempotency guarantee itself: one order per (customer, key), across every instance.
  { name: 'customer_idempotency_key_unique', key: { customerId: 1, idempotencyKey: 1 }, unique: true },
  // Keyset pages newest first (UUIDv7 ids sort by time), filtered by customer or by status.
  { name: 'customer_newest_first', key: { customerId: 1, _id: -1 } },
  { name: 'status_newest_first', key: { status: 1, _id: -1 } },
] as const;

/**
 * A transition as one conditional write. The filter is the whole decision, the update the
 * whole effect (appendChange's, in update operators): one atomic write on MongoDB, so of two
 * racing moves from one status exactly one matches, and of two with one actor and key at most
 * one. Exported so that tools measuring the database's floor (the benchmarks) send the very
 * same write.
 */
export function transitionWrite(command: TransitionCommand): {
  readonly filter: Filter<OrderDocument>;
  readonly update: UpdateFilter<OrderDocument>;
} {
  const { id, change, version, customerId } = command;
  const filter: Filter<OrderDocument> = { _id: id, status: change.from };
  if (version !== undefined) filter.version = version;
  if (customerId !== undefined) filter.customerId = customerId;
  const key =
    change.idempotencyKey === undefined ? null : transitionKeyOf(change.actor.id, change.idempotencyKey);
  if (key !== null) filter.transitionKeys = { $ne: key };
  return {
    filter,
    update: {
      $set: { status: change.to, updatedAt: change.at },
      $inc: { version: 1 },
      $push: { history: toHistoryEntryDocument(change), ...(key !== null && { transitionKeys: key }) },
    },
  };
}

export class MongoOrderRepository implements OrderRepository {
  readonly #orders: Collection<OrderDocument>;
  readonly #indexes: () => Promise<void>;

  constructor(db: Db) {
    this.#orders = db.collection<OrderDocument>('orders');
    this.#indexes = collectionIndexes(this.#orders, ORDER_INDEXES);
  }

  ensureIndexes(): Promise<void> {
    return this.#indexes();
  }

  insert(order: Order, claim: IdempotencyClaim): Promise<InsertOrderResult> {
    return translateDriverErrors(async () => {
      // Without the unique index a retried create would make a second order.
      await this.ensureIndexes();
      try {
        await this.#orders.insertOne(toOrderDocument(order, claim));
        return { kind: 'inserted', order };
      } catch (error) {
        if (!isDuplicateKeyOn(error, 'idempotencyKey')) throw error;
        const existing = await this.#findByIdempotencyKey(order.customerId, claim.key);
        if (existing === null) throw error;
        return { kind: 'duplicate', ...existing };
      }
    });
  }

  findById(id: OrderId): Promise<Order | null> {
    return translateDriverErrors(async () => {
      const document = await this.#orders.findOne({ _id: id });
      return document === null ? null : toOrder(document);
    });
  }

  findByIdempotencyKey(
    customerId: UserId,
    key: string,
  ): Promise<{ readonly order: Order; readonly fingerprint: string } | null> {
    return translateDriverErrors(() => this.#findByIdempotencyKey(customerId, key));
  }

  transition(command: TransitionCommand): Promise<TransitionResult> {
    return translateDriverErrors(async () => {
      const { filter, update } = transitionWrite(command);
      const updated = await this.#orders.findOneAndUpdate(filter, update, { returnDocument: 'after' });
      if (updated !== null) return { kind: 'applied', order: toOrder(updated) };
      // Only to tell the caller why nothing matched; the decision was the write above.
      const current = await this.#orders.findOne({ _id: command.id });
      return { kind: 'no-match', current: current === null ? null : toOrder(current) };
    });
  }

  list(query: OrderListQuery): Promise<Order[]> {
    // MongoDB reads a limit of 0 as "no limit"; the port means "none".
    if (query.limit < 1) return Promise.resolve([]);
    return translateDriverErrors(async () => {
      const filter: Filter<OrderDocument> = {};
      if (query.before !== undefined) filter._id = { $lt: query.before };
      if (query.customerId !== undefined) filter.customerId = query.customerId;
      if (query.statuses !== undefined) filter.status = { $in: [...query.statuses] };
      const documents = await this.#orders.find(filter).sort({ _id: -1 }).limit(query.limit).toArray();
      return documents.map(toOrder);
    });
  }

  async #findByIdempotencyKey(
    customerId: UserId,
    key: string,
  ): Promise<{ readonly order: Order; readonly fingerprint: string } | null> {
    const document = await this.#orders.findOne({ customerId, idempotencyKey: key });
    return document === null ? null : { order: toOrder(document), fingerprint: document.fingerprint };
  }
}
