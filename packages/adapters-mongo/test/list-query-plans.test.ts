import type { OrderListQuery } from '@food-oms/application';
import { anOrder, aUser } from '@food-oms/application/testing';
import type { Order, OrderStatus, UserId } from '@food-oms/domain';
import type { Document } from 'mongodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { MongoOrderRepository } from '../src/mongo-order-repository.ts';
import { useMongoTestDatabase } from '../src/testing/index.ts';
import { useCommandLog } from './support/command-log.ts';

// Explains the very `find` each list query sends (captured with command monitoring), so
// the plan checked is the adapter's, not a copy of it.
const mongo = useMongoTestDatabase();
const commands = useCommandLog(mongo);

const STATUSES: readonly OrderStatus[] = ['CREATED', 'CONFIRMED', 'PREPARING', 'READY', 'CANCELLED'];
const customers = Array.from({ length: 4 }, () => aUser().id);
const ann = customers[0] as UserId;
let middle: Order;

/** Every stage name and index name in a MongoDB winning plan, however deeply nested (classic or SBE). */
function planParts(plan: unknown, parts = { stages: [] as string[], indexes: [] as string[] }) {
  if (Array.isArray(plan)) {
    for (const child of plan) planParts(child, parts);
  } else if (typeof plan === 'object' && plan !== null) {
    const node = plan as Document;
    if (typeof node.stage === 'string') parts.stages.push(node.stage);
    if (typeof node.indexName === 'string') parts.indexes.push(node.indexName);
    for (const child of Object.values(node)) planParts(child, parts);
  }
  return parts;
}

async function explainList(query: OrderListQuery): Promise<Document> {
  const orders = new MongoOrderRepository(commands.db());
  const sent = await commands.during(() => orders.list(query));
  const find = sent.find((command) => command.name === 'find')?.body;
  if (find === undefined) throw new Error('list sent no find command');
  const { filter, sort, limit } = find;
  return commands
    .db()
    .command({ explain: { find: find.find, filter, sort, limit }, verbosity: 'queryPlanner' });
}

/**
 * FerretDB 1.24 on PostgreSQL keeps secondary indexes for uniqueness only: a filter it
 * pushes down becomes jsonb containment (`_jsonb->'customerId' @> '"…"'`), which a btree
 * expression index cannot serve, and it pushes down no sort but $natural. Its plan is
 * always a Seq Scan, so index use can only be shown on MongoDB.
 */
const FERRETDB_HAS_NO_INDEXED_READS =
  'FerretDB 1.24 answers every find with a PostgreSQL Seq Scan (filters are pushed down as jsonb containment, which its btree indexes cannot serve); index use is asserted on MongoDB only';

const CASES: {
  readonly name: string;
  readonly query: () => OrderListQuery;
  /** The index MongoDB's planner must pick; undefined where two serve equally well. */
  readonly index: string | undefined;
  /** Whether FerretDB pushes the filter down to PostgreSQL (it does for customerId equality only). */
  readonly ferretDbPushdown: boolean;
}[] = [
  {
    name: 'a customer, first page',
    query: () => ({ customerId: ann, limit: 10 }),
    index: 'customer_newest_first',
    ferretDbPushdown: true,
  },
  {
    name: 'a customer, next page',
    query: () => ({ customerId: ann, before: middle.id, limit: 10 }),
    index: 'customer_newest_first',
    ferretDbPushdown: true,
  },
  {
    name: 'some statuses',
    query: () => ({ statuses: ['CREATED', 'READY'], limit: 10 }),
    index: 'status_newest_first',
    ferretDbPushdown: false,
  },
  {
    name: 'everything, next page',
    query: () => ({ before: middle.id, limit: 10 }),
    index: '_id_',
    ferretDbPushdown: false,
  },
  {
    name: 'a customer and some statuses',
    query: () => ({ customerId: ann, statuses: ['CREATED', 'READY'], limit: 10 }),
    index: undefined,
    ferretDbPushdown: true,
  },
];

describe.skipIf(!mongo.available)('list query plans', () => {
  beforeAll(async () => {
    const orders = new MongoOrderRepository(commands.db());
    const seeded = Array.from({ length: 200 }, (_, i) =>
      anOrder({
        customerId: customers[i % customers.length] as UserId,
        status: STATUSES[i % STATUSES.length] as OrderStatus,
      }),
    );
    for (const order of seeded) await orders.insert(order, { key: order.id, fingerprint: 'f' });
    middle = seeded[100] as Order;
  });

  for (const { name, query, index, ferretDbPushdown } of CASES) {
    it(`lists ${name} through an index, never a collection scan`, async (context) => {
      const explained = await explainList(query());

      if (mongo.get().ferretDbVersion !== null) {
        expect(explained.queryPlanner.Plan['Node Type']).toBe('Seq Scan');
        expect(explained.filterPushdown).toBe(ferretDbPushdown);
        console.warn(`[mongo] list plan "${name}": ${FERRETDB_HAS_NO_INDEXED_READS}`);
        context.skip(FERRETDB_HAS_NO_INDEXED_READS);
      }
      const { stages, indexes } = planParts(explained.queryPlanner.winningPlan);
      expect(stages).toContain('IXSCAN');
      expect(stages).not.toContain('COLLSCAN');
      expect(stages).not.toContain('SORT');
      if (index !== undefined) expect(new Set(indexes)).toEqual(new Set([index]));
    });
  }
});
