import { z } from 'zod';
import { NotReadyError } from '../errors/http-errors.ts';
import type { ZodApp } from '../zod-app.ts';

export function registerHealthRoutes(app: ZodApp, readiness: () => Promise<boolean>): void {
  app.get(
    '/health/live',
    {
      schema: {
        operationId: 'getLiveness',
        summary: 'The process is running',
        description:
          'Always 200 while the process runs, whatever the database does. Public, never rate limited.',
        tags: ['operations'],
        response: { 200: z.object({ status: z.literal('live') }).describe('The process is up.') },
      },
    },
    async () => ({ status: 'live' as const }),
  );

  app.get(
    '/health/ready',
    {
      schema: {
        operationId: 'getReadiness',
        summary: 'The database is reachable and the server is not shutting down',
        description:
          '200 once the store is prepared and while the database answers; 503 otherwise and while shutting down. Public, never rate limited.',
        tags: ['operations'],
        response: { 200: z.object({ status: z.literal('ready') }).describe('Ready to serve.') },
      },
    },
    async () => {
      // A probe asks many times a minute: not ready is its answer, logged once at info.
      const ready = await readiness().catch(() => false);
      if (!ready) throw new NotReadyError();
      return { status: 'ready' as const };
    },
  );
}
