import { randomUUID } from 'node:crypto';
import { type ServerResponse, STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyBaseLogger } from 'fastify';
import { nodeClientError } from './framework-faults.ts';
import { problemFor } from './problem.ts';

/** The headers every answer carries, the raw ones written here included. */
export const ALWAYS_HEADERS: Readonly<Record<string, string>> = { 'x-content-type-options': 'nosniff' };

/** The raw response to a connection fault: problem+json with X-Request-Id, closing the connection. */
export function clientErrorResponse(errorCode: string, requestId: string): string {
  const problem = problemFor(nodeClientError(errorCode), requestId);
  const body = JSON.stringify(problem.body);
  const headers = {
    ...problem.headers,
    ...ALWAYS_HEADERS,
    'x-request-id': requestId,
    'content-length': String(Buffer.byteLength(body)),
    connection: 'close',
  };
  const lines = Object.entries(headers).map(([name, value]) => `${name}: ${value}`);
  return `HTTP/1.1 ${problem.status} ${STATUS_CODES[problem.status]}\r\n${lines.join('\r\n')}\r\n\r\n${body}`;
}

/**
 * The ids of requests in flight, by connection, so a deadline that cuts a request whose
 * body is still arriving answers with that request's own X-Request-Id.
 */
export const inFlightRequestIds = new WeakMap<Socket, string>();

/**
 * Fastify's clientErrorHandler. Does what Node does (answer only while nothing of a
 * response was written, then close) but answers with a problem document. Logged at info:
 * a broken or slow client is the client's fault, not this server's.
 */
export function answerClientError(
  log: FastifyBaseLogger,
  error: Error & { code?: string },
  socket: Socket,
): void {
  {
    const code = error.code ?? 'UNKNOWN';
    if (code === 'ECONNRESET' || socket.destroyed) return;
    const inFlight = inFlightRequestIds.get(socket);
    if (code === 'HPE_INVALID_EOF_STATE') {
      // The client closed its side mid-request: nobody to answer. A request already in
      // flight logs the abort itself, once.
      if (inFlight === undefined) log.info({ code }, 'client closed the connection mid-request');
      socket.destroy();
      return;
    }
    const requestId = inFlight ?? randomUUID();
    const response = (socket as Socket & { _httpMessage?: ServerResponse | null })._httpMessage;
    log.info({ requestId, code }, 'client error; connection closed');
    if (socket.writable && (response == null || !response.headersSent)) {
      socket.end(clientErrorResponse(code, requestId), () => socket.destroy());
    } else {
      socket.destroy();
    }
  }
}
