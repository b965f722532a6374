import type { MongoTestDatabase } from '@food-oms/adapters-mongo/testing';
import { expect } from 'vitest';

type Db = MongoTestDatabase['db'];

/** What a client may read in a 5xx answer: nothing about the database or the code behind it. */
const INTERNALS = /mongo|topology|econnrefused|econnreset|etimedout|server selection|\n\s+at \S|\.ts:\d+/i;

export interface Answer {
  readonly status: number;
  readonly headers: Headers | Readonly<Record<string, string | string[] | undefined>>;
  // biome-ignore lint/suspicious/noExplicitAny: JSON of many shapes; each check reads the fields it needs.
  readonly body: any;
}

function header(answer: Answer, name: string): string | undefined {
  const { headers } = answer;
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  const value = headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

/**
 * Everything a fault test's clients were answered, and the checks every fault test ends
 * with: at most one order per (customer, key), every order answered 201 is stored, and each
 * 5xx was a clean 503 SERVICE_UNAVAILABLE problem with Retry-After that leaks nothing.
 */
export class FaultLedger {
  /** Order ids answered with 201 (created or replayed). */
  readonly created = new Set<string>();
  readonly serverErrors: Answer[] = [];
  /** The slowest answer so far: the bound a client of an ailing database waits at most. */
  slowestMs = 0;

  record<A extends Answer>(answer: A, elapsedMs = 0): A {
    this.slowestMs = Math.max(this.slowestMs, elapsedMs);
    if (answer.status === 201 && typeof answer.body?.order?.id === 'string') {
      this.created.add(answer.body.order.id);
    }
    if (answer.status >= 500) this.serverErrors.push(answer);
    return answer;
  }

  async verify(db: Db): Promise<void> {
    for (const answer of this.serverErrors) {
      expect(answer.status, JSON.stringify(answer.body)).toBe(503);
      expect(answer.body).toMatchObject({ status: 503, code: 'SERVICE_UNAVAILABLE' });
      expect(header(answer, 'content-type')).toMatch(/^application\/problem\+json/);
      expect(Number(header(answer, 'retry-after'))).toBeGreaterThanOrEqual(1);
      expect(JSON.stringify(answer.body)).not.toMatch(INTERNALS);
    }

    const orders = db.collection<{ _id: string; customerId: string; idempotencyKey: string }>('orders');
    const repeated = await orders
      .aggregate([
        { $group: { _id: { customerId: '$customerId', key: '$idempotencyKey' }, orders: { $sum: 1 } } },
        { $match: { orders: { $gt: 1 } } },
      ])
      .toArray();
    expect(repeated, 'more than one order for one (customer, Idempotency-Key)').toEqual([]);

    const ids = [...this.created];
    const stored = await orders.find({ _id: { $in: ids } }, { projection: { _id: 1 } }).toArray();
    expect(new Set(stored.map((order) => order._id))).toEqual(new Set(ids));
  }
}
