import { connect, type Socket } from 'node:net';

export interface RawResponse {
  readonly status: number;
  /** Lower-cased names; a repeated header keeps its last value. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  /** From the first byte written to the connection's end. */
  readonly elapsedMs: number;
}

/** Parses what a server wrote to a connection: one HTTP/1.1 response. */
export function parseResponse(raw: string, elapsedMs: number): RawResponse {
  const split = raw.indexOf('\r\n\r\n');
  if (split < 0) throw new Error(`not an HTTP response: ${JSON.stringify(raw)}`);
  const [statusLine = '', ...lines] = raw.slice(0, split).split('\r\n');
  const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(statusLine)?.[1]);
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { status, headers, body: raw.slice(split + 4), elapsedMs };
}

/**
 * A client that writes exactly the bytes given, as a hostile or broken one would, and
 * reads until the server closes the connection (or `closeAfterMs` passes, for servers
 * that keep it open).
 */
export async function rawExchange(
  port: number,
  chunks: readonly (string | Buffer | { readonly pauseMs: number })[],
  options: { readonly closeAfterMs?: number } = {},
): Promise<RawResponse> {
  const socket: Socket = connect(port, '127.0.0.1');
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  const started = performance.now();
  const received: Buffer[] = [];
  const ended = new Promise<number>((resolve) => {
    socket.on('data', (chunk: Buffer) => received.push(chunk));
    socket.on('error', () => {});
    socket.once('close', () => resolve(performance.now() - started));
  });
  const timer =
    options.closeAfterMs === undefined ? undefined : setTimeout(() => socket.destroy(), options.closeAfterMs);
  let closed = false;
  void ended.then(() => {
    closed = true;
  });
  for (const chunk of chunks) {
    if (closed) break;
    if (typeof chunk === 'object' && 'pauseMs' in chunk) {
      // A pause ends early when the server closes: there is nobody left to write to.
      await Promise.race([new Promise((done) => setTimeout(done, chunk.pauseMs)), ended]);
    } else {
      socket.write(chunk);
    }
  }
  const elapsedMs = await ended;
  clearTimeout(timer);
  return parseResponse(Buffer.concat(received).toString('utf8'), elapsedMs);
}
