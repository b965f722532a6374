import { afterEach, describe, expect, test } from 'vitest';
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
});
