import { NotFoundError } from '@food-oms/application';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The id in a resource path. Ids are UUIDs, so anything else names no resource: it is a
 * 404 like any unknown id, answered here without asking the store (some MongoDB-compatible
 * servers fail on bytes such as NUL that a path can carry).
 */
export function pathId(raw: string, what: 'Order' | 'Menu item'): string {
  if (!UUID.test(raw)) throw new NotFoundError(what);
  return raw;
}

/**
 * The id in a resource path, or null when it names no resource, for a use case that has
 * refusals to give before "not found" (a 403 that depends on no resource comes first).
 */
export function pathIdOrNull(raw: string): string | null {
  return UUID.test(raw) ? raw : null;
}
