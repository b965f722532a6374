import { ROLES } from '@food-oms/domain';
import { actorOf } from '../auth/authentication.ts';
import { createUserBodySchema, userResponseSchema } from '../schemas/user-schemas.ts';
import type { UseCases } from '../use-cases.ts';
import type { ZodApp } from '../zod-app.ts';

/** An account is personal data: no cache, private or shared, may keep it. */
export const PERSONAL = 'no-store';

export function registerUserRoutes(
  app: ZodApp,
  useCases: Pick<UseCases, 'getCurrentUser' | 'createStaffUser'>,
): void {
  app.get(
    '/users/me',
    {
      schema: {
        operationId: 'getCurrentUser',
        summary: 'The caller’s account',
        tags: ['users'],
        response: { 200: userResponseSchema.describe('The caller’s account.') },
      },
      config: { roles: ROLES, problems: ['NOT_FOUND'], responseHeaders: ['Cache-Control'] },
    },
    async (request, reply) => {
      reply.header('cache-control', PERSONAL);
      return useCases.getCurrentUser.execute({ actor: actorOf(request) });
    },
  );

  app.post(
    '/users',
    {
      schema: {
        operationId: 'createUser',
        summary: 'Create a user of any role',
        tags: ['users'],
        body: createUserBodySchema,
        response: { 201: userResponseSchema.describe('The new account.') },
      },
      config: {
        roles: ['admin'],
        rateLimits: ['admin-writes'],
        problems: ['EMAIL_TAKEN'],
        responseHeaders: ['Cache-Control'],
      },
    },
    async (request, reply) => {
      const { user } = await useCases.createStaffUser.execute({ actor: actorOf(request), ...request.body });
      return reply.code(201).header('cache-control', PERSONAL).send({ user });
    },
  );
}
