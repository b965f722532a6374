import type { ZodTypeProvider } from '@fastify/type-provider-zod';
import Fastify, { type FastifyInstance, type FastifyServerOptions, LogController } from 'fastify';
import type { Redis } from 'ioredis';
import { type AuthSettings, registerAuthentication } from './auth/authentication.ts';
import { ALWAYS_HEADERS, answerClientError, inFlightRequestIds } from './errors/client-errors.ts';
import { registerErrorHandling, sendProblem } from './errors/error-handling.ts';
import { ShuttingDownError, StartingUpError } from './errors/http-errors.ts';
import { BODY_LIMIT_BYTES } from './http/body-limit.ts';
import { registerCors } from './http/cors.ts';
import { requestIdOf } from './http/request-id.ts';
import { registerRequestValidation } from './http/request-validation.ts';
import { responseSerializerCompiler } from './http/response-serialization.ts';
import { registerStrictInput } from './http/strict-input.ts';
import { HTTP_TIMEOUT_DEFAULTS, type HttpTimeouts, nodeServerTimeouts } from './http/timeouts.ts';
import { type LoggerOptions, loggerOptions, RequestLogger } from './logging.ts';
import { type HttpMetrics, NO_METRICS } from './observability/http-metrics.ts';
import { traceIdOf } from './observability/trace-context.ts';
import { registerOpenApi } from './openapi/openapi.ts';
import type { RateLimits } from './rate-limit/rate-limit-policies.ts';
import { registerRateLimiting } from './rate-limit/rate-limiting.ts';
import { registerAuthRoutes } from './routes/auth-routes.ts';
import { registerHealthRoutes } from './routes/health-routes.ts';
import { registerMenuRoutes } from './routes/menu-routes.ts';
import { registerOrderRoutes } from './routes/order-routes.ts';
import { registerUserRoutes } from './routes/user-routes.ts';
import type { UseCases } from './use-cases.ts';

export interface HttpAppOptions {
  readonly useCases: UseCases;
  readonly auth: AuthSettings;
  readonly rateLimits: RateLimits;
  /** Shares rate-limit counters between instances (REDIS_URL); in-process counters otherwise. */
  readonly redis?: Redis | undefined;
  /**
   * Which proxies may set X-Forwarded-For: none, a hop count, or their addresses/CIDRs.
   * Never `true`: trusting every hop would let any client pick its own rate-limit key.
   */
  readonly trustProxy: false | number | readonly string[];
  /**
   * Is the store prepared (indexes, bootstrap admin)? Until it is, every route but
   * /health/* answers 503: a sign-up must not race the bootstrap admin for its email, and
   * an order must not be stored before the indexes that keep it unique exist.
   */
  readonly isPrepared: () => boolean;
  /** Is the database reachable? Answers GET /health/ready. */
  readonly readiness: () => Promise<boolean>;
  /** While true every request is refused with 503, so a load balancer drains this instance. */
  readonly isShuttingDown: () => boolean;
  readonly logger: LoggerOptions;
  /** How long a client may take to send a request, and to come back on a kept-alive connection. */
  readonly timeouts?: HttpTimeouts;
  /** Where request durations, transitions, replays and rate-limit rejections are counted. */
  readonly metrics?: HttpMetrics;
  /** Browser origins allowed to call the API (CORS); none when empty or absent. */
  readonly corsOrigins?: readonly string[];
  /**
   * May the JSON of answered orders be kept and reused, one version per order (keptByVersion)?
   * Only where the store's conditional writes are atomic: elsewhere two writers can both make
   * one version of an order, and the one kept could outlive the one stored. Default: yes.
   */
  readonly keepsAnsweredJson?: () => boolean;
}

/**
 * Fastify 5.12 reads a numeric trustProxy as "trust nothing" (a hop count cannot check the
 * peer), so the hop count is given as proxy-addr's trust function instead: the n hops
 * nearest this server are proxies, as Express defines it. Only right when the API is
 * reachable through those proxies alone, which is what setting a hop count asserts.
 */
function proxyTrust(
  trustProxy: HttpAppOptions['trustProxy'],
): NonNullable<FastifyServerOptions['trustProxy']> {
  if (typeof trustProxy === 'number') return (_address, hop) => hop < trustProxy;
  return trustProxy === false ? false : [...trustProxy];
}

/** The shortest silence mid-request after which a socket is closed; see connectionTimeout. */
const MIN_SOCKET_SILENCE_MS = 60_000;

