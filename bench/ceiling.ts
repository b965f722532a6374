// The ceiling: a bare Fastify 5 that does per request only what every authenticated route of
// the API must do at least (verify the access token with @fastify/jwt: HS256 pinned, the same
// iss/aud, required claims and secret, so it checks the very tokens the API issued; verified
// tokens kept under the end of their signature, as the API finds them) and answers with the
// route's status and a body of the same size as the API's answer. Run as a child by the bench
// (launchServer with this script); CEILING_ROUTES and JWT_* come from the environment.
import fastifyJwt from '@fastify/jwt';
import { announceListening } from '@food-oms/api/launcher';
import Fastify from 'fastify';

export interface CeilingRoute {
  readonly method: 'GET' | 'POST' | 'PATCH';
  readonly url: string;
  readonly status: number;
  /** The API's answer's size in bytes. */
  readonly bytes: number;
  readonly authenticated: boolean;
}

if (import.meta.main) {
  const env = (name: string) => process.env[name] ?? '';
  const app = Fastify({ logger: false });
  await app.register(fastifyJwt, {
    secret: env('JWT_SECRET'),
    verify: {
      algorithms: ['HS256'],
      allowedIss: env('JWT_ISSUER'),
      allowedAud: env('JWT_AUDIENCE'),
      requiredClaims: ['sub', 'role', 'iss', 'aud', 'exp'],
      // Verified tokens kept under their last 22 characters, as the API finds them (fast-jwt's
      // default key is a SHA-256 of the token, which the API does not compute), and without the
      // API's comparison of the whole token on a hit: no work the API skips.
      cache: 1000,
      cacheKeyBuilder: (token: string) => token.slice(-22),
    },
  });
  for (const route of JSON.parse(env('CEILING_ROUTES')) as CeilingRoute[]) {
    const body = `{"pad":"${'x'.repeat(Math.max(0, route.bytes - 10))}"}`;
    app.route({
      method: route.method,
      url: route.url,
      handler: async (request, reply) => {
        if (route.authenticated) {
          try {
            await request.jwtVerify();
          } catch {
            return reply.code(401).send({ code: 'UNAUTHENTICATED' });
          }
        }
        return reply.code(route.status).type('application/json; charset=utf-8').send(body);
      },
    });
  }
  process.once('SIGTERM', () => void app.close().then(() => process.exit(0)));
  announceListening(await app.listen({ host: '127.0.0.1', port: 0 }));
}
