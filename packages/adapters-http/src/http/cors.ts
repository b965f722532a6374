import fastifyCors from '@fastify/cors';
import type { FastifyInstance } from 'fastify';

/**
 * Cross-origin calls from the listed browser origins only. Bearer tokens travel in a
 * header, not in cookies, so credentials stay off. The headers a client sends and reads
 * are the contract's own.
 */
export async function registerCors(app: FastifyInstance, origins: readonly string[]): Promise<void> {
  await app.register(fastifyCors, {
    origin: [...origins],
    methods: ['GET', 'POST', 'PATCH'],
    allowedHeaders: [
      'authorization',
      'content-type',
      'idempotency-key',
      'if-match',
      'if-none-match',
      'x-request-id',
      'traceparent',
    ],
    exposedHeaders: [
      'x-request-id',
      'location',
      'etag',
      'idempotent-replayed',
      'retry-after',
      'ratelimit',
      'ratelimit-policy',
    ],
    credentials: false,
    maxAge: 600,
    // An OPTIONS without the preflight headers gets the plugin's plain-text 400 otherwise,
    // the one answer that would not be a problem document.
    strictPreflight: false,
  });
}
