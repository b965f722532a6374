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
 * What tells a kept schema's values apart: an id, and a version that every change of the value
 * with that id changes (an order's, whose strong ETag it is). A value without both is never kept.
 */
interface Versioning {
  readonly id: (value: never) => unknown;
  readonly version: (value: never) => unknown;
}

const KEPT = new WeakMap<z.core.$ZodType, Versioning>();

/**
 * Marks a schema whose values' JSON the serializer keeps, one version per id, while the app
 * lives and within its budget (KeptJson): the JSON a read (GET) wrote is reused by every route
 * that answers with that version, until the version changes, and the value is not looked at
 * again, so a later value of that id and version is answered with what was written, whatever it
 * holds. Only sound where every change of a value changes its version, as a strong ETag
 * requires, and where no two writers can make one version twice (a store whose conditional
 * writes are atomic). Found where a response schema has it as a property or as the items of an
 * array property; anywhere deeper, the value is written each time.
 */
export function keptByVersion<T extends z.core.$ZodType>(
  schema: T,
  id: (value: z.output<T>) => unknown,
  version: (value: z.output<T>) => unknown,
): T {
  KEPT.set(schema, { id, version } as Versioning);
  return schema;
}

/**
 * The most JSON one app keeps per kept schema, in characters (a character is a byte of an ASCII
 * string, two of others): 4 MiB, about 4,000 orders as the bench makes them.
 */
export const KEPT_JSON_CHARACTERS = 4 * 1024 * 1024;

export interface KeptJson {
  /** Whether values may be kept now; asked at each one. Default: always. */
  readonly enabled?: () => boolean;
  /** The budget of each kept schema, in characters; default KEPT_JSON_CHARACTERS. */
  readonly characters?: number;
}

interface Kept {
  readonly version: number;
  readonly json: string;
}

/** The JSON of a kept schema's values, least recently used dropped first. */
class Representations {
  readonly #kept = new Map<string, Kept>();
  #characters = 0;
  readonly #write: (value: unknown) => string;
  readonly #versioning: Versioning;
  readonly #enabled: () => boolean;
  readonly #budget: number;

  constructor(write: (value: unknown) => string, versioning: Versioning, options: KeptJson) {
    this.#write = write;
    this.#versioning = versioning;
    this.#enabled = options.enabled ?? (() => true);
    this.#budget = options.characters ?? KEPT_JSON_CHARACTERS;
  }

  /**
   * The value's JSON: the kept one when its version is kept, else written; and kept when
   * `keep` says so. Reads keep what they write; writes do not: a create or a change makes a
   * version that may never be read again, and keeping each one measured as churn (more major
   * collections, more RSS) that cost a transition more than it saved.
   */
  of(value: unknown, keep: boolean): string {
    const id = this.#versioning.id(value as never);
    const version = this.#versioning.version(value as never);
    if (typeof id !== 'string' || typeof version !== 'number' || !this.#enabled()) return this.#write(value);
    // Keyed by the id alone: the store hands out the same id string each time, whose hash
    // V8 keeps, where a key made per lookup would be hashed anew.
    const known = this.#kept.get(id);
    if (known !== undefined) {
      this.#kept.delete(id); // set again below when kept: now the newest
      this.#characters -= known.json.length;
      if (known.version === version) return this.#keep(id, known);
    }
    const json = this.#write(value);
    return keep ? this.#keep(id, { version, json: flat(json) }) : json;
  }

  #keep(id: string, kept: Kept): string {
    if (kept.json.length <= this.#budget) {
      this.#kept.set(id, kept);
      this.#characters += kept.json.length;
      if (this.#characters > this.#budget) this.#dropOldest();
    }
    return kept.json;
  }

  #dropOldest(): void {
    for (const [id, { json }] of this.#kept) {
      if (this.#characters <= this.#budget) return;
      this.#kept.delete(id);
      this.#characters -= json.length;
    }
  }
}

/**
 * The string as one sequential string. fast-json-stringify builds its output piece by piece,
 * a rope that each later concatenation or join would walk again, piece by piece (20 strings of
 * about 3 KB took seven times as long to join as ropes as flat); a conversion to a number makes
 * V8 flatten it in place, once.
 */
function flat(json: string): string {
  Number(json);
  return json;
}

/** The schema under zod's readonly wrapper, which changes the type only. */
function unwrapped(schema: z.core.$ZodType): z.core.$ZodType {
  const { def } = schema._zod;
  return def.type === 'readonly' ? unwrapped((def as z.core.$ZodReadonlyDef).innerType) : schema;
}

/**
 * A writer of `{ ... }` for an object schema some of whose properties are kept values or
 * arrays of them: those are taken from their Representations (and put there, for a read),
 * every other property is written by fast-json-stringify from its own part of the schema.
 * Properties come in declared order (required before optional, as `serializable` checks), as
 * they do from the serializer of the whole object.
 */
function envelopeWriter(
  zodSchema: z.core.$ZodType,
  json: JsonSchema,
  representations: (schema: z.core.$ZodType) => Representations | undefined,
  keep: boolean,
): ((data: unknown) => string) | undefined {
  const { def } = zodSchema._zod;
  if (def.type !== 'object' || json.type !== 'object') return undefined;
  const shape = (def as z.core.$ZodObjectDef).shape;
  const required = new Set(json.required ?? []);
  const properties = Object.entries(json.properties ?? {}).map(([name, schema]) => {
    const property = unwrapped(shape[name] as z.core.$ZodType);
    const { def: propertyDef } = property._zod;
    const element =
      propertyDef.type === 'array' ? unwrapped((propertyDef as z.core.$ZodArrayDef).element) : undefined;
    const kept = representations(property);
    const keptItems = element === undefined ? undefined : representations(element);
    return { name, schema, kept, keptItems };
  });
  // Without a kept property the whole object is compiled as one, and nothing here is needed.
  if (properties.every(({ kept, keptItems }) => kept === undefined && keptItems === undefined)) {
    return undefined;
  }
  // Each writer adds its property's JSON to `parts`, and the object is joined from them once:
  // one sequential string, made by one copy of the pieces, where pieces added one to another
  // would make a rope that Fastify's Buffer.byteLength copies once more before the socket write.
  const writers = properties.map(({ name, schema, kept, keptItems }) => {
    let write: (value: unknown, parts: string[]) => void;
    if (kept !== undefined) {
      write = (value, parts) => parts.push(kept.of(value, keep));
    } else if (keptItems !== undefined) {
      write = (value, parts) => {
        if (!Array.isArray(value)) throw new TypeError('an array is declared');
        const items: unknown[] = value;
        parts.push('[');
        for (let i = 0; i < items.length; i++) {
          if (i > 0) parts.push(',');
          parts.push(keptItems.of(items[i], keep));
        }
        parts.push(']');
      };
    } else {
      const written = fastJson(schema as fastJson.AnySchema);
      write = (value, parts) => parts.push(written(value));
    }
    return { name, prefix: `${JSON.stringify(name)}:`, required: required.has(name), write };
  });
  return (data) => {
    const parts: string[] = [];
    for (const { name, prefix, required, write } of writers) {
      const value = (data as Record<string, unknown>)[name];
      if (value === undefined) {
        if (required) throw new Error(`"${name}" is required!`);
        continue;
      }
      parts.push(parts.length === 0 ? '{' : ',', prefix);
      write(value, parts);
    }
    if (parts.length === 0) return '{}';
    parts.push('}');
    return parts.join('');
  };
}

/**
 * Serializes success responses with fast-json-stringify, compiled once per route and status
 * from the JSON Schema of the route's zod response schema, instead of a zod encode of the
 * whole reply followed by JSON.stringify. zod stays the one source: this compiles its output
 * schema, the one the OpenAPI document publishes. Problems are sent with statuses no route
 * declares, so they keep fastify's JSON.stringify. The JSON a read wrote of a value of a kept
 * schema (keptByVersion) is reused by every route that answers with that version of it (and
 * not checked again: what follows holds for the value that was written).
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
export function responseSerializerCompiler(
  keptJson: KeptJson = {},
): FastifySerializerCompiler<z.core.$ZodType> {
  const kept = new Map<z.core.$ZodType, Representations>();
  const representations = (schema: z.core.$ZodType): Representations | undefined => {
    const versioning = KEPT.get(schema);
    if (versioning === undefined) return undefined;
    let known = kept.get(schema);
    if (known === undefined) {
      const write = fastJson(
        serializable(outputJsonSchema(schema), 'a kept value', '') as fastJson.AnySchema,
      );
      known = new Representations(write, versioning, keptJson);
      kept.set(schema, known);
    }
    return known;
  };
  return ({ schema, method, url, httpStatus }) => {
    const route = `${method} ${url} ${httpStatus ?? ''}`.trimEnd();
    const json = serializable(outputJsonSchema(schema), route, '');
    // A read keeps the versions it writes (see Representations.of).
    const keep = method === 'GET' || method === 'HEAD';
    const write = envelopeWriter(schema, json, representations, keep) ?? fastJson(json as fastJson.AnySchema);
    return (data) => {
      try {
        return write(data);
      } catch (error) {
        throw new ResponseSchemaMismatchError(route, error);
      }
    };
  };
}
