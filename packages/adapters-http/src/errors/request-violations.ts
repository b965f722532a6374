import type { ZodFastifySchemaValidationError } from '@fastify/type-provider-zod';
import type { Violation } from '@food-oms/domain';

/**
 * Where a fault sits, as an RFC 6901 JSON Pointer. Body faults point into the body, like
 * the domain's own violations ("/items/0/quantity"); faults elsewhere in the request point
 * into a virtual document with the members `query`, `params` and `headers`.
 */
const POINTER_PREFIX: Readonly<Record<string, string>> = {
  body: '',
  querystring: '/query',
  params: '/params',
  headers: '/headers',
};

function pointerToken(name: string): string {
  return name.replaceAll('~', '~0').replaceAll('/', '~1');
}

/** One violation per zod issue; an unknown property gets its own pointer, so each is named. */
export function requestViolations(
  issues: readonly ZodFastifySchemaValidationError[],
  part: string | undefined,
): Violation[] {
  const prefix = POINTER_PREFIX[part ?? 'body'] ?? '';
  return issues.flatMap((issue) => {
    // The provider joins the issue path into instancePath; "/" is the root itself.
    const at = prefix + (issue.instancePath === '/' ? '' : issue.instancePath);
    const keys = issue.params.keys;
    if (issue.keyword === 'unrecognized_keys' && Array.isArray(keys)) {
      return keys.map((key) => ({
        pointer: `${at}/${pointerToken(String(key))}`,
        message: 'is not allowed',
      }));
    }
    return [{ pointer: at, message: issue.message ?? 'is not valid' }];
  });
}
