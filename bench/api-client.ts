/** A small JSON client for seeding and sampling (not for load: autocannon does that). */
export interface ApiReply {
  readonly status: number;
  readonly bodyBytes: number;
  // biome-ignore lint/suspicious/noExplicitAny: JSON of many shapes; each caller reads the fields it needs.
  readonly body: any;
}

export async function call(
  baseUrl: string,
  method: string,
  path: string,
  options: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<ApiReply> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers,
    ...(options.body !== undefined && { body: JSON.stringify(options.body) }),
  });
  const text = await response.text();
  return {
    status: response.status,
    bodyBytes: Buffer.byteLength(text, 'utf8'),
    body: text === '' ? null : JSON.parse(text),
  };
}

/** Like call(), but any status other than `expected` is an error naming the request. */
export async function expect(
  expected: number,
  baseUrl: string,
  method: string,
  path: string,
  options: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<ApiReply> {
  const reply = await call(baseUrl, method, path, options);
  if (reply.status !== expected) {
    throw new Error(
      `${method} ${path}: expected ${expected}, got ${reply.status} ${JSON.stringify(reply.body)}`,
    );
  }
  return reply;
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
