import { afterEach, describe, expect, test } from 'vitest';
import { LogCapture } from './support/log-capture.ts';
import { TestWorld } from './support/test-app.ts';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const TRACEPARENT = `00-${TRACE_ID}-00f067aa0ba902b7-01`;

describe('observability', () => {
  let world: TestWorld;
  afterEach(() => world.close());

  describe('W3C traceparent', () => {
    test('its trace id is on every log line of the request', async () => {
      const capture = new LogCapture();
      world = await TestWorld.start({ logger: { level: 'info', stream: capture } });
      await world.inject({
        method: 'GET',
        url: '/users/me',
        headers: { 'x-request-id': 'traced-1', traceparent: TRACEPARENT },
      });
      const lines = capture.lines.filter((line) => line.requestId === 'traced-1');
      expect(lines.length).toBeGreaterThanOrEqual(3);
      for (const line of lines) expect(line.traceId).toBe(TRACE_ID);
    });

    test.each([
      ['version ff', `ff-${TRACE_ID}-00f067aa0ba902b7-01`],
      ['an all-zero trace id', `00-${'0'.repeat(32)}-00f067aa0ba902b7-01`],
      ['an all-zero parent id', `00-${TRACE_ID}-${'0'.repeat(16)}-01`],
      ['upper-case hex', `00-${TRACE_ID.toUpperCase()}-00f067aa0ba902b7-01`],
      ['a version 00 with more fields', `${TRACEPARENT}-extra`],
      ['a short trace id', '00-4bf92f35-00f067aa0ba902b7-01'],
    ])('%s is ignored', async (_what, traceparent) => {
      const capture = new LogCapture();
      world = await TestWorld.start({ logger: { level: 'info', stream: capture } });
      await world.inject({
        method: 'GET',
        url: '/health/live',
        headers: { 'x-request-id': 'bad-1', traceparent },
      });
      const lines = capture.lines.filter((line) => line.requestId === 'bad-1');
      expect(lines.length).toBeGreaterThan(0);
      for (const line of lines) expect(line).not.toHaveProperty('traceId');
    });

    test('a later version with more fields is read', async () => {
      const capture = new LogCapture();
      world = await TestWorld.start({ logger: { level: 'info', stream: capture } });
      await world.inject({
        method: 'GET',
        url: '/health/live',
        headers: { 'x-request-id': 'v1-1', traceparent: `01-${TRACE_ID}-00f067aa0ba902b7-01-future` },
      });
      expect(capture.lines.find((line) => line.requestId === 'v1-1')?.traceId).toBe(TRACE_ID);
    });
  });

  describe('CORS', () => {
    const ORIGIN = 'https://app.example.com';

    test('is off unless origins are listed', async () => {
      world = await TestWorld.start();
      const response = await world.inject({
        method: 'GET',
        url: '/health/live',
        headers: { origin: ORIGIN },
      });
      expect(response.headers['access-control-allow-origin']).toBeUndefined();
    });

    test('a listed origin may call, preflight included, and read errors and the contract headers', async () => {
      world = await TestWorld.start({ corsOrigins: [ORIGIN] });
      const preflight = await world.inject({
        method: 'OPTIONS',
        url: '/orders',
        headers: {
          origin: ORIGIN,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'authorization, content-type, idempotency-key',
        },
      });
      expect(preflight.statusCode).toBe(204);
      expect(preflight.headers['access-control-allow-origin']).toBe(ORIGIN);
      expect(String(preflight.headers['access-control-allow-headers'])).toContain('idempotency-key');
      expect(String(preflight.headers['access-control-allow-methods'])).toContain('PATCH');
      expect(preflight.headers['x-request-id']).toEqual(expect.any(String));
      expect(preflight.headers['x-content-type-options']).toBe('nosniff');

      // An OPTIONS that is no preflight is not the plugin's plain-text 400.
      const bare = await world.inject({ method: 'OPTIONS', url: '/orders' });
      expect(bare.statusCode).toBeLessThan(400);
      expect(bare.headers['x-request-id']).toEqual(expect.any(String));
      expect(bare.headers['x-content-type-options']).toBe('nosniff');

      const refused = await world.inject({ method: 'GET', url: '/users/me', headers: { origin: ORIGIN } });
      expect(refused.statusCode).toBe(401);
      expect(refused.headers['access-control-allow-origin']).toBe(ORIGIN);
      expect(String(refused.headers['access-control-expose-headers'])).toContain('x-request-id');
    });

    test('another origin gets no permission', async () => {
      world = await TestWorld.start({ corsOrigins: [ORIGIN] });
      const response = await world.inject({
        method: 'GET',
        url: '/health/live',
        headers: { origin: 'https://evil.example.com' },
      });
      expect(response.headers['access-control-allow-origin']).toBeUndefined();
    });
  });
});
