import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type RawResponse, rawExchange } from './support/raw-http.ts';
import { TestWorld } from './support/test-app.ts';

// A real socket, bytes written by hand: what a slow, broken or hostile client sends before
// there is any request for fastify to route. Deadlines are shortened so that the test
// takes seconds; the production defaults are the same mechanism at 30 s / 10 s.

const TIMEOUTS = { requestMs: 1500, headersMs: 800, keepAliveMs: 5000 };
/** Node checks deadlines on an interval; room for that and a loaded two-core machine. */
const SLACK_MS = 1500;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function expectRawProblem(response: RawResponse, status: number, code: string) {
  expect(response.status, response.body).toBe(status);
  expect(response.headers['content-type']).toBe('application/problem+json; charset=utf-8');
  expect(response.headers['x-content-type-options']).toBe('nosniff');
  expect(response.headers.connection).toBe('close');
  const requestId = response.headers['x-request-id'];
  expect(requestId).toMatch(UUID);
  const body = JSON.parse(response.body);
  expect(body).toMatchObject({ status, code, requestId });
  expect(Number(response.headers['content-length'])).toBe(Buffer.byteLength(response.body));
  return body;
}

describe('requests are bounded and every parser fault is a problem', () => {
  let world: TestWorld;
  let port: number;

  beforeAll(async () => {
    world = await TestWorld.start({ timeouts: TIMEOUTS });
    await world.app.listen({ host: '127.0.0.1', port: 0 });
    port = (world.app.server.address() as AddressInfo).port;
  });
  afterAll(() => world.close());

  test('a body that never arrives in full is cut with 408 REQUEST_TIMEOUT, carrying its request id', async () => {
    const response = await rawExchange(port, [
      'POST /auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n' +
        'X-Request-Id: slow-body-1\r\nContent-Length: 64\r\n\r\n{"email":"a@example.com",',
      { pauseMs: TIMEOUTS.requestMs + SLACK_MS + 1000 },
    ]);
    expect(response.status, response.body).toBe(408);
    expect(JSON.parse(response.body)).toMatchObject({ code: 'REQUEST_TIMEOUT', requestId: 'slow-body-1' });
    expect(response.headers['x-request-id']).toBe('slow-body-1');
    expect(response.elapsedMs).toBeGreaterThanOrEqual(TIMEOUTS.requestMs - 100);
    expect(response.elapsedMs).toBeLessThan(TIMEOUTS.requestMs + SLACK_MS);
  });

  test('headers sent one line at a time are cut with 408 once the header deadline passes', async () => {
    const trickle = Array.from({ length: 20 }, (_, i) => [`X-Slow-${i}: y\r\n`, { pauseMs: 200 }]).flat();
    const response = await rawExchange(port, ['GET /health/live HTTP/1.1\r\nHost: x\r\n', ...trickle]);
    expectRawProblem(response, 408, 'REQUEST_TIMEOUT');
    expect(response.elapsedMs).toBeGreaterThanOrEqual(TIMEOUTS.headersMs - 100);
    expect(response.elapsedMs).toBeLessThan(TIMEOUTS.headersMs + SLACK_MS);
  });

  test('slow clients do not starve a normal one', async () => {
    const slow = Array.from({ length: 50 }, () =>
      rawExchange(port, [
        'POST /auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 64\r\n\r\n{',
        { pauseMs: TIMEOUTS.requestMs + SLACK_MS + 1000 },
      ]),
    );
    const started = performance.now();
    const live = await fetch(`http://127.0.0.1:${port}/health/live`);
    expect(live.status).toBe(200);
    expect(performance.now() - started).toBeLessThan(1000);
    for (const response of await Promise.all(slow)) expect(response.status).toBe(408);
  });

  test.each([
    [
      'conflicting Content-Length headers',
      'POST /auth/login HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}',
    ],
    [
      'Content-Length with Transfer-Encoding',
      'POST /auth/login HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n',
    ],
    ['a control byte in a header value', 'GET /health/live HTTP/1.1\r\nHost: x\r\nX-Bad: a\u0001b\r\n\r\n'],
    ['a space before the colon', 'GET /health/live HTTP/1.1\r\nHost: x\r\nX-Bad : b\r\n\r\n'],
    ['a request line that is not HTTP', 'HELLO\r\n\r\n'],
  ])('%s is 400 VALIDATION_FAILED as problem+json', async (_name, request) => {
    expectRawProblem(await rawExchange(port, [request]), 400, 'VALIDATION_FAILED');
  });

  test('headers over the size limit are 431 HEADERS_TOO_LARGE', async () => {
    const big = `GET /health/live HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`;
    expectRawProblem(await rawExchange(port, [big]), 431, 'HEADERS_TOO_LARGE');
  });
});