/** The whole HTTP API, ready to listen (not listening). */
export async function buildHttpApp(options: HttpAppOptions): Promise<FastifyInstance> {
  const timeouts = options.timeouts ?? HTTP_TIMEOUT_DEFAULTS;
  const app = Fastify({
    logger: loggerOptions(options.logger),
    // Node's default would be no request deadline at all (fastify sets 0): one slow client
    // per connection could then hold the server's sockets for ever.
    requestTimeout: timeouts.requestMs,
    keepAliveTimeout: timeouts.keepAliveMs,
    // A socket silent for twice the request deadline, mid-request, is dead. Node counts that
    // silence while a handler waits too, so it never goes below a minute: far above the
    // longest an answer takes (the database driver gives up within about 10 s, answered 503),
    // so a short HTTP_REQUEST_TIMEOUT_MS cannot cut a request whose write may still land.
    connectionTimeout: Math.max(2 * timeouts.requestMs, MIN_SOCKET_SILENCE_MS),
    http: {
      // A request without Host meets strict input's problem instead of Node's bare 400.
      requireHostHeader: false,
      ...nodeServerTimeouts(timeouts),
    },
    // Faults found before there is a request (bad bytes, deadlines) get a problem too.
    // Fastify calls it with the instance as `this`.
    clientErrorHandler: function (this: FastifyInstance, error, socket) {
      answerClientError(this.log, error, socket);
    },
    bodyLimit: BODY_LIMIT_BYTES,
    trustProxy: proxyTrust(options.trustProxy),
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    // Off, so fastify never adopts the header unchecked; requestIdOf validates it instead.
    requestIdHeader: false,
    logController: new LogController({ requestIdLogLabel: 'requestId' }),
    // A caller's W3C trace id goes on every log line of its request, so one trace can be
    // followed through this service's logs. The child is made at the request's first line
    // (RequestLogger), unless fastify passes options (a route's own logLevel or
    // serializers), which only a child made at once can honour.
    childLoggerFactory(logger, bindings, childOptions, rawRequest) {
      const traceId = traceIdOf(rawRequest.headers.traceparent);
      const all = traceId === undefined ? bindings : { ...bindings, traceId };
      return Object.keys(childOptions).length === 0
        ? new RequestLogger(logger, all)
        : logger.child(all, childOptions);
    },
    genReqId: requestIdOf,
    // Fastify's own drain answer is a bare 503 without Retry-After or a problem body; with it
    // off, requests that reach a closing server meet the draining hook below instead.
    return503OnClosing: false,
    // URL faults are answered before routing, so no hook runs for them.
    frameworkErrors: (error, request, reply) => {
      reply.header('x-request-id', request.id).headers(ALWAYS_HEADERS);
      sendProblem(error, request, reply);
    },
  });
  const zodApp = app.withTypeProvider<ZodTypeProvider>();
  registerRequestValidation(app);
  app.setSerializerCompiler(
    responseSerializerCompiler(
      options.keepsAnsweredJson === undefined ? {} : { enabled: options.keepsAnsweredJson },
    ),
  );
  // JSON only: without this, text/plain bodies would reach the validators as strings.
  app.removeContentTypeParser('text/plain');
  registerErrorHandling(app);
  const metrics = options.metrics ?? NO_METRICS;

  // Hooks run in the order they are added: validation's (which marks the raw headers), request
  // id, CORS, draining, start-up, repeated headers, then the routes' own (auth, then limits). Those that never wait take `done`
  // rather than being async, which would cost a promise and a microtask each per request.
  app.addHook('onRequest', (request, reply, done) => {
    // nosniff: no browser may read a JSON answer (or an error) as HTML or script. Before
    // CORS, whose preflight answers end the request in its own hook.
    reply.header('x-request-id', request.id).headers(ALWAYS_HEADERS);
    inFlightRequestIds.set(request.raw.socket, request.id);
    done();
  });
  // Before every refusal, so its headers are on them too: a browser cannot read an error it
  // is not allowed to see.
  if (options.corsOrigins !== undefined && options.corsOrigins.length > 0) {
    await registerCors(app, options.corsOrigins);
  }
  app.addHook('onRequest', (request, _reply, done) => {
    if (options.isShuttingDown()) throw new ShuttingDownError();
    if (!options.isPrepared() && !request.routeOptions.url?.startsWith('/health/'))
      throw new StartingUpError();
    done();
  });
  // A request in flight when draining began ends its connection with its answer: a kept-alive
  // connection would hold the closing server open until the shutdown timeout, and a client
  // reusing it would lose its next request to the reset when the process exits.
  app.addHook('onSend', (_request, reply, payload, done) => {
    if (options.isShuttingDown()) reply.header('connection', 'close');
    done(null, payload);
  });
  app.addHook('onResponse', (request, reply, done) => {
    inFlightRequestIds.delete(request.raw.socket);
    metrics.requestFinished({
      method: request.method,
      // The pattern, so ids in paths do not make a series each; unmatched URLs share one.
      route: request.routeOptions.url ?? 'unmatched',
      status: reply.statusCode,
      seconds: reply.elapsedTime / 1000,
    });
    done();
  });
  registerStrictInput(app);
  await registerOpenApi(app);
  registerAuthentication(app, options.auth);
  await registerRateLimiting(app, { limits: options.rateLimits, redis: options.redis, metrics });

  const { useCases } = options;
  registerHealthRoutes(zodApp, options.readiness);
  registerAuthRoutes(zodApp, useCases);
  registerUserRoutes(zodApp, useCases);
  registerMenuRoutes(zodApp, useCases, metrics);
  registerOrderRoutes(zodApp, useCases, metrics);

  await app.ready();
  return app;
}
