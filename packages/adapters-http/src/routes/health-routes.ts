import { DatabaseUnavailableError } from '@food-oms/application';
import { z } from 'zod';
import type { ZodApp } from '../zod-app.ts';

export function registerHealthRoutes(app: ZodApp, readiness: () => Promise<boolean>): void {
  app.get(
    '/health/live',
    {
      schema: {
        summary: 'The process is running',
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
        summary: 'The database is reachable and the server is not shutting down',
        tags: ['operations'],
        response: { 200: z.object({ status: z.literal('ready') }).describe('Ready to serve.') },
      },
    },
    async () => {
      let ready: boolean;
      try {
        ready = await readiness();
      } catch (error) {
        throw new DatabaseUnavailableError({ cause: error });
      }
      if (!ready) throw new DatabaseUnavailableError();
      return { status: 'ready' as const };
    },
  );
}
