import { LIST_LIMITS } from '@food-oms/application';
import { MENU_LIMITS, ORDER_LIMITS, ORDER_STATUSES, ROLES } from '@food-oms/domain';
import { z } from 'zod';
import { parseIfMatch } from '../http/entity-tag.ts';
import { caseInsensitiveId } from '../http/path-id.ts';
import { keptByVersion } from '../http/response-serialization.ts';
import { optionalIdempotencyKeyHeader, requiredIdempotencyKeyHeader } from './idempotency-key-schemas.ts';
import { trimmedText } from './text-schemas.ts';

const status = z.enum(ORDER_STATUSES);

/** The largest line and order totals the limits allow; documented as the bounds of the totals. */
const MAX_LINE_TOTAL_CENTS = ORDER_LIMITS.maxQuantity * MENU_LIMITS.maxPriceCents;
const MAX_TOTAL_CENTS = ORDER_LIMITS.maxItems * MAX_LINE_TOTAL_CENTS;

/** Response bounds are documented (meta), not checked: the serializer judges nothing it did not before. */
const documentedInt = (minimum: number, maximum: number) => z.number().int().meta({ minimum, maximum });
const uuidText = () => z.string().meta({ format: 'uuid' });

/**
 * The wire shape of an order request: which members, of which JSON types, with ids that are
 * ids. Its rules (how many items, which quantities, what a note may say) are the domain's
 * checkOrderRequest, which the use case applies; the bounds here only document them.
 */
export const placeOrderBodySchema = z
  .strictObject({
    items: z
      .array(
        z.strictObject({
          menuItemId: caseInsensitiveId(),
          quantity: z
            .number()
            .meta({ type: 'integer', minimum: ORDER_LIMITS.minQuantity, maximum: ORDER_LIMITS.maxQuantity }),
        }),
      )
      .meta({ minItems: ORDER_LIMITS.minItems, maxItems: ORDER_LIMITS.maxItems })
      .describe('Distinct menu items; the server prices them from the menu.'),
    note: z.string().meta({ minLength: 0, maxLength: ORDER_LIMITS.maxNoteLength }).nullable().optional(),
  })
  .meta({
    examples: [
      { items: [{ menuItemId: '0190a6f2-6c3e-7cc1-8b1e-2f4a5d6c7b8a', quantity: 2 }], note: 'no croutons' },
    ],
  });

/** Headers are validated as a loose object: every other header must pass through untouched. */
export const placeOrderHeadersSchema = z.looseObject({
  'idempotency-key': requiredIdempotencyKeyHeader(
    'Scoped to the customer; repeating a request with its key replays the order it made.',
  ),
});

export const transitionOrderBodySchema = z
  .strictObject({
    status,
    reason: trimmedText({ min: 0, max: ORDER_LIMITS.maxReasonLength })
      .nullable()
      .optional()
      .describe('Required for an admin override.'),
  })
  .meta({ examples: [{ status: 'CONFIRMED' }] });

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
  'idempotency-key': optionalIdempotencyKeyHeader(
    'Scoped to the caller; repeating the request with its key answers with the order, ' +
      'Idempotent-Replayed: true, and changes nothing. Another body under the key is 422.',
  ),
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
    // On the wire one comma-separated value (form style, explode false: status=CREATED,CONFIRMED).
    .meta({ type: 'array', items: { type: 'string', enum: [...ORDER_STATUSES] } })
    .describe('Statuses to include, sent as one comma-separated value: status=CREATED,CONFIRMED.'),
  customerId: caseInsensitiveId().optional().describe('Staff only: one customer’s orders.'),
  limit: z
    .string()
    .regex(/^[0-9]{1,3}$/, { error: `must be an integer from ${LIST_LIMITS.min} to ${LIST_LIMITS.max}` })
    .transform(Number)
    .pipe(z.number().int().min(LIST_LIMITS.min).max(LIST_LIMITS.max))
    .optional()
    // A query value is text to the validator; to a client it is this integer.
    .meta({
      type: 'integer',
      minimum: LIST_LIMITS.min,
      maximum: LIST_LIMITS.max,
      default: LIST_LIMITS.default,
      pattern: undefined,
    })
    .describe(`Page size, ${LIST_LIMITS.min}–${LIST_LIMITS.max}; default ${LIST_LIMITS.default}.`),
  cursor: z.string().optional().describe('The nextCursor of the previous page, with the same filters.'),
});

const orderLineSchema = z.object({
  menuItemId: uuidText(),
  name: z.string(),
  unitPriceCents: documentedInt(MENU_LIMITS.minPriceCents, MENU_LIMITS.maxPriceCents),
  quantity: documentedInt(ORDER_LIMITS.minQuantity, ORDER_LIMITS.maxQuantity),
  lineTotalCents: documentedInt(0, MAX_LINE_TOTAL_CENTS),
});

const historyEntrySchema = z.object({
  seq: documentedInt(1, Number.MAX_SAFE_INTEGER),
  from: status.nullable(),
  to: status,
  at: z.date(),
  actor: z.object({ id: uuidText(), role: z.enum(ROLES) }),
  reason: z.string().nullable(),
  override: z.boolean(),
  requestId: z.string().nullable(),
});

/**
 * A field allowlist: the idempotency key and request fingerprint stored with an order never leave.
 * Kept by id and version, as its strong ETag is: every change of an order is a new version, so
 * an order's JSON is written once per version and reused by every route that answers with it.
 */
const orderSchema = keptByVersion(
  z.object({
    id: uuidText(),
    customerId: uuidText(),
    status,
    items: z.array(orderLineSchema).readonly(),
    totalCents: documentedInt(0, MAX_TOTAL_CENTS),
    note: z.string().nullable(),
    version: documentedInt(1, Number.MAX_SAFE_INTEGER).describe(
      'Equals the number of history entries; the ETag is "v<version>".',
    ),
    createdAt: z.date(),
    updatedAt: z.date(),
    history: z.array(historyEntrySchema).readonly(),
  }),
  (order) => order.id,
  (order) => order.version,
);

export const orderResponseSchema = z.object({ order: orderSchema });

export const orderListResponseSchema = z.object({
  items: z.array(orderSchema),
  nextCursor: z.string().nullable().describe('Opaque; null on the last page.'),
});
