import { LIST_LIMITS } from '@food-oms/application';
import { ORDER_LIMITS, ORDER_STATUSES, ROLES } from '@food-oms/domain';
import { z } from 'zod';
import { parseIfMatch } from '../http/entity-tag.ts';
import { parseIdempotencyKey } from '../http/idempotency-key.ts';
import { caseInsensitiveId } from '../http/path-id.ts';
import { trimmedText } from './text-schemas.ts';

const KEY_LENGTH = `${ORDER_LIMITS.minIdempotencyKeyLength}–${ORDER_LIMITS.maxIdempotencyKeyLength}`;

const status = z.enum(ORDER_STATUSES);

export const placeOrderBodySchema = z.strictObject({
  items: z
    .array(
      z.strictObject({
        menuItemId: caseInsensitiveId(),
        quantity: z.number().int().min(ORDER_LIMITS.minQuantity).max(ORDER_LIMITS.maxQuantity),
      }),
    )
    .min(ORDER_LIMITS.minItems)
    .max(ORDER_LIMITS.maxItems)
    .describe('Distinct menu items; the server prices them from the menu.'),
  note: trimmedText({ min: 0, max: ORDER_LIMITS.maxNoteLength }).nullable().optional(),
});

/**
 * Headers are validated as a loose object: every other header must pass through untouched.
 * A malformed key is a VALIDATION_FAILED pointing at /headers/idempotency-key; an absent or
 * empty one becomes undefined, which the route answers with MISSING_IDEMPOTENCY_KEY.
 */
export const placeOrderHeadersSchema = z.looseObject({
  'idempotency-key': z
    .string()
    .transform((header, context) => {
      if (header === '') return undefined;
      const key = parseIdempotencyKey(header);
      if (key === null) {
        context.issues.push({
          code: 'custom',
          input: header,
          message: `must be ${KEY_LENGTH} printable ASCII characters, bare or as a quoted structured-field string`,
        });
        return z.NEVER;
      }
      return key;
    })
    .optional()
    .describe(
      `Required. ${KEY_LENGTH} printable ASCII characters (0x20–0x7E), bare or as an RFC 9651 string ("abc"). ` +
        'Scoped to the customer; repeating a request with its key replays the order it made.',
    ),
});

export const transitionOrderBodySchema = z.strictObject({
  status,
  reason: trimmedText({ min: 0, max: ORDER_LIMITS.maxReasonLength })
    .nullable()
    .optional()
    .describe('Required for an admin override.'),
});

export const transitionOrderHeadersSchema = z.looseObject({
  'if-match': z
    .string()
    .transform((header, context) => {
      const condition = parseIfMatch(header);
      if (condition === null) {
        context.issues.push({ code: 'custom', input: header, message: 'must be "v<version>" or *' });
        return z.NEVER;
      }
      return condition === 'any' ? undefined : condition.version;
    })
    .optional()
    .describe('"v<version>" (the ETag of the order as last read): apply only if unchanged, else 412.'),
});

export const getOrderHeadersSchema = z.looseObject({
  'if-none-match': z
    .string()
    .optional()
    .describe('ETags already held, or *: answered with 304 Not Modified when one is current.'),
});

export const orderParamsSchema = z.strictObject({ id: z.string().describe('The order id (UUIDv7).') });

export const listOrdersQuerySchema = z.strictObject({
  status: z
    .string()
    .transform((list) => list.split(','))
    .pipe(z.array(status))
    .transform((statuses) => [...new Set(statuses)])
    .optional()
    .describe(`Comma-separated statuses to include: ${ORDER_STATUSES.join(', ')}.`),
  customerId: caseInsensitiveId().optional().describe('Staff only: one customer’s orders.'),
  limit: z
    .string()
    .regex(/^[0-9]{1,3}$/, { error: `must be an integer from ${LIST_LIMITS.min} to ${LIST_LIMITS.max}` })
    .transform(Number)
    .pipe(z.number().int().min(LIST_LIMITS.min).max(LIST_LIMITS.max))
    .optional()
    .describe(`Page size, ${LIST_LIMITS.min}–${LIST_LIMITS.max}; default ${LIST_LIMITS.default}.`),
  cursor: z.string().optional().describe('The nextCursor of the previous page, with the same filters.'),
});

const orderLineSchema = z.object({
  menuItemId: z.string(),
  name: z.string(),
  unitPriceCents: z.number().int(),
  quantity: z.number().int(),
  lineTotalCents: z.number().int(),
});

const historyEntrySchema = z.object({
  seq: z.number().int(),
  from: status.nullable(),
  to: status,
  at: z.date(),
  actor: z.object({ id: z.string(), role: z.enum(ROLES) }),
  reason: z.string().nullable(),
  override: z.boolean(),
  requestId: z.string().nullable(),
});

/** A field allowlist: the idempotency key and request fingerprint stored with an order never leave. */
const orderSchema = z.object({
  id: z.string(),
  customerId: z.string(),
  status,
  items: z.array(orderLineSchema).readonly(),
  totalCents: z.number().int(),
  note: z.string().nullable(),
  version: z.number().int().describe('Equals the number of history entries; the ETag is "v<version>".'),
  createdAt: z.date(),
  updatedAt: z.date(),
  history: z.array(historyEntrySchema).readonly(),
});

export const orderResponseSchema = z.object({ order: orderSchema });

export const orderListResponseSchema = z.object({
  items: z.array(orderSchema),
  nextCursor: z.string().nullable().describe('Opaque; null on the last page.'),
});
