// The MongoDB ceiling: the official driver, in this process, doing only the database work at
// the heart of a route — its single write (or read) — at the same concurrency as the HTTP
// runs, with the API's client settings, on the API's own collection right after the API's
// run of that route (same documents, same indexes, same size). The API's throughput as a
// share of this is what HTTP, auth, validation, the use case and its other queries cost.
import { randomBytes } from 'node:crypto';
import { type Collection, MongoClient } from 'mongodb';
import { MONGO_CLIENT_DEFAULTS } from '../packages/adapters-mongo/src/index.ts';
import type { OrderDocument } from '../packages/adapters-mongo/src/order-document.ts';
import { UuidV7IdGenerator } from '../packages/adapters-node/src/index.ts';
import { type LatencySummary, summarize } from './load.ts';
import { round1 } from './process-meter.ts';
import { CHAIN } from './scenarios.ts';
import { ORDER_NOTE, orderLines, type SeededMenuItem } from './seed.ts';

export interface RawMeasurement {
  readonly operation: string;
  /** The API route this is the database floor of. */
  readonly comparedWith: string;
  readonly concurrency: number;
  readonly durationSeconds: number;
  readonly operations: number;
  readonly operationsPerSecond: number;
  readonly latencyMs: LatencySummary;
  readonly errors: number;
}

/** The API's ids (UUIDv7, time-ordered), so index inserts land where the API's do. */
const idGenerator = new UuidV7IdGenerator();

interface Lanes {
  readonly operations: number;
  readonly errors: number;
  readonly seconds: number;
  readonly latencyMs: LatencySummary;
}

/**
 * `concurrency` loops calling `operation(lane)` back to back for `seconds`, each call timed;
 * a loop ends early when `operation` returns false (nothing left to do).
 */
