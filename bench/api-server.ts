import { join } from 'node:path';
import { type ChildServer, startChildServer } from './child-server.ts';

/** Preloaded so that the API tells its port at LOG_LEVEL=warn too (see the file). */
const ANNOUNCE_LISTENING = join(import.meta.dirname, 'announce-listening.ts');

/** The claims every benchmark server (the API and the ceiling) signs and checks: the documented defaults. */
export const JWT_CLAIMS = { issuer: 'food-oms', audience: 'food-oms-api' } as const;

/** The bootstrap admin of every benchmark API (BOOTSTRAP_ADMIN_*). */
export const ADMIN = { email: 'bench-admin@example.com', password: 'bench admin password 1' } as const;

/** RATE_LIMIT_* at the variables' maximum: throughput runs measure the service, not the limiter's 429s. */
const RAISED = '1000000';

/**
 * What every benchmark API runs with, besides its secrets, claims, admin and store; the results
 * files record it as it is here. Logging is off the hot path: pino at warn writes nothing per request.
 */
export const API_TUNING = {
  LOG_LEVEL: 'warn',
  RATE_LIMIT_SIGNUP_PER_MIN: RAISED,
  RATE_LIMIT_LOGIN_PER_MIN: RAISED,
  RATE_LIMIT_ORDER_CREATE_PER_MIN: RAISED,
  RATE_LIMIT_ORDER_UPDATE_PER_MIN: RAISED,
  RATE_LIMIT_ADMIN_PER_MIN: RAISED,
} as const;

export interface ApiServerOptions {
  readonly jwtSecret: string;
  readonly mongo?: { readonly uri: string; readonly dbName: string } | undefined;
  /** 'real' keeps RATE_LIMIT_LOGIN_PER_MIN at its default (10) for the login flood; all else is raised. */
  readonly loginLimit: 'raised' | 'real';
  readonly extraEnv?: Record<string, string>;
  readonly nodeArgs?: readonly string[];
}

/** Starts `node apps/api/src/main.ts` (the README's command) and waits for /health/ready. */
export function startApiServer(options: ApiServerOptions): Promise<ChildServer> {
  const { RATE_LIMIT_LOGIN_PER_MIN, ...tuning } = API_TUNING;
  return startChildServer({
    name: 'API',
    nodeArgs: ['--import', ANNOUNCE_LISTENING, ...(options.nodeArgs ?? [])],
    readyPath: '/health/ready',
    env: {
      ...tuning,
      ...(options.loginLimit === 'raised' && { RATE_LIMIT_LOGIN_PER_MIN }),
      JWT_SECRET: options.jwtSecret,
      JWT_ISSUER: JWT_CLAIMS.issuer,
      JWT_AUDIENCE: JWT_CLAIMS.audience,
      // Long enough that no token expires during a run.
      JWT_TTL_SECONDS: '3600',
      BOOTSTRAP_ADMIN_EMAIL: ADMIN.email,
      BOOTSTRAP_ADMIN_PASSWORD: ADMIN.password,
      ...(options.mongo !== undefined && {
        MONGODB_URI: options.mongo.uri,
        MONGODB_DB: options.mongo.dbName,
      }),
      ...options.extraEnv,
    },
  });
}
