import { ValidationError } from '@food-oms/domain';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { HttpError } from '../errors/http-errors.ts';
import { BODY_LIMIT_BYTES } from './body-limit.ts';

/**
 * Headers whose repetition Node hides: it keeps the first Authorization, Content-Type and
 * Host and silently drops the rest, and joins Idempotency-Key values with ", " into a key
 * nobody sent. Either way the server would act on something other than what a proxy or the
 * client meant; and a second Host line is a 400 by RFC 9112 §3.2.
 */
const SINGLE_HEADERS = ['authorization', 'content-type', 'idempotency-key', 'host'] as const;

/**
 * Each of SINGLE_HEADERS by its length, which no two share, and a bit of its own: a request's
 * header names are told apart by length first, and only one of the same length as a single
 * header is compared with it, so most names are never lower-cased and nothing is allocated.
 */
const SINGLE_BY_LENGTH = new Map(SINGLE_HEADERS.map((name, i) => [name.length, { name, bit: 1 << i }]));
if (SINGLE_BY_LENGTH.size !== SINGLE_HEADERS.length) throw new Error('two single headers share a length');

function repeatedHeader(request: FastifyRequest): string | undefined {
  const raw = request.raw.rawHeaders;
  let seen = 0;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i] ?? '';
    const single = SINGLE_BY_LENGTH.get(name.length);
    if (single === undefined || (name !== single.name && name.toLowerCase() !== single.name)) continue;
    if ((seen & single.bit) !== 0) return single.name;
    seen |= single.bit;
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
 * What HTTP/1.1 framing asks of a request that Node would otherwise refuse with a bare status
 * and no body: an HTTP/1.1 request names its Host (RFC 9112 §3.2), and the one expectation
 * this server meets is 100-continue (RFC 9110 §10.1.1; Node answers it before the request
 * gets here). Both are refused here instead, as problems like any other bad input.
 */
function framingFault(request: FastifyRequest): ValidationError | undefined {
  const { httpVersion, headers } = request.raw;
  // HTTP/1.0 needs no Host and knows no expectations (RFC 9110 §10.1.1 has them ignored there,
  // as Node does).
  if (httpVersion !== '1.1') return undefined;
  if (headers.host === undefined) {
    return new ValidationError([{ pointer: '/headers/host', message: 'is required in HTTP/1.1' }]);
  }
  const expect = headers.expect;
  if (expect !== undefined && expect.trim().toLowerCase() !== '100-continue') {
    return new ValidationError([{ pointer: '/headers/expect', message: 'can only be 100-continue' }]);
  }
  return undefined;
}

/**
 * JSON is UTF-8 (RFC 8259 §8.1): a body that says it is another charset is 415, and bytes
 * that are not UTF-8 are 400 instead of being stored as U+FFFD. Repeated Authorization or
 * Idempotency-Key headers are 400, as are an HTTP/1.1 request without Host and an Expect
 * other than 100-continue. The JSON itself is read by fastify's own parser, with its
 * __proto__ and constructor.prototype refusal. The server must be made with
 * `http.requireHostHeader: false`, or Node answers a missing Host itself.
 */
export function registerStrictInput(app: FastifyInstance): void {
  // With a listener, Node hands a request with an unmet expectation to it rather than answer
  // a bare 417; handed on as an ordinary request, it meets framingFault's problem.
  app.server.on('checkExpectation', (request, response) => app.server.emit('request', request, response));
  app.addHook('onRequest', (request, _reply, done) => {
    const repeated = repeatedHeader(request);
    if (repeated !== undefined) {
      throw new ValidationError([{ pointer: `/headers/${repeated}`, message: 'must be sent once' }]);
    }
    const fault = framingFault(request);
    if (fault !== undefined) throw fault;
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
