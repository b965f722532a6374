// The ceiling: a bare Fastify 5 server that does, per request, only what every authenticated
// route of the API must do at least — verify the access token with @fastify/jwt (HS256 pinned,
// the same iss/aud and required claims) — and answers with a body of the same size as the
// real route's. The API's throughput as a share of this one is what all its own work costs.
// Started by bench/store-suite.ts as a child process: PORT (0: any free port), JWT_SECRET,
// JWT_ISSUER, JWT_AUDIENCE and CEILING_ROUTES (JSON, CeilingRoute[]) come from the environment;
// it prints "Server listening at <url>", as the API's log does.
import fastifyJwt from '@fastify/jwt';
import Fastify from 'fastify';

export interface CeilingRoute {
  readonly method: 'GET' | 'POST' | 'PATCH';
  readonly url: string;
  readonly status: number;
  /** Body size of the real route's answer, in bytes. */
  readonly bodyBytes: number;
  /** Whether the real route needs a Bearer token (all but log-in). */
  readonly authenticated: boolean;
}

/** A JSON document of exactly `bytes` bytes (at least the 10 of `{"pad":""}`). */
function paddedJson(bytes: number): string {
  const frame = '{"pad":""}';
  return `{"pad":"${'x'.repeat(Math.max(0, bytes - frame.length))}"}`;
}

// The same Bearer syntax the API accepts (RFC 6750 §2.1).
const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*)$/i;

function required(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '') throw new Error(`ceiling server: ${name} is required`);
  return value;
}

if (import.meta.main) {
  const routes = JSON.parse(required('CEILING_ROUTES')) as CeilingRoute[];
  const app = Fastify({ logger: false });
  await app.register(fastifyJwt, {
    secret: required('JWT_SECRET'),
    verify: {
      algorithms: ['HS256'],
      allowedIss: required('JWT_ISSUER'),
      allowedAud: required('JWT_AUDIENCE'),
      requiredClaims: ['sub', 'role', 'iss', 'aud', 'exp'],
    },
  });
  for (const route of routes) {
    const body = paddedJson(route.bodyBytes);
    app.route({
      method: route.method,
      url: route.url,
      handler: async (request, reply) => {
        if (route.authenticated) {
          const token = BEARER.exec(request.headers.authorization ?? '')?.[1];
          try {
            if (token === undefined) throw new Error('no token');
            app.jwt.verify(token);
          } catch {
            return reply.code(401).send({ code: 'UNAUTHENTICATED' });
          }
        }
        return reply.code(route.status).type('application/json; charset=utf-8').send(body);
      },
    });
  }
  app.get('/health/ready', async () => ({ status: 'ready' }));
  const stop = () => {
    void app.close().then(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  const url = await app.listen({ host: '127.0.0.1', port: Number(required('PORT')) });
  process.stdout.write(`Server listening at ${url}\n`);
}
