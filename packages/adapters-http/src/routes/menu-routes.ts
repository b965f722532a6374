import { ROLES } from '@food-oms/domain';
import { actorOf } from '../auth/authentication.ts';
import { pathId } from '../http/path-id.ts';
import type { HttpMetrics } from '../observability/http-metrics.ts';
import {
  createMenuItemBodySchema,
  createMenuItemHeadersSchema,
  menuItemListResponseSchema,
  menuItemParamsSchema,
  menuItemResponseSchema,
  updateMenuItemBodySchema,
} from '../schemas/menu-schemas.ts';
import type { UseCases } from '../use-cases.ts';
import type { ZodApp } from '../zod-app.ts';

export function registerMenuRoutes(
  app: ZodApp,
  useCases: Pick<UseCases, 'listMenuItems' | 'createMenuItem' | 'updateMenuItem'>,
  metrics: HttpMetrics,
): void {
  app.get(
    '/menu-items',
    {
      schema: {
        operationId: 'listMenuItems',
        summary: 'The whole menu, unavailable items included',
        tags: ['menu'],
        response: { 200: menuItemListResponseSchema.describe('Every menu item, oldest first.') },
      },
      config: { roles: ROLES },
    },
    async (request) => useCases.listMenuItems.execute({ actor: actorOf(request) }),
  );

  app.post(
    '/menu-items',
    {
      schema: {
        operationId: 'createMenuItem',
        summary: 'Add a menu item, at most once per Idempotency-Key',
        tags: ['menu'],
        headers: createMenuItemHeadersSchema,
        body: createMenuItemBodySchema,
        response: {
          201: menuItemResponseSchema.describe(
            'The new menu item, or the one this key already made (a replay).',
          ),
        },
      },
      config: {
        roles: ['admin'],
        rateLimits: ['admin-writes'],
        problems: ['IDEMPOTENCY_KEY_REUSED'],
        responseHeaders: ['Idempotent-Replayed'],
      },
    },
    async (request, reply) => {
      const { name, priceCents, available } = request.body;
      const idempotencyKey = request.headers['idempotency-key'];
      const { menuItem, replayed } = await useCases.createMenuItem.execute({
        actor: actorOf(request),
        name,
        priceCents,
        ...(available !== undefined && { available }),
        ...(idempotencyKey !== undefined && { idempotencyKey }),
      });
      reply.code(201);
      if (replayed) {
        metrics.idempotentReplay('/menu-items');
        reply.header('idempotent-replayed', 'true');
      }
      return reply.send({ menuItem });
    },
  );

  app.patch(
    '/menu-items/:id',
    {
      schema: {
        operationId: 'updateMenuItem',
        summary: 'Change a menu item’s name, price or availability',
        tags: ['menu'],
        params: menuItemParamsSchema,
        body: updateMenuItemBodySchema,
        response: { 200: menuItemResponseSchema.describe('The menu item as changed.') },
      },
      config: { roles: ['admin'], rateLimits: ['admin-writes'], problems: ['NOT_FOUND'] },
    },
    async (request) => {
      const { name, priceCents, available } = request.body;
      return useCases.updateMenuItem.execute({
        actor: actorOf(request),
        id: pathId(request.params.id, 'Menu item'),
        changes: {
          ...(name !== undefined && { name }),
          ...(priceCents !== undefined && { priceCents }),
          ...(available !== undefined && { available }),
        },
      });
    },
  );
}
