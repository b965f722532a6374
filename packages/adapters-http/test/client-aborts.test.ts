import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import { afterEach, describe, expect, test } from 'vitest';
import { LogCapture } from './support/log-capture.ts';
import { TestWorld } from './support/test-app.ts';

describe('a client that goes away', () => {
  let world: TestWorld;
  afterEach(() => world.close());

  test('in the middle of its body is logged once at info, not as an INTERNAL error with a stack', async () => {
    const capture = new LogCapture();
    world = await TestWorld.start({ logger: { level: 'info', stream: capture } });
    await world.app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = world.app.server.address() as AddressInfo;
    const socket = connect(port, '127.0.0.1');
    await new Promise((done) => socket.once('connect', done));
    socket.write(
      'POST /auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n' +
        'X-Request-Id: gone-1\r\nContent-Length: 64\r\n\r\n{"email":',
    );
    await new Promise((done) => setTimeout(done, 200));
    socket.destroy();
    await new Promise((done) => setTimeout(done, 300));
    const lines = capture.lines.filter((line) => line.requestId === 'gone-1');
    expect(lines.map((line) => [line.level, line.msg])).toEqual([
      [30, 'incoming request'],
      [30, 'client closed the connection before the response'],
    ]);
    expect(capture.text).not.toContain('INTERNAL');
    expect(capture.text).not.toContain('"stack"');
  });
});
