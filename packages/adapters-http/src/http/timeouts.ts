/** How long the server waits for a client, in milliseconds. */
export interface HttpTimeouts {
  /** The whole request, headers and body, must be received within this. */
  readonly requestMs: number;
  /** The headers alone must be received within this; at most requestMs. */
  readonly headersMs: number;
  /** An idle kept-alive connection is closed after this. */
  readonly keepAliveMs: number;
}

/**
 * What a reverse proxy in front expects: a slow body is cut within 30 s, slow headers
 * within 10 s, and an idle connection outlives the proxy's own idle timeout (60 s for
 * nginx, AWS ALB and most others), so the proxy never reuses a connection this server is
 * closing.
 */
export const HTTP_TIMEOUT_DEFAULTS: HttpTimeouts = {
  requestMs: 30_000,
  headersMs: 10_000,
  keepAliveMs: 72_000,
};

/**
 * Node checks the request and header deadlines every connectionsCheckingInterval (30 s
 * by default), so a deadline of 10 s would really be up to 40 s. Checked often enough
 * that a deadline is kept to about a tenth of itself, and never more than once per 100 ms.
 */
export function deadlineCheckIntervalMs(timeouts: HttpTimeouts): number {
  return Math.max(100, Math.min(1000, Math.floor(timeouts.headersMs / 10)));
}

/** The deadlines as options of Node's http.createServer, for every listener the service opens. */
export function nodeServerTimeouts(timeouts: HttpTimeouts) {
  return {
    requestTimeout: timeouts.requestMs,
    headersTimeout: timeouts.headersMs,
    keepAliveTimeout: timeouts.keepAliveMs,
    connectionsCheckingInterval: deadlineCheckIntervalMs(timeouts),
  };
}
