import { MENU_LIMITS } from '@food-oms/domain';
import { z } from 'zod';
import { optionalIdempotencyKeyHeader } from './idempotency-key-schemas.ts';
import { trimmedText } from './text-schemas.ts';

const name = trimmedText({ min: MENU_LIMITS.minNameLength, max: MENU_LIMITS.maxNameLength });
const priceCents = z.number().int().min(MENU_LIMITS.minPriceCents).max(MENU_LIMITS.maxPriceCents);

export const createMenuItemBodySchema = z
  .strictObject({
    name,
    priceCents,
    available: z.boolean().optional().describe('Defaults to true.'),
  })
  .meta({ examples: [{ name: 'Tomato soup', priceCents: 650 }] });

export const createMenuItemHeadersSchema = z.looseObject({
  'idempotency-key': optionalIdempotencyKeyHeader(
    'Scoped to the admin; repeating the request with its key answers with the item it made ' +
      '(201, Idempotent-Replayed: true). Another body under the key is 422.',
  ),
});

export const updateMenuItemBodySchema = z
  .strictObject({
    name: name.optional(),
    priceCents: priceCents.optional(),
    available: z.boolean().optional(),
  })
  .meta({ examples: [{ priceCents: 700, available: false }] });

export const menuItemParamsSchema = z.strictObject({ id: z.string().describe('The menu item id (UUIDv7).') });

// Response bounds are documented (meta) rather than checked: the serializer stays as it was.
const menuItemSchema = z.object({
  id: z.string().meta({ format: 'uuid' }),
  name: z.string(),
  priceCents: z
    .number()
    .int()
    .meta({ minimum: MENU_LIMITS.minPriceCents, maximum: MENU_LIMITS.maxPriceCents }),
  available: z.boolean(),
  createdAt: z.date(),
  updatedAt: z.date(),
});

export const menuItemResponseSchema = z.object({ menuItem: menuItemSchema });

export const menuItemListResponseSchema = z.object({ items: z.array(menuItemSchema) });
