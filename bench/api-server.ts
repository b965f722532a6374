import { join } from 'node:path';
import { type ChildServer, startChildServer } from './child-server.ts';

const MAIN = join(import.meta.dirname, '..', 'apps', 'api', 'src', 'main.ts');

/** The claims every benchmark server (the API and the ceiling) signs and checks: SPEC's defaults. */
export const JWT_CLAIMS = { issuer: 'food-oms', audience: 'food-oms-api' } as const;

/** The bootstrap admin of every benchmark API (BOOTSTRAP_ADMIN_*). */
export const ADMIN = { email: 'bench-admin@example.com', password: 'bench admin password 1' } as const;

/** RATE_LIMIT_* at the variables' maximum: throughput runs measure the service, not the limiter's 429s. */
const RAISED = '1000000';

export interface ApiServerOptions {
  readonly jwtSecret: string;
  readonly mongo?: { readonly uri: string; readonly dbName: string } | undefined;
  /** 'real' keeps RATE_LIMIT_LOGIN_PER_MIN at its default (10) for the login flood; all else is raised. */
  readonly loginLimit: 'raised' | 'real';
  readonly logLevel?: string;
  readonly extraEnv?: Record<string, string>;
  readonly nodeArgs?: readonly string[];
}

/** Starts `node apps/api/src/main.ts` (the README's command) and waits for /health/ready. */
export function startApiServer(options: ApiServerOptions): Promise<ChildServer> {
  return startChildServer({
    name: 'API',
    script: MAIN,
    nodeArgs: options.nodeArgs ?? [],
    readyPath: '/health/ready',
    env: {
      // Logging off the hot path unless it is what is measured: pino at warn writes nothing per request.
      LOG_LEVEL: options.logLevel ?? 'warn',
      JWT_SECRET: options.jwtSecret,
      JWT_ISSUER: JWT_CLAIMS.issuer,
      JWT_AUDIENCE: JWT_CLAIMS.audience,
      // Long enough that no token expires during a run.
      JWT_TTL_SECONDS: '3600',
      BOOTSTRAP_ADMIN_EMAIL: ADMIN.email,
      BOOTSTRAP_ADMIN_PASSWORD: ADMIN.password,
      RATE_LIMIT_SIGNUP_PER_MIN: RAISED,
      RATE_LIMIT_ORDER_CREATE_PER_MIN: RAISED,
      RATE_LIMIT_ORDER_UPDATE_PER_MIN: RAISED,
      RATE_LIMIT_ADMIN_PER_MIN: RAISED,
      ...(options.loginLimit === 'raised' && { RATE_LIMIT_LOGIN_PER_MIN: RAISED }),
      ...(options.mongo !== undefined && {
        MONGODB_URI: options.mongo.uri,
        MONGODB_DB: options.mongo.dbName,
      }),
      ...options.extraEnv,
    },
  });
}
