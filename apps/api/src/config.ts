import { randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import {
  HTTP_TIMEOUT_DEFAULTS,
  type HttpTimeouts,
  MIN_JWT_SECRET_BYTES,
  type RateLimits,
} from '@food-oms/adapters-http';
import { canonicalEmail, checkPassword, isValidEmail } from '@food-oms/domain';
import { z } from 'zod';

/** docs/api.md "Configuration": every setting is an environment variable, checked here once, at start-up. */
export interface Config {
  /** NODE_ENV=production: what cannot be correct is refused instead of warned about. */
  readonly production: boolean;
  /** Where the data lives; MongoDB exactly when `mongo` is set. */
  readonly store: 'memory' | 'mongodb';
  /** ALLOW_NON_ATOMIC_DATABASE=1: run in production on a server whose updates are not atomic. */
  readonly allowNonAtomicDatabase: boolean;
  readonly host: string;
  readonly port: number;
  readonly mongo: { readonly uri: string; readonly dbName: string } | null;
  readonly redisUrl: string | null;
  readonly jwt: {
    readonly secret: string;
    /** True when no JWT_SECRET was given and a random one was made for this process. */
    readonly ephemeral: boolean;
    readonly issuer: string;
    readonly audience: string;
    readonly ttlSeconds: number;
  };
  readonly trustProxy: false | number | string[];
  readonly bootstrapAdmin: { readonly email: string; readonly password: string } | null;
  readonly rateLimits: RateLimits;
  readonly logLevel: string;
  /** How long in-flight requests may take to finish after SIGTERM/SIGINT. */
  readonly shutdownTimeoutMs: number;
  readonly httpTimeouts: HttpTimeouts;
  /** Where GET /metrics listens; null when METRICS_PORT is unset (no metrics). */
  readonly metrics: { readonly host: string; readonly port: number } | null;
  /** Browser origins allowed by CORS; empty means no CORS at all. */
  readonly corsOrigins: readonly string[];
}

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

const optional = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

function int(name: string, min: number, max: number, fallback: number) {
  return z
    .string()
    .trim()
    .optional()
    .transform((raw, ctx) => {
      if (raw === undefined || raw === '') return fallback;
      const value = Number(raw);
      if (!/^\d+$/.test(raw) || !Number.isSafeInteger(value) || value < min || value > max) {
        ctx.addIssue({
          code: 'custom',
          message: `${name} must be an integer from ${min} to ${max}, got "${raw}"`,
        });
        return z.NEVER;
      }
      return value;
    });
}

function isCidrOrIp(entry: string): boolean {
  const [address, bits, ...rest] = entry.split('/');
  if (address === undefined || rest.length > 0) return false;
  const family = isIP(address);
  if (family === 0) return false;
  if (bits === undefined) return true;
  const prefix = Number(bits);
  return /^\d+$/.test(bits) && prefix <= (family === 4 ? 32 : 128);
}

const trustProxy = z
  .string()
  .trim()
  .optional()
  .transform((raw, ctx): false | number | string[] => {
    if (raw === undefined || raw === '' || raw === 'false') return false;
    if (raw === 'true') {
      // `true` trusts every X-Forwarded-For hop, so any client could pick its own IP (and
      // its own rate-limit bucket). A hop count or the proxies' addresses is always possible.
      ctx.addIssue({
        code: 'custom',
        message: 'TRUST_PROXY must not be "true": give a hop count or the proxy IPs/CIDRs',
      });
      return z.NEVER;
    }
    if (/^\d+$/.test(raw)) return Number(raw);
    const entries = raw.split(',').map((e) => e.trim());
    const bad = entries.find((e) => !isCidrOrIp(e));
    if (bad !== undefined) {
      ctx.addIssue({
        code: 'custom',
        message: `TRUST_PROXY must be "false", a hop count or a comma list of IPs/CIDRs; "${bad}" is none`,
      });
      return z.NEVER;
    }
    return entries;
  });

// RFC 1123 labels, dot-separated: what listen() can resolve, and nothing with spaces or a scheme.
const HOSTNAME =
  /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** A browser origin as the Origin header sends it: scheme, host and port, nothing else. */
function isOrigin(entry: string): boolean {
  if (!URL.canParse(entry)) return false;
  const url = new URL(entry);
  return (url.protocol === 'http:' || url.protocol === 'https:') && url.origin === entry;
}

const corsOrigins = z
  .string()
  .trim()
  .optional()
  .transform((raw, ctx): string[] => {
    if (raw === undefined || raw === '') return [];
    const entries = raw.split(',').map((e) => e.trim());
    const bad = entries.find((e) => !isOrigin(e));
    if (bad !== undefined) {
      ctx.addIssue({
        code: 'custom',
        message: `CORS_ORIGINS must be a comma list of origins like https://app.example.com; "${bad}" is none`,
      });
      return z.NEVER;
    }
    return entries;
  });

const schema = z.object({
  NODE_ENV: optional,
  STORE: optional.refine((v) => v === undefined || v === 'memory' || v === 'mongodb', {
    message: 'STORE must be "memory" or "mongodb"',
  }),
  ALLOW_NON_ATOMIC_DATABASE: optional.refine((v) => v === undefined || v === '0' || v === '1', {
    message: 'ALLOW_NON_ATOMIC_DATABASE must be 1 (or 0, or unset)',
  }),
  HOST: optional.refine((v) => v === undefined || isIP(v) !== 0 || HOSTNAME.test(v), {
    message: 'HOST must be an IP address or a host name',
  }),
  PORT: int('PORT', 0, 65_535, 3000),
  MONGODB_URI: optional.refine((v) => v === undefined || /^mongodb(\+srv)?:\/\/\S+$/.test(v), {
    message: 'MONGODB_URI must be a mongodb:// or mongodb+srv:// connection string',
  }),
  MONGODB_DB: optional.refine((v) => v === undefined || /^[A-Za-z0-9_-]{1,63}$/.test(v), {
    message: 'MONGODB_DB must be 1 to 63 letters, digits, "_" or "-"',
  }),
  REDIS_URL: optional.refine((v) => v === undefined || /^rediss?:\/\/\S+$/.test(v), {
    message: 'REDIS_URL must be a redis:// or rediss:// URL',
  }),
  JWT_SECRET: optional.refine(
    (v) => v === undefined || Buffer.byteLength(v, 'utf8') >= MIN_JWT_SECRET_BYTES,
    {
      message: `JWT_SECRET must be at least ${MIN_JWT_SECRET_BYTES} bytes`,
    },
  ),
  JWT_ISSUER: optional,
  JWT_AUDIENCE: optional,
  JWT_TTL_SECONDS: int('JWT_TTL_SECONDS', 60, 86_400, 900),
  TRUST_PROXY: trustProxy,
  BOOTSTRAP_ADMIN_EMAIL: optional,
  BOOTSTRAP_ADMIN_PASSWORD: optional,
  RATE_LIMIT_SIGNUP_PER_MIN: int('RATE_LIMIT_SIGNUP_PER_MIN', 1, 1_000_000, 5),
  RATE_LIMIT_LOGIN_PER_MIN: int('RATE_LIMIT_LOGIN_PER_MIN', 1, 1_000_000, 10),
  RATE_LIMIT_ORDER_CREATE_PER_MIN: int('RATE_LIMIT_ORDER_CREATE_PER_MIN', 1, 1_000_000, 30),
  RATE_LIMIT_ORDER_UPDATE_PER_MIN: int('RATE_LIMIT_ORDER_UPDATE_PER_MIN', 1, 1_000_000, 120),
  RATE_LIMIT_ADMIN_PER_MIN: int('RATE_LIMIT_ADMIN_PER_MIN', 1, 1_000_000, 60),
  LOG_LEVEL: optional.refine((v) => v === undefined || (LOG_LEVELS as readonly string[]).includes(v), {
    message: `LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}`,
  }),
  SHUTDOWN_TIMEOUT_MS: int('SHUTDOWN_TIMEOUT_MS', 100, 600_000, 10_000),
  METRICS_PORT: int('METRICS_PORT', 0, 65_535, -1),
  METRICS_HOST: optional.refine((v) => v === undefined || isIP(v) !== 0 || HOSTNAME.test(v), {
    message: 'METRICS_HOST must be an IP address or a host name',
  }),
  CORS_ORIGINS: corsOrigins,
  HTTP_REQUEST_TIMEOUT_MS: int('HTTP_REQUEST_TIMEOUT_MS', 100, 600_000, HTTP_TIMEOUT_DEFAULTS.requestMs),
  HTTP_HEADERS_TIMEOUT_MS: int('HTTP_HEADERS_TIMEOUT_MS', 100, 600_000, HTTP_TIMEOUT_DEFAULTS.headersMs),
  HTTP_KEEP_ALIVE_TIMEOUT_MS: int(
    'HTTP_KEEP_ALIVE_TIMEOUT_MS',
    100,
    600_000,
    HTTP_TIMEOUT_DEFAULTS.keepAliveMs,
  ),
});

/** The bootstrap admin must pass the same rules as any account, or start-up stops here, not later. */
function checkBootstrapAdmin(email: string | undefined, password: string | undefined): void {
  if (email !== undefined && !isValidEmail(canonicalEmail(email))) {
    throw new ConfigError('BOOTSTRAP_ADMIN_EMAIL must be an email address');
  }
  if (password !== undefined) {
    try {
      checkPassword(password);
    } catch {
      throw new ConfigError(
        'BOOTSTRAP_ADMIN_PASSWORD does not meet the password policy (8 to 128 characters)',
      );
    }
  }
}

/**
 * The store the variables ask for. An in-memory store loses every order at exit, so in
 * production it is used only when chosen by name, never because MONGODB_URI is missing.
 */
function storeOf(store: string | undefined, mongoUri: string | undefined, production: boolean) {
  if (store === 'mongodb' && mongoUri === undefined) {
    throw new ConfigError('STORE=mongodb needs MONGODB_URI');
  }
  if (store === 'memory' && mongoUri !== undefined) {
    throw new ConfigError('STORE=memory but MONGODB_URI is set: unset one of them');
  }
  if (store === undefined && mongoUri === undefined && production) {
    throw new ConfigError(
      'STORE: NODE_ENV=production without MONGODB_URI; set MONGODB_URI, or STORE=memory to keep the data in memory on purpose',
    );
  }
  return mongoUri === undefined ? 'memory' : 'mongodb';
}

/** Reads the configuration from `env`; throws ConfigError with one line naming the variable. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const variable = String(issue?.path[0] ?? 'environment');
    const message = issue?.message ?? 'is invalid';
    throw new ConfigError(message.includes(variable) ? message : `${variable}: ${message}`);
  }
  const e = parsed.data;
  const production = e.NODE_ENV === 'production';
  if (production && e.JWT_SECRET === undefined) {
    throw new ConfigError('JWT_SECRET is required when NODE_ENV=production (at least 32 bytes)');
  }
  if ((e.BOOTSTRAP_ADMIN_EMAIL === undefined) !== (e.BOOTSTRAP_ADMIN_PASSWORD === undefined)) {
    const missing =
      e.BOOTSTRAP_ADMIN_EMAIL === undefined ? 'BOOTSTRAP_ADMIN_EMAIL' : 'BOOTSTRAP_ADMIN_PASSWORD';
    throw new ConfigError(`${missing} must be set too: give both BOOTSTRAP_ADMIN_* variables or neither`);
  }
  checkBootstrapAdmin(e.BOOTSTRAP_ADMIN_EMAIL, e.BOOTSTRAP_ADMIN_PASSWORD);
  if (e.HTTP_HEADERS_TIMEOUT_MS > e.HTTP_REQUEST_TIMEOUT_MS) {
    // The headers are part of the request: Node refuses a header deadline after the request's.
    throw new ConfigError(
      `HTTP_HEADERS_TIMEOUT_MS (${e.HTTP_HEADERS_TIMEOUT_MS}) must not exceed HTTP_REQUEST_TIMEOUT_MS (${e.HTTP_REQUEST_TIMEOUT_MS})`,
    );
  }
  const store = storeOf(e.STORE, e.MONGODB_URI, production);
  if (e.METRICS_PORT > 0 && e.METRICS_PORT === e.PORT) {
    throw new ConfigError('METRICS_PORT must differ from PORT: metrics never share the API’s address');
  }
  return {
    production,
    store,
    allowNonAtomicDatabase: e.ALLOW_NON_ATOMIC_DATABASE === '1',
    host: e.HOST ?? '127.0.0.1',
    port: e.PORT,
    mongo: e.MONGODB_URI === undefined ? null : { uri: e.MONGODB_URI, dbName: e.MONGODB_DB ?? 'food_oms' },
    redisUrl: e.REDIS_URL ?? null,
    jwt: {
      secret: e.JWT_SECRET ?? randomBytes(48).toString('base64url'),
      ephemeral: e.JWT_SECRET === undefined,
      issuer: e.JWT_ISSUER ?? 'food-oms',
      audience: e.JWT_AUDIENCE ?? 'food-oms-api',
      ttlSeconds: e.JWT_TTL_SECONDS,
    },
    trustProxy: e.TRUST_PROXY,
    bootstrapAdmin:
      e.BOOTSTRAP_ADMIN_EMAIL !== undefined && e.BOOTSTRAP_ADMIN_PASSWORD !== undefined
        ? // NFC, as every password the API receives is: the admin logs in with what was typed.
          { email: e.BOOTSTRAP_ADMIN_EMAIL, password: e.BOOTSTRAP_ADMIN_PASSWORD }
        : null,
    rateLimits: {
      signupPerMin: e.RATE_LIMIT_SIGNUP_PER_MIN,
      loginPerMin: e.RATE_LIMIT_LOGIN_PER_MIN,
      orderCreatePerMin: e.RATE_LIMIT_ORDER_CREATE_PER_MIN,
      orderUpdatePerMin: e.RATE_LIMIT_ORDER_UPDATE_PER_MIN,
      adminPerMin: e.RATE_LIMIT_ADMIN_PER_MIN,
    },
    logLevel: e.LOG_LEVEL ?? 'info',
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    metrics: e.METRICS_PORT < 0 ? null : { host: e.METRICS_HOST ?? '127.0.0.1', port: e.METRICS_PORT },
    corsOrigins: e.CORS_ORIGINS,
    httpTimeouts: {
      requestMs: e.HTTP_REQUEST_TIMEOUT_MS,
      headersMs: e.HTTP_HEADERS_TIMEOUT_MS,
      keepAliveMs: e.HTTP_KEEP_ALIVE_TIMEOUT_MS,
    },
  };
}
