import { validatorCompiler } from '@fastify/type-provider-zod';
import type { FastifyInstance, FastifySchemaCompiler } from 'fastify';
import { z } from 'zod';

type Headers = Record<string, unknown>;

/**
 * Set on the headers object Node parsed for a request, to that object itself: the mark of the
 * only headers parsed in place. A copy (Object.assign, a spread, as Fastify merges headers a
 * hook assigned) carries the mark too, pointing at another object than itself. A property
 * rather than a WeakSet of marked objects: an entry added and looked up per request took
 * 178 ns in a loop, and left the collector an ephemeron to clear; the property takes 5 ns.
 */
const RAW_HEADERS = Symbol('raw headers');

type MarkedHeaders = Headers & { [RAW_HEADERS]?: unknown };

/**
 * Request validation: zod's, through @fastify/type-provider-zod, with one change for headers.
 *
 * A route's headers schema is a loose object: it names the headers it parses, and every other
 * header passes through untouched. Parsed as a whole, zod would copy every header of every
 * request into a new object, and Fastify, handed that object, would merge it with the raw
 * headers again on every later read of `request.headers`. So only the headers the schema names
 * are parsed (the same schema's own shape: the same rules, the same issues on failure), and
 * their parsed values are written back into the raw headers, where the handler reads them:
 * after validation `request.headers` is `request.raw.headers`, and the names the schema parses
 * hold parsed values there (an `If-Match` a version number, an `Idempotency-Key` unquoted),
 * for every later reader. Parsing the same object twice, which nothing here does, would meet
 * those parsed values.
 *
 * Parsed whole, as zod does, with its result handed to Fastify: a headers schema that is not
 * loose, or that checks the headers together (a refine on the whole object); and headers that
 * are not the raw ones, as when a hook has assigned `request.headers` (Fastify then validates a
 * merged copy, and values written into it would be lost).
 */
export function registerRequestValidation(app: FastifyInstance): void {
  app.setValidatorCompiler(requestValidatorCompiler);
  // Before any other hook could assign request.headers; one that does is caught either way.
  app.addHook('onRequest', (request, _reply, done) => {
    const headers: MarkedHeaders = request.raw.headers;
    headers[RAW_HEADERS] = headers;
    done();
  });
}

const requestValidatorCompiler: FastifySchemaCompiler<z.ZodType> = (route) => {
  const { schema } = route;
  const parseWhole = validatorCompiler(route);
  if (route.httpPart !== 'headers' || !isLooseObject(schema)) return parseWhole;
  const names = Object.keys(schema.shape);
  const parseNamed = validatorCompiler({ ...route, schema: z.object(schema.shape) });
  return (headers: MarkedHeaders) => {
    if (headers[RAW_HEADERS] !== headers) return parseWhole(headers);
    const named: Headers = {};
    for (const name of names) if (headers[name] !== undefined) named[name] = headers[name];
    const result = parseNamed(named) as { error: Error } | { value: Headers };
    if ('error' in result) return result;
    for (const name of names) {
      if (Object.hasOwn(result.value, name)) headers[name] = result.value[name];
      else delete headers[name];
    }
    // No `value`: Fastify keeps `request.headers` as the raw headers, now holding the parsed ones.
    return {};
  };
};

function isLooseObject(schema: z.ZodType): schema is z.ZodObject {
  return (
    schema instanceof z.ZodObject &&
    schema.def.catchall instanceof z.ZodUnknown &&
    (schema.def.checks ?? []).length === 0
  );
}
