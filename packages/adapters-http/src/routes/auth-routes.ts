import {
  accessTokenResponseSchema,
  logInBodySchema,
  signUpBodySchema,
  userResponseSchema,
} from '../schemas/user-schemas.ts';
import type { UseCases } from '../use-cases.ts';
import type { ZodApp } from '../zod-app.ts';
import { PERSONAL } from './user-routes.ts';

export function registerAuthRoutes(app: ZodApp, useCases: Pick<UseCases, 'signUp' | 'logIn'>): void {
  app.post(
    '/auth/signup',
    {
      schema: {
        operationId: 'signUp',
        summary: 'Create a customer account',
        description:
          'Always creates a customer: staff accounts are made by an admin (POST /users). Public, limited per client IP.',
        tags: ['auth'],
        body: signUpBodySchema,
        response: { 201: userResponseSchema.describe('The new customer account.') },
      },
      config: { rateLimits: ['signup'], problems: ['EMAIL_TAKEN'], responseHeaders: ['Cache-Control'] },
    },
    async (request, reply) => {
      const { user } = await useCases.signUp.execute(request.body);
      return reply.code(201).header('cache-control', PERSONAL).send({ user });
    },
  );

  app.post(
    '/auth/login',
    {
      schema: {
        operationId: 'logIn',
        summary: 'Exchange email and password for an access token',
        description:
          'An unknown email and a wrong password get the same 401 INVALID_CREDENTIALS. Public, limited per client IP and per email.',
        tags: ['auth'],
        body: logInBodySchema,
        response: { 200: accessTokenResponseSchema.describe('A Bearer access token.') },
      },
      config: {
        rateLimits: ['login-ip', 'login-email'],
        problems: ['INVALID_CREDENTIALS'],
        responseHeaders: ['Cache-Control'],
      },
    },
    async (request, reply) => {
      const { accessToken, expiresIn } = await useCases.logIn.execute(request.body);
      // RFC 6749 §5.1: a response carrying a token must not be stored by any cache.
      reply.header('cache-control', 'no-store');
      return { accessToken, tokenType: 'Bearer' as const, expiresIn };
    },
  );
}
