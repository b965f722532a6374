import { NotFoundError } from '@food-oms/application';
import { z } from 'zod';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The id in a resource path. Ids are UUIDs, so anything else names no resource: it is a
 * 404 like any unknown id, answered here without asking the store (some MongoDB-compatible
 * servers fail on bytes such as NUL that a path can carry). A UUID is the same in either
 * case (RFC 9562 §4); ids are made and stored in lower case, so that is what is looked up.
 */
export function pathId(raw: string, what: 'Order' | 'Menu item'): string {
  const id = pathIdOrNull(raw);
  if (id === null) throw new NotFoundError(what);
  return id;
}

/**
 * A UUID in a body or a filter, in either case, as the lower-case id it names. `overwrite`,
 * not `transform`: the type stays a string, so the schema still converts to JSON Schema and
 * keeps the examples of the body around it.
 */
export function caseInsensitiveId() {
  return z.uuid().overwrite((id) => id.toLowerCase());
}

/**
 * The id in a resource path, or null when it names no resource, for a use case that has
 * refusals to give before "not found" (a 403 that depends on no resource comes first).
 */
export function pathIdOrNull(raw: string): string | null {
  return UUID.test(raw) ? raw.toLowerCase() : null;
}