async function runLanes(
  concurrency: number,
  seconds: number,
  operation: (lane: number) => Promise<boolean>,
): Promise<Lanes> {
  const latencies: number[] = [];
  let errors = 0;
  const started = process.hrtime.bigint();
  const deadline = started + BigInt(Math.round(seconds * 1e9));
  const lane = async (_: unknown, index: number) => {
    while (process.hrtime.bigint() < deadline) {
      const t0 = process.hrtime.bigint();
      try {
        if (!(await operation(index))) return;
        latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
      } catch {
        errors++;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  return {
    operations: latencies.length,
    errors,
    seconds: Number(process.hrtime.bigint() - started) / 1e9,
    latencyMs: summarize(latencies),
  };
}

/** The statuses an order passes through in a transition chain: step `k` goes from [k] to [k + 1]. */
const WALK = ['CREATED', ...CHAIN] as const;

export interface RawDriver {
  /** findOne by _id over `ids`: the read of GET /orders/:id. */
  findOne(ids: readonly string[]): Promise<RawMeasurement>;
  /** A customer's newest 21 (a page and one), the read of GET /orders?limit=20. */
  listNewest(customerIds: readonly string[]): Promise<RawMeasurement>;
  /** insertOne of an order document of the API's shape and size: the write of POST /orders. */
  insertOrders(customerIds: readonly string[], menuItems: readonly SeededMenuItem[]): Promise<RawMeasurement>;
  /**
   * The conditional findOneAndUpdate of PATCH /orders/:id/status, on CREATED orders from
   * `nextId` (undefined: none left): each lane walks one CREATED → CONFIRMED → PREPARING →
   * READY, as the HTTP chains do.
   */
  transitions(nextId: () => string | undefined): Promise<RawMeasurement>;
  /** Documents in the collection now: FerretDB's costs grow with it, so every figure is read with it. */
  count(): Promise<number>;
  /** Drops the whole database (the API's, made for one run). */
  dropDatabase(): Promise<void>;
  close(): Promise<void>;
}

export async function openRawDriver(options: {
  readonly uri: string;
  readonly dbName: string;
  readonly concurrency: number;
  readonly durationSeconds: number;
  readonly warmupSeconds: number;
}): Promise<RawDriver> {
  // The API's client settings (packages/adapters-mongo/src/mongo-store.ts).
  const client = new MongoClient(options.uri, {
    appName: 'food-oms-bench-raw',
    ...MONGO_CLIENT_DEFAULTS,
    writeConcern: { ...MONGO_CLIENT_DEFAULTS.writeConcern },
  });
  await client.connect();
  const db = client.db(options.dbName);
  const orders: Collection<OrderDocument> = db.collection<OrderDocument>('orders');

  const measured = async (
    operation: string,
    comparedWith: string,
    work: (lane: number) => Promise<boolean>,
  ): Promise<RawMeasurement> => {
    await runLanes(options.concurrency, options.warmupSeconds, work);
    const lanes = await runLanes(options.concurrency, options.durationSeconds, work);
    return {
      operation,
      comparedWith,
      concurrency: options.concurrency,
      durationSeconds: round1(lanes.seconds),
      operations: lanes.operations,
      operationsPerSecond: Math.round(lanes.operations / lanes.seconds),
      latencyMs: lanes.latencyMs,
      errors: lanes.errors,
    };
  };

  return {
    findOne(ids) {
      let next = 0;
      return measured('findOne by _id', 'GET /orders/:id', async () => {
        const id = ids[next++ % ids.length] as string;
        return (await orders.findOne({ _id: id })) !== null;
      });
    },

    listNewest(customerIds) {
      let next = 0;
      return measured('find by customer, newest 21', 'GET /orders?limit=20', async () => {
        const customerId = customerIds[next++ % customerIds.length] as string;
        await orders.find({ customerId }).sort({ _id: -1 }).limit(21).toArray();
        return true;
      });
    },

    insertOrders(customerIds, menuItems) {
      const prefix = `raw-${Date.now()}`;
      let n = 0;
      return measured('insertOne (order document)', 'POST /orders', async () => {
        const k = n++;
        const now = new Date();
        const customerId = customerIds[k % customerIds.length] as string;
        // The lines the API makes of the same order: copies of the menu items, priced.
        const items = orderLines(menuItems, k).map(({ item, quantity }) => ({
          menuItemId: item.id,
          name: item.name,
          unitPriceCents: item.priceCents,
          quantity,
          lineTotalCents: item.priceCents * quantity,
        }));
        const document: OrderDocument = {
          _id: idGenerator.next(),
          customerId,
          idempotencyKey: `${prefix}-${k}`,
          fingerprint: randomBytes(32).toString('hex'),
          status: 'CREATED',
          items,
          totalCents: items.reduce((sum, line) => sum + line.lineTotalCents, 0),
          note: ORDER_NOTE,
          version: 1,
          createdAt: now,
          updatedAt: now,
          history: [
            {
              from: null,
              to: 'CREATED',
              at: now,
              actor: { id: customerId, role: 'customer' },
              reason: null,
              override: false,
              requestId: `${prefix}-request-${k}`,
            },
          ],
        };
        await orders.insertOne(document);
        return true;
      });
    },

    transitions(nextId) {
      const walking = new Map<number, { id: string; step: number }>();
      return measured('findOneAndUpdate (transition)', 'PATCH /orders/:id/status', async (lane) => {
        let order = walking.get(lane);
        if (order === undefined || order.step === CHAIN.length) {
          const id = nextId();
          if (id === undefined) return false;
          order = { id, step: 0 };
          walking.set(lane, order);
        }
        const step = order.step++;
        const from = WALK[step] as (typeof WALK)[number];
        const to = WALK[step + 1] as (typeof CHAIN)[number];
        const at = new Date();
        const updated = await orders.findOneAndUpdate(
          { _id: order.id, status: from, version: step + 1 },
          {
            $set: { status: to, updatedAt: at },
            $inc: { version: 1 },
            $push: {
              history: {
                from,
                to,
                at,
                actor: { id: 'raw-kitchen', role: 'kitchen' },
                reason: null,
                override: false,
                requestId: `raw-transition-${order.id}-${step}`,
              },
            },
          },
          { returnDocument: 'after' },
        );
        if (updated === null) {
          order.step = CHAIN.length;
          throw new Error(`order ${order.id} was not at ${from}`);
        }
        return true;
      });
    },

    count: () => orders.countDocuments(),
    dropDatabase: async () => {
      await db.dropDatabase();
    },
    close: () => client.close(),
  };
}
