import type { Server } from 'node:http';
import { buildHttpApp, JwtTokenIssuer, type UseCases } from '@food-oms/adapters-http';
import {
  Argon2PasswordHasher,
  HmacCursorCodec,
  Sha256Fingerprint,
  SystemClock,
  UuidV7IdGenerator,
} from '@food-oms/adapters-node';
import {
  type ApplicationUseCases,
  type Clock,
  createUseCases,
  DatabaseUnavailableError,
  type IdGenerator,
  type PasswordHasher,
  type Store,
  type TokenIssuer,
} from '@food-oms/application';
import type { Redis } from 'ioredis';
import type { Config } from './config.ts';
import { newContainer, provide, resolve, token } from './container.ts';
import { addressOf, createMetrics, listenForMetrics, type Metrics } from './metrics.ts';
import { sparingReservedEmail } from './reserved-email-sign-up.ts';
import { createStore } from './store.ts';

/** The tokens of the container, declared once. */
const TOKENS = {
  config: token<Config>('Config'),
  metrics: token<Metrics | null>('Metrics'),
  store: token<Store>('Store'),
  redis: token<Redis | null>('Redis'),
  clock: token<Clock>('Clock'),
  ids: token<IdGenerator>('IdGenerator'),
  passwordHasher: token<PasswordHasher>('PasswordHasher'),
  tokenIssuer: token<TokenIssuer>('TokenIssuer'),
  application: token<ApplicationUseCases>('ApplicationUseCases'),
  useCases: token<UseCases>('UseCases'),
} as const;

type HttpApp = Awaited<ReturnType<typeof buildHttpApp>>;

export interface Api {
  readonly app: HttpApp;
  readonly store: Store;
  /** Listens, then prepares the database in the background until it answers. Returns the URL. */
  start(): Promise<string>;
  /** Graceful: refuse new requests (503), let in-flight ones finish, close the database. */
  stop(): Promise<void>;
}

/**
 * The store and the Redis client, made before the container because their drivers are loaded
 * only when configured (an in-memory instance without Redis carries neither in memory).
 */
async function connections(config: Config, metrics: Metrics | null) {
  const store = await createStore(config, metrics?.databaseCommand);
  if (config.redisUrl === null) return { store, redis: null };
  const { Redis } = await import('ioredis');
  // Fail fast while Redis is away instead of queueing commands: the rate limiter then
  // answers without it rather than holding requests.
  // A Redis that accepts connections but stalls is bounded by commandTimeout.
  const redis = new Redis(config.redisUrl, {
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    commandTimeout: 500,
  });
  return { store, redis };
}

function compose(config: Config, metrics: Metrics | null, made: { store: Store; redis: Redis | null }) {
  const c = newContainer();
  provide(c, TOKENS.config, () => config);
  provide(c, TOKENS.metrics, () => metrics);
  provide(c, TOKENS.store, () => made.store);
  provide(c, TOKENS.redis, () => made.redis);
  provide(c, TOKENS.clock, () => new SystemClock());
  provide(c, TOKENS.ids, () => new UuidV7IdGenerator());
  provide(c, TOKENS.passwordHasher, () => new Argon2PasswordHasher());
  provide(c, TOKENS.tokenIssuer, (r) => {
    const { jwt } = resolve(r, TOKENS.config);
    return new JwtTokenIssuer({
      secret: jwt.secret,
      issuer: jwt.issuer,
      audience: jwt.audience,
      ttlSeconds: jwt.ttlSeconds,
    });
  });
  provide(c, TOKENS.application, (r) =>
    createUseCases({
      store: resolve(r, TOKENS.store),
      clock: resolve(r, TOKENS.clock),
      ids: resolve(r, TOKENS.ids),
      passwordHasher: resolve(r, TOKENS.passwordHasher),
      tokens: resolve(r, TOKENS.tokenIssuer),
      // The cursor MAC key is derived from the JWT secret under a label of its own, so
      // instances that accept each other's tokens accept each other's cursors.
      cursors: new HmacCursorCodec(resolve(r, TOKENS.config).jwt.secret),
      fingerprint: new Sha256Fingerprint(),
    }),
  );
  provide(c, TOKENS.useCases, (r) => {
    const { bootstrapAdmin: _startUpOnly, signUp, ...routes } = resolve(r, TOKENS.application);
    return {
      ...routes,
      signUp: sparingReservedEmail(signUp, resolve(r, TOKENS.config).bootstrapAdmin?.email ?? null),
    };
  });
  return c;
}

/** The configuration asks for what cannot be correct on this database; no retry changes that. */
class NonAtomicDatabaseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NonAtomicDatabaseError';
  }
}

const RETRY_MIN_MS = 250;
const RETRY_MAX_MS = 5000;

export interface ApiHooks {
  /**
   * Start-up preparation failed for a reason retrying cannot fix (anything but the database
   * being away). The process owner decides what follows; main.ts stops and exits 1.
   */
  readonly onFatal?: (error: unknown) => void;
  /** The store is prepared; runs once, just before the instance is ready to serve. */
  readonly onPrepared?: () => void;
}

