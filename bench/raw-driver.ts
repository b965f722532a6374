// The MongoDB floor: the official driver, in this process, doing only the database operation
// at the heart of a route, at the same concurrency, with the API's client settings, on the
// API's own collection right after the API's run of that route (same documents, indexes, size).
import { MONGO_CLIENT_DEFAULTS, type OrderDocument, transitionWrite } from '@food-oms/adapters-mongo';
import { UuidV7IdGenerator } from '@food-oms/adapters-node';
import { MongoClient } from 'mongodb';
import { summarize } from './measure.ts';
import { CHAIN, cycle } from './scenarios.ts';

export type RawMeasurement = Awaited<ReturnType<RawDriver['findOne']>>;

type Options = {
  uri: string;
  dbName: string;
  concurrency: number;
  warmupSeconds: number;
  durationSeconds: number;
};

export async function openRawDriver(options: Options) {
  const client = new MongoClient(options.uri, { appName: 'food-oms-bench-raw', ...MONGO_CLIENT_DEFAULTS });
  await client.connect();
  const db = client.db(options.dbName);
  const orders = db.collection<OrderDocument>('orders');

  /** `concurrency` loops of `operation` back to back for `seconds`; a loop ends when it returns false. */
  const lanes = async (seconds: number, operation: (lane: number) => Promise<boolean>) => {
    const latencies: number[] = [];
    let errors = 0;
    const started = performance.now();
    const lane = async (_: unknown, index: number) => {
      while (performance.now() - started < seconds * 1000) {
        const t0 = performance.now();
        try {
          if (!(await operation(index))) return;
          latencies.push(performance.now() - t0);
        } catch {
          errors++;
        }
      }
    };
    await Promise.all(Array.from({ length: options.concurrency }, lane));
    return { latencies, errors, seconds: (performance.now() - started) / 1000 };
  };
  const measured = async (operation: string, route: string, work: (lane: number) => Promise<boolean>) => {
    await lanes(options.warmupSeconds, work);
    const run = await lanes(options.durationSeconds, work);
    const operationsPerSecond = Math.round(run.latencies.length / run.seconds);
    return { operation, route, operationsPerSecond, latencyMs: summarize(run.latencies), errors: run.errors };
  };
  return {
    findOne: (ids: readonly string[]) => {
      const next = cycle(ids);
      return measured(
        'findOne by _id',
        'GET /orders/:id',
        async () => (await orders.findOne({ _id: next() })) !== null,
      );
    },
    /** A page and one, newest first, as the API asks. */
    listNewest: (customerIds: readonly string[]) => {
      const next = cycle(customerIds);
      return measured('find by customer, newest 21', 'GET /orders?limit=20', async () => {
        await orders.find({ customerId: next() }).sort({ _id: -1 }).limit(21).toArray();
        return true;
      });
    },
    /** The adapter's own conditional findOneAndUpdate (transitionWrite), walking each order through CHAIN. */
    transitions: (nextId: () => string | undefined) => {
      const walking = new Map<number, { id: string; step: number }>();
      const from = ['CREATED', ...CHAIN] as const;
      return measured('findOneAndUpdate (transition)', 'PATCH /orders/:id/status', async (lane) => {
        let order = walking.get(lane);
        if (order === undefined || order.step === CHAIN.length) {
          const id = nextId();
          if (id === undefined) return false;
          order = { id, step: 0 };
          walking.set(lane, order);
        }
        const step = order.step++;
        const actor = { id: 'raw-kitchen', role: 'kitchen' } as const;
        const change = {
          from: from[step],
          to: CHAIN[step],
          at: new Date(),
          actor,
          reason: null,
          override: false,
        };
        const { filter, update } = transitionWrite({
          id: order.id,
          change: { ...change, requestId: `raw-${order.id}-${step}` },
        } as Parameters<typeof transitionWrite>[0]);
        if ((await orders.findOneAndUpdate(filter, update, { returnDocument: 'after' })) === null) {
          order.step = CHAIN.length;
          throw new Error(`order ${order.id} was not at ${from[step]}`);
        }
        return true;
      });
    },
    /** insertOne of copies of an order the API wrote (same fields, same size), new ids and keys. */
    insertOrders: async () => {
      const template = await orders.findOne({ status: 'CREATED', version: 1 });
      if (template === null) throw new Error('no order to copy');
      const ids = new UuidV7IdGenerator();
      let n = 0;
      return measured('insertOne (order document)', 'POST /orders', async () => {
        const k = n++;
        await orders.insertOne({ ...template, _id: ids.next(), idempotencyKey: `raw-${Date.now()}-${k}` });
        return true;
      });
    },
    /** Documents in the collection: FerretDB's costs grow with it, so every figure is read with it. */
    count: () => orders.countDocuments(),
    /** Drops the database (the API's, made for this run only) and disconnects. */
    close: async () => {
      await db.dropDatabase();
      await client.close();
    },
  };
}

export type RawDriver = Awaited<ReturnType<typeof openRawDriver>>;
