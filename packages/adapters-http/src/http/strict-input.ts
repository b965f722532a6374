import { ValidationError } from '@food-oms/domain';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { HttpError } from '../errors/http-errors.ts';
import { BODY_LIMIT_BYTES } from './body-limit.ts';

/**
 * Headers whose repetition Node hides: it keeps the first Authorization and Content-Type
 * and silently drops the rest, and joins Idempotency-Key values with ", " into a key nobody
 * sent. Either way the server would act on something other than what a proxy or the
 * client meant.
 */
const SINGLE_HEADERS = ['authorization', 'content-type', 'idempotency-key'] as const;

function repeatedHeader(request: FastifyRequest): string | undefined {
  const raw = request.raw.rawHeaders;
  const seen = new Set<string>();
  for (let i = 0; i < raw.length; i += 2) {
    const name = (raw[i] ?? '').toLowerCase();
    if (!(SINGLE_HEADERS as readonly string[]).includes(name)) continue;
    if (seen.has(name)) return name;
    seen.add(name);
  }
  return undefined;
}

/** The charset parameter of a Content-Type, unquoted and lower-cased; undefined when absent. */
function charsetOf(contentType: string | undefined): string | undefined {
  const match = /;\s*charset\s*=\s*("?)([^";\s]*)\1/i.exec(contentType ?? '');
  return match?.[2]?.toLowerCase();
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * JSON is UTF-8 (RFC 8259 §8.1): a body that says it is another charset is 415, and bytes
 * that are not UTF-8 are 400 instead of being stored as U+FFFD. Repeated Authorization or
 * Idempotency-Key headers are 400. The JSON itself is read by fastify's own parser, with
 * its __proto__ and constructor.prototype refusal.
 */
export function registerStrictInput(app: FastifyInstance): void {
  app.addHook('onRequest', (request, _reply, done) => {
    const repeated = repeatedHeader(request);
    if (repeated !== undefined) {
      throw new ValidationError([{ pointer: `/headers/${repeated}`, message: 'must be sent once' }]);
    }
    done();
  });

  const json = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser(
    'application/json',
    { parseAs: 'buffer', bodyLimit: BODY_LIMIT_BYTES },
    (request, body: Buffer, done) => {
      const charset = charsetOf(request.headers['content-type']);
      if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
        done(new HttpError('UNSUPPORTED_MEDIA_TYPE', 'JSON bodies must be UTF-8 (charset=utf-8 or none).'));
        return;
      }
      let text: string;
      try {
        text = UTF8.decode(body);
      } catch {
        done(new ValidationError([{ pointer: '', message: 'must be valid UTF-8' }]));
        return;
      }
      void json(request, text, done);
    },
  );
}
