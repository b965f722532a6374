import { client, type Reply } from '../apps/api/test/support/client.ts';

/**
 * A request through the end-to-end tests' JSON client (for seeding and sampling, not for
 * load: autocannon does that); any status other than `expected` is an error naming it.
 */
export async function expect(
  expected: number,
  baseUrl: string,
  method: string,
  path: string,
  options: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<Reply> {
  const reply = await client(baseUrl)(method, path, options);
  if (reply.status !== expected) {
    throw new Error(
      `${method} ${path}: expected ${expected}, got ${reply.status} ${JSON.stringify(reply.body)}`,
    );
  }
  return reply;
}

/** The size of the answer's body in bytes, as sent (the API compresses nothing). */
export function bodyBytes(reply: Reply): number {
  const length = reply.headers.get('content-length');
  if (length === null) throw new Error('an answer without content-length: its size is unknown');
  return Number(length);
}

/** Runs `work` over `items` with at most `concurrency` at once, keeping the order of results. */
export async function inParallel<T, R>(
  items: readonly T[],
  concurrency: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, lane));
  return results;
}
