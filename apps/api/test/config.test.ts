import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.ts';

const SECRET = 'x'.repeat(32);

function failure(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected loadConfig to fail');
}

describe('loadConfig', () => {
  it('applies the defaults of docs/api.md "Configuration"', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      host: '127.0.0.1',
      port: 3000,
      mongo: null,
      redisUrl: null,
      trustProxy: false,
      bootstrapAdmin: null,
      logLevel: 'info',
      rateLimits: {
        signupPerMin: 5,
        loginPerMin: 10,
        orderCreatePerMin: 30,
        orderUpdatePerMin: 120,
        adminPerMin: 60,
      },
      jwt: { issuer: 'food-oms', audience: 'food-oms-api', ttlSeconds: 900, ephemeral: true },
    });
    expect(Buffer.byteLength(config.jwt.secret)).toBeGreaterThanOrEqual(32);
  });

  it('makes a different ephemeral secret per process start', () => {
    expect(loadConfig({}).jwt.secret).not.toBe(loadConfig({}).jwt.secret);
  });

  it('reads every variable', () => {
    const config = loadConfig({
      PORT: '8080',
      HOST: '0.0.0.0',
      MONGODB_URI: 'mongodb://db:27017/?replicaSet=rs0',
      MONGODB_DB: 'orders',
      REDIS_URL: 'redis://cache:6379',
      JWT_SECRET: SECRET,
      JWT_ISSUER: 'iss',
      JWT_AUDIENCE: 'aud',
      JWT_TTL_SECONDS: '600',
      TRUST_PROXY: '10.0.0.0/8, 192.168.1.1',
      BOOTSTRAP_ADMIN_EMAIL: 'root@example.com',
      BOOTSTRAP_ADMIN_PASSWORD: 'correct horse',
      RATE_LIMIT_SIGNUP_PER_MIN: '1',
      RATE_LIMIT_LOGIN_PER_MIN: '2',
      RATE_LIMIT_ORDER_CREATE_PER_MIN: '3',
      RATE_LIMIT_ORDER_UPDATE_PER_MIN: '4',
      RATE_LIMIT_ADMIN_PER_MIN: '5',
      LOG_LEVEL: 'warn',
    });
    expect(config).toMatchObject({
      host: '0.0.0.0',
      port: 8080,
      mongo: { uri: 'mongodb://db:27017/?replicaSet=rs0', dbName: 'orders' },
      redisUrl: 'redis://cache:6379',
      jwt: { secret: SECRET, ephemeral: false, issuer: 'iss', audience: 'aud', ttlSeconds: 600 },
      trustProxy: ['10.0.0.0/8', '192.168.1.1'],
      bootstrapAdmin: { email: 'root@example.com', password: 'correct horse' },
      rateLimits: {
        signupPerMin: 1,
        loginPerMin: 2,
        orderCreatePerMin: 3,
        orderUpdatePerMin: 4,
        adminPerMin: 5,
      },
      logLevel: 'warn',
    });
  });

  it('accepts IPs and host names for HOST', () => {
    for (const host of ['0.0.0.0', '::', '::1', 'localhost', 'api.internal.example.com']) {
      expect(loadConfig({ HOST: host }).host).toBe(host);
    }
  });

  it('accepts a hop count for TRUST_PROXY', () => {
    expect(loadConfig({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(loadConfig({ TRUST_PROXY: 'false' }).trustProxy).toBe(false);
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ PORT: '-1' }, 'PORT'],
    [{ MONGODB_URI: 'postgres://x' }, 'MONGODB_URI'],
    [{ MONGODB_DB: 'a/b' }, 'MONGODB_DB'],
    [{ REDIS_URL: 'http://x' }, 'REDIS_URL'],
    [{ JWT_SECRET: 'short' }, 'JWT_SECRET'],
    [{ JWT_TTL_SECONDS: '0' }, 'JWT_TTL_SECONDS'],
    [{ TRUST_PROXY: 'true' }, 'TRUST_PROXY'],
    [{ TRUST_PROXY: '10.0.0.0/33' }, 'TRUST_PROXY'],
    [{ TRUST_PROXY: 'proxy.internal' }, 'TRUST_PROXY'],
    [{ RATE_LIMIT_LOGIN_PER_MIN: '0' }, 'RATE_LIMIT_LOGIN_PER_MIN'],
    [{ RATE_LIMIT_ADMIN_PER_MIN: '1.5' }, 'RATE_LIMIT_ADMIN_PER_MIN'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ BOOTSTRAP_ADMIN_EMAIL: 'a@example.com' }, 'BOOTSTRAP_ADMIN_PASSWORD'],
    [{ BOOTSTRAP_ADMIN_PASSWORD: 'secret123' }, 'BOOTSTRAP_ADMIN_EMAIL'],
    [{ NODE_ENV: 'production' }, 'JWT_SECRET'],
    [{ HOST: 'not a host' }, 'HOST'],
    [{ HOST: 'http://example.com' }, 'HOST'],
    [
      { BOOTSTRAP_ADMIN_EMAIL: 'not-an-email', BOOTSTRAP_ADMIN_PASSWORD: 'long-enough-1' },
      'BOOTSTRAP_ADMIN_EMAIL',
    ],
    [
      { BOOTSTRAP_ADMIN_EMAIL: 'root@example.com', BOOTSTRAP_ADMIN_PASSWORD: 'short' },
      'BOOTSTRAP_ADMIN_PASSWORD',
    ],
  ])('rejects %o with one line naming %s', (env, variable) => {
    const message = failure(env);
    expect(message).toContain(variable);
    expect(message).not.toContain('\n');
  });

  it('accepts production with a secret of 32 bytes', () => {
    // STORE=memory: production no longer falls back to the in-memory store unasked.
    expect(loadConfig({ NODE_ENV: 'production', JWT_SECRET: SECRET, STORE: 'memory' }).jwt.ephemeral).toBe(
      false,
    );
  });
});
