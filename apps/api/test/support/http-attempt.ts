import { type Agent, request } from 'node:http';

/**
 * How one HTTP request ended, seen from the client's side of the socket. fetch folds every
 * network failure into one "fetch failed"; a shutdown test must tell a connection that was
 * never made from one that was dropped after the request went out.
 */
export type AttemptOutcome =
  | {
      readonly kind: 'answered';
      readonly status: number;
      readonly headers: Readonly<Record<string, string | string[] | undefined>>;
      // biome-ignore lint/suspicious/noExplicitAny: JSON of many shapes; each test asserts the fields it reads.
      readonly body: any;
    }
  /** No connection: nothing listened (ECONNREFUSED), or the listener went away mid-handshake. */
  | { readonly kind: 'refused'; readonly code: string }
  /** The connection existed and the request was written, but no complete answer came back. */
  | { readonly kind: 'reset'; readonly code: string };

export interface AttemptRequest {
  readonly method: string;
  readonly path: string;
  readonly token?: string;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * Sends one request through `agent` (a keep-alive agent reuses its connection, as pooled
 * clients and load balancers do) and reports how it ended; never rejects.
 */
export function attempt(agent: Agent, baseUrl: string, req: AttemptRequest): Promise<AttemptOutcome> {
  const url = new URL(req.path, baseUrl);
  const payload = req.body === undefined ? undefined : JSON.stringify(req.body);
  const headers: Record<string, string> = { ...req.headers };
  if (req.token !== undefined) headers.authorization = `Bearer ${req.token}`;
  if (payload !== undefined) headers['content-type'] = 'application/json';

  return new Promise((resolve) => {
    let connected = false;
    const outgoing = request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname + url.search,
        method: req.method,
        headers,
        agent,
      },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          text += chunk;
        });
        response.on('end', () =>
          resolve({
            kind: 'answered',
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: text === '' ? null : JSON.parse(text),
          }),
        );
        response.on('error', (error: NodeJS.ErrnoException) =>
          resolve({ kind: 'reset', code: error.code ?? error.message }),
        );
      },
    );
    outgoing.on('socket', (socket) => {
      // A reused keep-alive socket is connected already and emits no 'connect'.
      if (!socket.connecting) connected = true;
      else socket.once('connect', () => (connected = true));
    });
    outgoing.on('error', (error: NodeJS.ErrnoException) => {
      const code = error.code ?? error.message;
      resolve(connected ? { kind: 'reset', code } : { kind: 'refused', code });
    });
    outgoing.end(payload);
  });
}
