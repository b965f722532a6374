import { once } from 'node:events';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTcpProxy, type TcpProxy } from '../src/testing/index.ts';

// The proxy itself, in front of a plain echo server: what fault tests rely on it to do.
let echo: Server;
let proxy: TcpProxy;

beforeEach(async () => {
  echo = createServer((socket) => {
    socket.on('error', () => socket.destroy());
    socket.pipe(socket);
  });
  echo.listen(0, '127.0.0.1');
  await once(echo, 'listening');
  const address = echo.address();
  if (address === null || typeof address === 'string') throw new Error('echo server has no port');
  proxy = await startTcpProxy({ host: '127.0.0.1', port: address.port });
});

afterEach(async () => {
  await proxy.close();
  echo.close();
});

async function open(): Promise<Socket> {
  const socket = connect(proxy.address.port, proxy.address.host);
  await once(socket, 'connect');
  return socket;
}

/** What comes back for `message` within `ms`: the echo, or null when nothing does. */
async function roundTrip(socket: Socket, message: string, ms = 200): Promise<string | null> {
  socket.write(message);
  const reply = once(socket, 'data').then(([data]) => String(data));
  const silence = new Promise<null>((resolve) => setTimeout(() => resolve(null), ms));
  return Promise.race([reply, silence]);
}

describe('TcpProxy', () => {
  it('forwards both ways', async () => {
    const socket = await open();

    expect(await roundTrip(socket, 'ping')).toBe('ping');
    socket.destroy();
  });

  it('cut: resets open connections and refuses new ones; restore: accepts again on the same port', async () => {
    const socket = await open();
    const closed = once(socket, 'close');
    socket.on('error', () => {});

    await proxy.cut();

    await closed;
    const refused = connect(proxy.address.port, proxy.address.host);
    const [error] = await once(refused, 'error');
    expect(error).toMatchObject({ code: 'ECONNREFUSED' });

    await proxy.restore();

    const again = await open();
    expect(await roundTrip(again, 'back')).toBe('back');
    again.destroy();
  });

  it('stall: keeps connections open and silent; restore: drops them and forwards new ones', async () => {
    const socket = await open();
    socket.on('error', () => {});

    proxy.stall();

    expect(await roundTrip(socket, 'anyone?')).toBeNull();
    const stalledNew = await open();
    stalledNew.on('error', () => {});
    expect(await roundTrip(stalledNew, 'hello?')).toBeNull();
    const dropped = Promise.all([once(socket, 'close'), once(stalledNew, 'close')]);

    await proxy.restore();

    await dropped;
    const fresh = await open();
    expect(await roundTrip(fresh, 'fresh')).toBe('fresh');
    fresh.destroy();
  });
});
