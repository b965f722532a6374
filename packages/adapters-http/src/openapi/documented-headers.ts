import type { OpenAPIV3_1 } from 'openapi-types';
import { ACCEPTED_REQUEST_ID } from '../http/request-id.ts';

/** Every response header the API sends, described once for the OpenAPI document. */
const RESPONSE_HEADERS = {
  'X-Request-Id': {
    description: `The request id: the caller’s X-Request-Id when it matches ${ACCEPTED_REQUEST_ID.source}, else a new UUID.`,
    schema: { type: 'string' },
  },
  Location: { description: 'Where the created order can be read: /orders/<id>.', schema: { type: 'string' } },
  ETag: {
    description: 'The order’s version as a strong entity-tag: "v<version>".',
    schema: { type: 'string' },
  },
  'Idempotent-Replayed': {
    description:
      'Present (true) when the response replays what this Idempotency-Key already did (the order or menu item it made, the status change it applied): nothing was written again.',
    schema: { type: 'string', enum: ['true'] },
  },
  'Cache-Control': {
    description:
      'no-store on tokens and accounts; private, no-cache on orders (revalidate with the ETag); no-store on errors.',
    schema: { type: 'string' },
  },
  'X-Content-Type-Options': {
    description: 'Always nosniff: the body is never to be read as anything but its Content-Type.',
    schema: { type: 'string', enum: ['nosniff'] },
  },
  'RateLimit-Policy': {
    description:
      'draft-ietf-httpapi-ratelimit-headers-10: the quota policies this request spends, e.g. "orders-create";q=30;w=60.',
    schema: { type: 'string' },
  },
  RateLimit: {
    description:
      'draft-ietf-httpapi-ratelimit-headers-10: what is left of each policy, e.g. "orders-create";r=29;t=42 (t in seconds).',
    schema: { type: 'string' },
  },
  'Retry-After': { description: 'Seconds to wait before retrying.', schema: { type: 'integer' } },
  'WWW-Authenticate': {
    description: 'Bearer, with error="invalid_token" when a token was sent but not accepted (RFC 6750).',
    schema: { type: 'string' },
  },
} as const satisfies Record<string, OpenAPIV3_1.HeaderObject>;

export type ResponseHeaderName = keyof typeof RESPONSE_HEADERS;

export function headerObjects(
  names: readonly ResponseHeaderName[],
): Record<string, OpenAPIV3_1.HeaderObject> {
  return Object.fromEntries(names.map((name) => [name, RESPONSE_HEADERS[name]]));
}

export const REQUEST_ID_PARAMETER: OpenAPIV3_1.ParameterObject = {
  name: 'X-Request-Id',
  in: 'header',
  required: false,
  description: `Kept and echoed when it matches ${ACCEPTED_REQUEST_ID.source}; otherwise replaced by a new UUID.`,
  schema: { type: 'string', pattern: ACCEPTED_REQUEST_ID.source },
};