/** Builds the whole service from its configuration. Nothing touches the network until start(). */
export async function createApi(config: Config, hooks: ApiHooks = {}): Promise<Api> {
  let shuttingDown = false;
  let prepared = false;
  /** Does the store apply conditional writes atomically? Unknown until preparing asks it. */
  let atomic: boolean | undefined;
  let preparing: Promise<void> | undefined;
  let metricsServer: Server | undefined;

  // The gauge asks the store, which is built after the metrics that watch its commands.
  const serving = async () => !shuttingDown && prepared && (await store.ping());
  const metrics = config.metrics === null ? null : createMetrics(serving);
  const c = compose(config, metrics, await connections(config, metrics));
  const store = resolve(c, TOKENS.store);
  const redis = resolve(c, TOKENS.redis);

  const app = await buildHttpApp({
    useCases: resolve(c, TOKENS.useCases),
    auth: {
      secret: config.jwt.secret,
      issuer: config.jwt.issuer,
      audience: config.jwt.audience,
      maxAgeSeconds: config.jwt.ttlSeconds,
    },
    rateLimits: config.rateLimits,
    ...(redis !== null && { redis }),
    trustProxy: config.trustProxy,
    isPrepared: () => prepared,
    readiness: async () => prepared && (await store.ping()),
    isShuttingDown: () => shuttingDown,
    logger: { level: config.logLevel },
    timeouts: config.httpTimeouts,
    ...(metrics !== null && { metrics: metrics.http }),
    corsOrigins: config.corsOrigins,
    // Known before any order is served: the atomicity check is part of preparing the store.
    keepsAnsweredJson: () => atomic === true,
  });
  const log = app.log;

  if (store.kind === 'memory') {
    log.warn(
      'IN-MEMORY STORE: orders, users and menu live IN MEMORY and are LOST when the process exits. ' +
        'Set MONGODB_URI for a real database.',
    );
  }
  if (config.jwt.ephemeral) {
    log.warn('No JWT_SECRET: using a random per-process secret; tokens die with this process.');
  }

  /** Logged once per state, not once per retry: the retries may go on for hours. */
  let lastFailure: string | undefined;
  const once = (state: string, write: () => void) => {
    if (lastFailure !== state) write();
    lastFailure = state;
  };

  /**
   * A transition is one conditional update; on a server that does not apply it atomically
   * two concurrent transitions can both win. Refused in production unless the operator
   * accepts it by name; everywhere else (tests, development on FerretDB) a loud warning.
   */
  async function checkAtomicity(): Promise<void> {
    if (atomic !== undefined) return;
    const answer = await store.atomicity();
    atomic = answer.atomic;
    if (atomic) return;
    const { server } = answer;
    const risk =
      `the database (${server}) does NOT apply conditional updates atomically: two concurrent ` +
      'status changes of one order can BOTH succeed';
    if (config.production && !config.allowNonAtomicDatabase) {
      throw new NonAtomicDatabaseError(
        `${risk}. Refused with NODE_ENV=production; use MongoDB, or set ALLOW_NON_ATOMIC_DATABASE=1 to accept it.`,
      );
    }
    log.warn({ server }, `NON-ATOMIC DATABASE: ${risk}. Do not run production on it.`);
  }

  /**
   * One attempt at what must hold before anything is served: the indexes that carry the
   * uniqueness guarantees, and the bootstrap admin. False when it cannot hold yet.
   */
  async function prepareOnce(): Promise<boolean> {
    await checkAtomicity();
    await store.prepare();
    if (config.bootstrapAdmin === null) return true;
    const { outcome } = await resolve(c, TOKENS.application).bootstrapAdmin.execute(config.bootstrapAdmin);
    if (outcome === 'exists-with-other-role') {
      // Serving now would leave the instance without the admin it was configured to have;
      // a human resolves it (change that account's role, or the variable). Checked again
      // on every retry, so the fix needs no restart.
      once('admin-email-taken', () =>
        log.error(
          'BOOTSTRAP_ADMIN_EMAIL belongs to an existing user who is not an admin; the role was NOT ' +
            'changed and this instance stays NOT READY (503) until that account is an admin or the ' +
            'variable names another email.',
        ),
      );
      return false;
    }
    log.info({ outcome }, 'bootstrap admin ensured');
    return true;
  }

  /**
   * Retried with backoff while the database is away, so an API started before its
   * database heals without a restart; until it succeeds every route but /health/* is 503.
   */
  async function prepare(): Promise<void> {
    let delay = RETRY_MIN_MS;
    for (;;) {
      if (shuttingDown) return;
      try {
        if (await prepareOnce()) {
          hooks.onPrepared?.();
          prepared = true;
          log.info({ store: store.kind }, 'store ready');
          return;
        }
      } catch (error) {
        if (!(error instanceof DatabaseUnavailableError)) throw error;
        once('database-unavailable', () =>
          log.warn('database unavailable; retrying start-up preparation until it answers'),
        );
      }
      await new Promise((done) => setTimeout(done, delay).unref());
      delay = Math.min(delay * 2, RETRY_MAX_MS);
    }
  }

  return {
    app,
    store,
    async start() {
      if (metrics !== null && config.metrics !== null) {
        metricsServer = await listenForMetrics(
          metrics.registry,
          config.metrics.host,
          config.metrics.port,
          config.httpTimeouts,
        );
        log.info(
          { metrics: `${addressOf(metricsServer)}/metrics` },
          `metrics listening at ${addressOf(metricsServer)}`,
        );
      }
      const url = await app.listen({ host: config.host, port: config.port });
      preparing = prepare().catch((error: unknown) => {
        const reason = error instanceof Error ? error.message : String(error);
        log.fatal({ err: error }, `start-up preparation failed: ${reason}`);
        hooks.onFatal?.(error);
      });
      return url;
    },
    async stop() {
      shuttingDown = true;
      await app.close();
      if (metricsServer !== undefined) {
        const server = metricsServer;
        const closed = new Promise<void>((done) => server.close(() => done()));
        // A scraper's kept-alive connection must not hold the exit up.
        server.closeAllConnections();
        await closed;
      }
      await preparing;
      await store.close();
      if (redis !== null) redis.disconnect();
    },
  };
}
