import type { FastifyServerOptions } from 'fastify';

/**
 * Secrets a log line must never carry, wherever they sit in a logged object (fastify's own
 * request serializer logs no headers or bodies; this guards every other log call).
 */
const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
  'authorization',
  'cookie',
  'password',
  '*.password',
  '*.*.password',
  'accessToken',
  '*.accessToken',
  '*.*.accessToken',
  'token',
  '*.token',
  '*.*.token',
];

/** Plain on/off, or pino options (level, stream, …). */
export type LoggerOptions = NonNullable<FastifyServerOptions['logger']>;

/** The caller's pino options (or plain on/off) with the redaction always added. */
export function loggerOptions(logger: LoggerOptions): LoggerOptions {
  if (logger === false) return false;
  const options = logger === true ? {} : logger;
  const own = options.redact;
  const paths = own === undefined ? [] : Array.isArray(own) ? own : own.paths;
  return { ...options, redact: { paths: [...REDACTED_PATHS, ...paths], censor: '[redacted]' } };
}
