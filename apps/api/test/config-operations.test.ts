import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.ts';

function failure(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected loadConfig to fail');
}

describe('loadConfig: the operating variables', () => {
  it('bounds requests by default: 30 s for a request, 10 s for its headers, 72 s idle keep-alive', () => {
    expect(loadConfig({}).httpTimeouts).toEqual({
      requestMs: 30_000,
      headersMs: 10_000,
      keepAliveMs: 72_000,
    });
  });

  it('reads the HTTP timeouts', () => {
    const config = loadConfig({
      HTTP_REQUEST_TIMEOUT_MS: '20000',
      HTTP_HEADERS_TIMEOUT_MS: '5000',
      HTTP_KEEP_ALIVE_TIMEOUT_MS: '65000',
    });
    expect(config.httpTimeouts).toEqual({ requestMs: 20_000, headersMs: 5000, keepAliveMs: 65_000 });
  });

  it.each([
    [{ HTTP_REQUEST_TIMEOUT_MS: '0' }, 'HTTP_REQUEST_TIMEOUT_MS'],
    [{ HTTP_HEADERS_TIMEOUT_MS: 'soon' }, 'HTTP_HEADERS_TIMEOUT_MS'],
    [{ HTTP_KEEP_ALIVE_TIMEOUT_MS: '-1' }, 'HTTP_KEEP_ALIVE_TIMEOUT_MS'],
    [{ HTTP_REQUEST_TIMEOUT_MS: '5000', HTTP_HEADERS_TIMEOUT_MS: '6000' }, 'HTTP_HEADERS_TIMEOUT_MS'],
  ])('refuses %o naming %s', (env, variable) => {
    expect(failure(env)).toContain(variable);
  });

  describe('STORE', () => {
    const SECRET = { JWT_SECRET: 'x'.repeat(32) };
    const URI = { MONGODB_URI: 'mongodb://db:27017' };

    it.each([
      [{}, 'memory'],
      [URI, 'mongodb'],
      [{ STORE: 'memory' }, 'memory'],
      [{ STORE: 'mongodb', ...URI }, 'mongodb'],
      [{ NODE_ENV: 'production', ...SECRET, ...URI }, 'mongodb'],
      [{ NODE_ENV: 'production', ...SECRET, STORE: 'memory' }, 'memory'],
    ])('%o runs on %s', (env, store) => {
      const config = loadConfig(env);
      expect(config.store).toBe(store);
      expect(config.mongo === null).toBe(store === 'memory');
    });

    it.each([
      [{ NODE_ENV: 'production', ...SECRET }, 'STORE'],
      [{ STORE: 'mongodb' }, 'MONGODB_URI'],
      [{ STORE: 'memory', ...URI }, 'MONGODB_URI'],
      [{ STORE: 'redis' }, 'STORE'],
    ])('refuses %o naming %s', (env, variable) => {
      expect(failure(env)).toContain(variable);
    });
  });

  describe('ALLOW_NON_ATOMIC_DATABASE', () => {
    it.each([
      [{}, false],
      [{ ALLOW_NON_ATOMIC_DATABASE: '0' }, false],
      [{ ALLOW_NON_ATOMIC_DATABASE: '1' }, true],
    ])('%o allows a non-atomic database: %s', (env, allowed) => {
      expect(loadConfig(env).allowNonAtomicDatabase).toBe(allowed);
    });

    it('refuses anything but 1 or 0', () => {
      expect(failure({ ALLOW_NON_ATOMIC_DATABASE: 'yes' })).toContain('ALLOW_NON_ATOMIC_DATABASE');
    });
  });

  describe('METRICS_PORT, METRICS_HOST', () => {
    it('are off by default', () => {
      expect(loadConfig({}).metrics).toBeNull();
    });

    it('listen on 127.0.0.1 unless told otherwise', () => {
      expect(loadConfig({ METRICS_PORT: '9464' }).metrics).toEqual({ host: '127.0.0.1', port: 9464 });
      expect(loadConfig({ METRICS_PORT: '9464', METRICS_HOST: '0.0.0.0' }).metrics).toEqual({
        host: '0.0.0.0',
        port: 9464,
      });
    });

    it.each([
      [{ METRICS_PORT: 'x' }, 'METRICS_PORT'],
      [{ METRICS_PORT: '70000' }, 'METRICS_PORT'],
      [{ METRICS_PORT: '3000' }, 'METRICS_PORT'],
      [{ METRICS_PORT: '9464', METRICS_HOST: 'http://x' }, 'METRICS_HOST'],
    ])('refuses %o naming %s', (env, variable) => {
      expect(failure(env)).toContain(variable);
    });
  });

  describe('CORS_ORIGINS', () => {
    it('is empty (no CORS) by default', () => {
      expect(loadConfig({}).corsOrigins).toEqual([]);
    });

    it('reads a comma list of origins', () => {
      expect(
        loadConfig({ CORS_ORIGINS: 'https://app.example.com, http://localhost:5173' }).corsOrigins,
      ).toEqual(['https://app.example.com', 'http://localhost:5173']);
    });

    it.each([
      '*',
      'app.example.com',
      'https://app.example.com/',
      'https://app.example.com/path',
      'ftp://x.example',
    ])('refuses %j naming CORS_ORIGINS', (origins) => {
      expect(failure({ CORS_ORIGINS: origins })).toContain('CORS_ORIGINS');
    });
  });
});
