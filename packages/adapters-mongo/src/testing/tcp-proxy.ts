import { once } from 'node:events';
import { connect, createServer, type Socket } from 'node:net';

export interface TcpAddress {
  readonly host: string;
  readonly port: number;
}

/**
 * A loopback TCP proxy that a fault test puts between a client and its server, to take the
 * server away and give it back while the client keeps running.
 */
export interface TcpProxy {
  /** Where clients connect instead of the target: 127.0.0.1 and a port of the proxy's own. */
  readonly address: TcpAddress;
  /** The server is gone: open connections are closed under the client, new ones refused (nothing listens). */
  cut(): Promise<void>;
  /** The server hangs: connections stay open, new ones are accepted, but no byte passes either way. */
  stall(): void;
  /** The server is back. Connections that lived through a stall lost bytes, so they are dropped. */
  restore(): Promise<void>;
  close(): Promise<void>;
}

type Mode = 'forwarding' | 'cut' | 'stalled';

export async function startTcpProxy(target: TcpAddress): Promise<TcpProxy> {
  let mode: Mode = 'forwarding';
  const sockets = new Set<Socket>();

  const track = (socket: Socket): void => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    // A reset from either side is what this proxy is for; it must not crash the test.
    socket.on('error', () => socket.destroy());
  };

  const dropAll = (): void => {
    for (const socket of sockets) socket.destroy();
  };

  const server = createServer((client) => {
    track(client);
    if (mode === 'stalled') {
      client.pause();
      return;
    }
    const upstream = connect(target.port, target.host);
    track(upstream);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
    client.pipe(upstream).pipe(client);
  });

  const listen = async (port: number): Promise<number> => {
    server.listen(port, '127.0.0.1');
    await once(server, 'listening');
    const bound = server.address();
    if (bound === null || typeof bound === 'string') throw new Error('the proxy is not on a TCP port');
    return bound.port;
  };
  const stopListening = () =>
    new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));

  const address: TcpAddress = { host: '127.0.0.1', port: await listen(0) };

  return {
    address,
    async cut() {
      if (mode === 'cut') return;
      mode = 'cut';
      dropAll();
      await stopListening();
    },
    stall() {
      if (mode !== 'forwarding') throw new Error(`cannot stall a proxy that is ${mode}`);
      mode = 'stalled';
      for (const socket of sockets) {
        socket.unpipe();
        socket.pause();
      }
    },
    async restore() {
      if (mode === 'forwarding') return;
      if (mode === 'cut') await listen(address.port);
      else dropAll();
      mode = 'forwarding';
    },
    async close() {
      dropAll();
      if (server.listening) await stopListening();
    },
  };
}
