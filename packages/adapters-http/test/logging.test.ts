import Fastify from 'fastify';
import { afterEach, describe, expect, test } from 'vitest';
import { loggerOptions, RequestLogger } from '../src/logging.ts';
import { FaultyOrderRepository } from './support/faulty-order-repository.ts';
import { LogCapture } from './support/log-capture.ts';
import { PASSWORD, TestWorld } from './support/test-app.ts';

describe('logs', () => {
  let world: TestWorld;
  afterEach(() => world.close());

  test('carry the request id on every line of a request', async () => {
    const capture = new LogCapture();
    world = await TestWorld.start({ logger: { level: 'info', stream: capture } });
    await world.inject({ method: 'GET', url: '/health/live', headers: { 'x-request-id': 'trace-me-1' } });
    const lines = capture.lines.filter((line) => line.requestId === 'trace-me-1');
    expect(lines.map((line) => line.msg)).toEqual(['incoming request', 'request completed']);
  });

  test('never contain a password, a token or the Authorization header, even when something logs them', async () => {
    const capture = new LogCapture();
    world = await TestWorld.start({ logger: { level: 'trace', stream: capture } });
    const caller = await world.caller('customer', 'ann@example.com');
    await world.inject({
      method: 'POST',
      url: '/auth/login',
      payload: { email: 'ann@example.com', password: PASSWORD },
    });
    await world.inject({
      method: 'GET',
      url: '/users/me',
      headers: { ...caller.headers, cookie: 'session=abc' },
    });
    // What a careless log call elsewhere could write.
    world.app.log.info(
      {
        req: { headers: { authorization: caller.headers.authorization, cookie: 'session=abc' } },
        body: { password: PASSWORD, accessToken: caller.token },
        token: caller.token,
      },
      'careless',
    );
    const text = capture.text;
    expect(text).toContain('careless');
    expect(text).toContain('[redacted]');
    expect(text).not.toContain(PASSWORD);
    expect(text).not.toContain(caller.token);
    expect(text).not.toContain('session=abc');
  });

  test('an unexpected error is logged in full for operators while the client gets a generic 500', async () => {
    const capture = new LogCapture();
    const orders = new FaultyOrderRepository();
    world = await TestWorld.start({ orders, logger: { level: 'info', stream: capture } });
    const customer = await world.caller('customer');
    orders.failWith(new Error('driver exploded at shard 7'));
    await world.inject({
      method: 'GET',
      url: '/orders',
      headers: { ...customer.headers, 'x-request-id': 'boom-1' },
    });
    const failure = capture.lines.find((line) => line.requestId === 'boom-1' && line.level === 50);
    expect(failure).toMatchObject({ code: 'INTERNAL', err: { message: 'driver exploded at shard 7' } });
  });

  describe("a request's logger", () => {
    /** The app's own pino, as fastify makes it, writing into a capture. */
    function pinoAt(level: string) {
      const capture = new LogCapture();
      const { log } = Fastify({ logger: loggerOptions({ level, stream: capture }) });
      return { capture, log };
    }

    test('writes nothing below its level, and each line above it with its bindings, redacted', () => {
      const { capture, log } = pinoAt('warn');
      const logger = new RequestLogger(log, { requestId: 'lazy-1', traceId: 't-1' });
      logger.info('not written');
      logger.debug({ detail: 1 }, 'not written either');
      logger.warn({ password: 'hunter2 hunter2' }, 'written');
      logger.error(new Error('kaput'));
      expect(capture.lines).toMatchObject([
        { level: 40, requestId: 'lazy-1', traceId: 't-1', password: '[redacted]', msg: 'written' },
        { level: 50, requestId: 'lazy-1', traceId: 't-1', err: { message: 'kaput' } },
      ]);
      expect(capture.text).not.toContain('hunter2');
    });

    test('is made into a child at its first written line, not before, and once', () => {
      const { capture, log } = pinoAt('warn');
      const made: unknown[] = [];
      const parent = Object.assign(Object.create(log), {
        child: (bindings: Record<string, unknown>) => {
          made.push(bindings);
          return log.child(bindings);
        },
      });
      const logger = new RequestLogger(parent, { requestId: 'lazy-3' });
      logger.info('below the level');
      expect([logger.isLevelEnabled('info'), logger.isLevelEnabled('warn')]).toEqual([false, true]);
      expect(made).toEqual([]);
      logger.warn('first');
      logger.error('second');
      expect(made).toEqual([{ requestId: 'lazy-3' }]);
      expect(logger.bindings()).toEqual({ requestId: 'lazy-3' });
      expect(capture.lines.map((line) => line.msg)).toEqual(['first', 'second']);
    });

    test('its own level and its children act like those of a child made at once', () => {
      const { capture, log } = pinoAt('warn');
      const logger = new RequestLogger(log, { requestId: 'lazy-2' });
      expect(logger.level).toBe('warn');
      logger.level = 'info';
      expect([logger.level, log.level]).toEqual(['info', 'warn']);
      logger.info('now written');
      logger.child({ step: 'inner' }).info('from a child');
      log.info('the app logger keeps its level');
      expect(capture.lines).toMatchObject([
        { level: 30, requestId: 'lazy-2', msg: 'now written' },
        { level: 30, requestId: 'lazy-2', step: 'inner', msg: 'from a child' },
      ]);
      expect(capture.lines).toHaveLength(2);
    });

    test('of a request at LOG_LEVEL=warn carries its request id on the lines it writes', async () => {
      const capture = new LogCapture();
      const orders = new FaultyOrderRepository();
      world = await TestWorld.start({ orders, logger: { level: 'warn', stream: capture } });
      const customer = await world.caller('customer');
      orders.failWith(new Error('driver exploded at shard 8'));
      await world.inject({
        method: 'GET',
        url: '/orders',
        headers: { ...customer.headers, 'x-request-id': 'boom-2' },
      });
      await world.inject({ method: 'GET', url: '/health/live', headers: { 'x-request-id': 'quiet-1' } });
      expect(capture.lines.filter((line) => line.requestId === 'boom-2')).toMatchObject([
        { level: 50, code: 'INTERNAL', err: { message: 'driver exploded at shard 8' } },
      ]);
      expect(capture.lines.filter((line) => line.requestId === 'quiet-1')).toEqual([]);
    });
  });
});
