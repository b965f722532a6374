// Preloaded into the benchmark's API (node --import): writes Fastify's "Server listening at
// <url>" line, which the API logs at info, also when LOG_LEVEL=warn keeps the logs off the
// hot path. So the API can listen on PORT=0 and tell its port (apps/api/test/support/api-process.ts
// reads that line). It acts once per listen, never per request.
import { tracingChannel } from 'node:diagnostics_channel';

tracingChannel<object, { server?: { address(): unknown } }>('net.server.listen').subscribe({
  start() {},
  end() {},
  asyncStart() {},
  asyncEnd(message) {
    const address = message.server?.address();
    if (address !== null && typeof address === 'object' && 'port' in address && 'address' in address) {
      const host = String(address.address);
      process.stderr.write(
        `Server listening at http://${host.includes(':') ? `[${host}]` : host}:${String(address.port)}\n`,
      );
    }
  },
  error() {},
});
