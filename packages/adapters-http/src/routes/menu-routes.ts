import { ROLES } from '@food-oms/domain';
import { actorOf } from '../auth/authentication.ts';
import { pathId } from '../http/path-id.ts';
import {
  createMenuItemBodySchema,
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
        summary: 'Add a menu item',
        tags: ['menu'],
        body: createMenuItemBodySchema,
        response: { 201: menuItemResponseSchema.describe('The new menu item.') },
      },
      config: { roles: ['admin'], rateLimits: ['admin-writes'] },
    },
    async (request, reply) => {
      const { name, priceCents, available } = request.body;
      const { menuItem } = await useCases.createMenuItem.execute({
        actor: actorOf(request),
        name,
        priceCents,
        ...(available !== undefined && { available }),
      });
      return reply.code(201).send({ menuItem });
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
