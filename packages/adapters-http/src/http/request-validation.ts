import { validatorCompiler } from '@fastify/type-provider-zod';
import type { FastifySchemaCompiler } from 'fastify';
import { z } from 'zod';

type Headers = Record<string, unknown>;

/**
 * Request validation: zod's, through @fastify/type-provider-zod, with one change for headers.
 *
 * A route's headers schema is a loose object: it names the headers it parses, and every other
 * header passes through untouched. Parsed as a whole, zod would copy every header of every
 * request into a new object, and Fastify, handed that object, would merge it with the raw
 * headers again on every later read of `request.headers`. So only the headers the schema names
 * are parsed (the same schema's own shape: the same rules, the same issues on failure), and
 * their parsed values are written back in place, where the handler reads them. A headers schema
 * that is not loose, or that checks the headers together (a refine on the whole object), is
 * parsed whole, as zod does.
 */
export const requestValidatorCompiler: FastifySchemaCompiler<z.ZodType> = (route) => {
  const { schema } = route;
  if (route.httpPart !== 'headers' || !isLooseObject(schema)) return validatorCompiler(route);
  const names = Object.keys(schema.shape);
  const parseNamed = validatorCompiler({ ...route, schema: z.object(schema.shape) });
  return (headers: Headers) => {
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
