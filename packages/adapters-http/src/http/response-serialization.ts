import fastJson from 'fast-json-stringify';
import type { FastifySerializerCompiler } from 'fastify';
import { z } from 'zod';

type JsonSchema = z.core.JSONSchema.JSONSchema;

const SCALAR_TYPES: ReadonlySet<unknown> = new Set(['string', 'number', 'integer', 'boolean', 'null']);

/** A success response that its handler built unlike its schema: a bug here, answered 500. */
export class ResponseSchemaMismatchError extends Error {
  constructor(route: string, cause: unknown) {
    super(`The response of ${route} does not match its schema: ${(cause as Error | undefined)?.message}`, {
      cause,
    });
    this.name = 'ResponseSchemaMismatchError';
  }
}

/** A response schema the compiled serializer would not write field by field. */
class UnserializableSchemaError extends Error {
  constructor(route: string, pointer: string, reason: string) {
    super(`The response schema of ${route} at "${pointer}" ${reason}`);
    this.name = 'UnserializableSchemaError';
  }
}

/**
 * The JSON Schema of a response as the OpenAPI document has it: what the zod schema outputs,
 * with the zod provider's two output rules (a Date is a date-time string, undefined is null).
 */
function outputJsonSchema(schema: z.core.$ZodType): JsonSchema {
  return z.toJSONSchema(schema, {
    target: 'draft-2020-12',
    io: 'output',
    unrepresentable: 'any',
    override: ({ zodSchema, jsonSchema }) => {
      const { type } = zodSchema._zod.def;
      if (type === 'date') Object.assign(jsonSchema, { type: 'string', format: 'date-time' });
      if (type === 'undefined') jsonSchema.type = 'null';
    },
  });
}

/** `T | null` as zod writes it for anything but a bare scalar: the T, or undefined. */
function nullableOption(anyOf: readonly JsonSchema[]): JsonSchema | undefined {
  if (anyOf.length !== 2) return undefined;
  const nullAt = anyOf.findIndex((option) => option.type === 'null' && Object.keys(option).length === 1);
  const other = anyOf[1 - nullAt];
  return nullAt === -1 || typeof other?.type !== 'string' ? undefined : other;
}

/**
 * The schema fast-json-stringify compiles, or a start-up error. Its serializer writes declared
 * properties only and drops every other key, which makes a response schema a field allowlist;
 * this refuses whatever would undo that or slow it down:
 * - an object open to other keys (record, loose object, catchall) would let them out;
 * - an untyped value (unknown, any, an unrepresentable type, a $ref) is written with
 *   JSON.stringify, whole, allowlist or not;
 * - a union is chosen per value by ajv at run time, against branches that refuse the extra
 *   keys an allowlist exists to drop; only `T | null` is kept, as the type list
 *   `[T, 'null']`, which is chosen by a typeof;
 * - required properties are written first, so an optional property before a required one
 *   would reorder the wire output.
 */
function serializable(schema: JsonSchema | boolean, route: string, pointer: string): JsonSchema {
  const refuse = (reason: string) => new UnserializableSchemaError(route, pointer, reason);
  if (typeof schema === 'boolean') throw refuse('is a boolean schema, which types nothing.');
  const { $schema: _dialect, anyOf, ...rest } = schema;
  if (anyOf !== undefined) {
    const option = nullableOption(anyOf);
    if (option === undefined) throw refuse('is a union other than T | null.');
    const typed = serializable(option, route, pointer);
    const nullable: JsonSchema = {
      ...rest,
      ...typed,
      type: [typed.type as z.core.JSONSchema.SchemaType, 'null'],
    };
    if (typed.enum !== undefined) nullable.enum = [...typed.enum, null];
    return nullable;
  }
  if (rest.type === 'object') {
    const { properties, additionalProperties, patternProperties } = rest;
    if (
      properties === undefined ||
      patternProperties !== undefined ||
      (additionalProperties ?? false) !== false
    ) {
      throw refuse('lets undeclared properties through.');
    }
    const required = new Set(rest.required ?? []);
    const names = Object.keys(properties);
    const firstOptional = names.findIndex((name) => !required.has(name));
    if (firstOptional !== -1 && names.slice(firstOptional).some((name) => required.has(name))) {
      throw refuse('declares an optional property before a required one.');
    }
    return {
      ...rest,
      properties: Object.fromEntries(
        names.map((name) => [name, serializable(properties[name] ?? false, route, `${pointer}/${name}`)]),
      ),
    };
  }
  if (rest.type === 'array') {
    const { items, prefixItems } = rest;
    if (items === undefined || Array.isArray(items) || prefixItems !== undefined) {
      throw refuse('is a tuple or an array of untyped items.');
    }
    return { ...rest, items: serializable(items, route, `${pointer}/items`) };
  }
  const types = Array.isArray(rest.type) ? rest.type : [rest.type];
  if (!types.every((type) => SCALAR_TYPES.has(type))) throw refuse('is untyped.');
  return rest;
}

/**
 * Serializes success responses with fast-json-stringify, compiled once per route and status
 * from the JSON Schema of the route's zod response schema, instead of a zod encode of the
 * whole reply followed by JSON.stringify. zod stays the one source: this compiles its output
 * schema, the one the OpenAPI document publishes. Problems are sent with statuses no route
 * declares, so they keep fastify's JSON.stringify.
 *
 * A reply unlike its schema is a bug (the handlers' reply types come from the same schemas),
 * and fast-json-stringify does not check what zod checked. It throws on what it cannot write:
 * a missing required property, a value of none of a `T | null`'s types, a number that is NaN,
 * an invalid Date; that becomes a 500, as the zod check made it. Others it coerces rather than
 * refuse, and these now leave: null or a non-string where a string is declared (as "" or its
 * toString), a fraction where an integer is (truncated), a value outside an enum or a bound.
 * Checking them too would mean the zod pass this replaces; the allowlist, which is what the
 * check guarded, holds either way.
 */
export const responseSerializerCompiler: FastifySerializerCompiler<z.core.$ZodType> = ({
  schema,
  method,
  url,
  httpStatus,
}) => {
  const route = `${method} ${url} ${httpStatus ?? ''}`.trimEnd();
  const write = fastJson(serializable(outputJsonSchema(schema), route, '') as fastJson.AnySchema);
  return (data) => {
    try {
      return write(data);
    } catch (error) {
      throw new ResponseSchemaMismatchError(route, error);
    }
  };
};
