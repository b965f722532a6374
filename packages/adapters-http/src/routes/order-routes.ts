import { PreconditionFailedError } from '@food-oms/application';
import { InvalidTransitionError, ROLES } from '@food-oms/domain';
import { z } from 'zod';
import { actorOf } from '../auth/authentication.ts';
import { MissingIdempotencyKeyError } from '../errors/http-errors.ts';
import { entityTag, ifNoneMatchHits } from '../http/entity-tag.ts';
import { pathId, pathIdOrNull } from '../http/path-id.ts';
import type { HttpMetrics } from '../observability/http-metrics.ts';
import {
  getOrderHeadersSchema,
  listOrdersQuerySchema,
  orderListResponseSchema,
  orderParamsSchema,
  orderResponseSchema,
  placeOrderBodySchema,
  placeOrderHeadersSchema,
  transitionOrderBodySchema,
  transitionOrderHeadersSchema,
} from '../schemas/order-schemas.ts';
import type { UseCases } from '../use-cases.ts';
import type { ZodApp } from '../zod-app.ts';
import { PERSONAL } from './user-routes.ts';

/** Clients may keep an order but must revalidate it (with its ETag) before trusting it. */
const REVALIDATE = 'private, no-cache';

export function registerOrderRoutes(
  app: ZodApp,
  useCases: Pick<UseCases, 'placeOrder' | 'getOrder' | 'transitionOrder' | 'listOrders'>,
  metrics: HttpMetrics,
): void {
  app.post(
    '/orders',
    {
      schema: {
        operationId: 'placeOrder',
        summary: 'Place an order, exactly once per Idempotency-Key',
        tags: ['orders'],
        headers: placeOrderHeadersSchema,
        body: placeOrderBodySchema,
        response: {
          201: orderResponseSchema.describe(
            'The order created, or the one this key already made (a replay).',
          ),
        },
      },
      config: {
        roles: ['customer'],
        rateLimits: ['orders-create'],
        problems: ['MISSING_IDEMPOTENCY_KEY', 'IDEMPOTENCY_KEY_REUSED', 'MENU_ITEM_UNAVAILABLE'],
        responseHeaders: ['Location', 'ETag', 'Idempotent-Replayed', 'Cache-Control'],
      },
    },
    async (request, reply) => {
      const idempotencyKey = request.headers['idempotency-key'];
      if (idempotencyKey === undefined) throw new MissingIdempotencyKeyError();
      const { order, replayed } = await useCases.placeOrder.execute({
        actor: actorOf(request),
        idempotencyKey,
        request: request.body,
        requestId: request.id,
      });
      reply
        .code(201)
        .header('location', `/orders/${order.id}`)
        .header('etag', entityTag(order.version))
        .header('cache-control', REVALIDATE);
      if (replayed) {
        reply.header('idempotent-replayed', 'true');
        metrics.idempotentReplay('/orders');
      }
      return reply.send({ order });
    },
  );

  app.get(
    '/orders/:id',
    {
      schema: {
        operationId: 'getOrder',
        summary: 'One order with its history',
        tags: ['orders'],
        params: orderParamsSchema,
        headers: getOrderHeadersSchema,
        response: {
          200: orderResponseSchema.describe('The order with its history.'),
          304: z.undefined().describe('Not Modified: the If-None-Match tag is current.'),
        },
      },
      config: { roles: ROLES, problems: ['NOT_FOUND'], responseHeaders: ['ETag', 'Cache-Control'] },
    },
    async (request, reply) => {
      const { order } = await useCases.getOrder.execute({
        actor: actorOf(request),
        orderId: pathId(request.params.id, 'Order'),
      });
      reply.header('etag', entityTag(order.version)).header('cache-control', REVALIDATE);
      const held = request.headers['if-none-match'];
      if (held !== undefined && ifNoneMatchHits(held, order.version)) return reply.code(304).send();
      return reply.send({ order });
    },
  );

  app.patch(
    '/orders/:id/status',
    {
      schema: {
        operationId: 'transitionOrder',
        summary: 'Move an order to another status, at most once per Idempotency-Key',
        description:
          'Customers may only cancel their own orders; kitchen and admin follow the lifecycle; ' +
          'an admin override needs a reason. With If-Match the change applies only to that version. ' +
          'With an Idempotency-Key a retried request answers with the order instead of a 409 or 412.',
        tags: ['orders'],
        params: orderParamsSchema,
        headers: transitionOrderHeadersSchema,
        body: transitionOrderBodySchema,
        response: {
          200: orderResponseSchema.describe(
            'The order after the change, or as it is now when this key already made it (a replay).',
          ),
        },
      },
      config: {
        roles: ROLES,
        rateLimits: ['orders-status'],
        problems: [
          'FORBIDDEN',
          'NOT_FOUND',
          'INVALID_TRANSITION',
          'PRECONDITION_FAILED',
          'OVERRIDE_REASON_REQUIRED',
          'IDEMPOTENCY_KEY_REUSED',
        ],
        responseHeaders: ['ETag', 'Cache-Control', 'Idempotent-Replayed'],
      },
    },
    async (request, reply) => {
      const { status, reason } = request.body;
      const expectedVersion = request.headers['if-match'];
      const idempotencyKey = request.headers['idempotency-key'];
      const actor = actorOf(request);
      let result: Awaited<ReturnType<UseCases['transitionOrder']['execute']>>;
      try {
        result = await useCases.transitionOrder.execute({
          actor,
          orderId: pathIdOrNull(request.params.id),
          to: status,
          ...(reason !== undefined && { reason }),
          ...(expectedVersion !== undefined && { expectedVersion }),
          ...(idempotencyKey !== undefined && { idempotencyKey }),
          requestId: request.id,
        });
      } catch (error) {
        // Refused by the order as it stands: its status does not allow the move, or it
        // changed since the If-Match version (also: another writer won the race).
        if (error instanceof InvalidTransitionError || error instanceof PreconditionFailedError) {
          metrics.orderTransition({
            from: error.details.currentStatus,
            to: status,
            role: actor.role,
            outcome: 'conflict',
          });
        }
        throw error;
      }
      const { order, replayed } = result;
      // A replay is counted as the change its key made, which later changes may have followed.
      const entry = replayed
        ? order.history.find((e) => e.idempotencyKey === idempotencyKey && e.actor.id === actor.id)
        : order.history.at(-1);
      if (entry?.from != null) {
        metrics.orderTransition({
          from: entry.from,
          to: status,
          role: actor.role,
          outcome: replayed ? 'replay' : 'applied',
        });
      }
      if (replayed) {
        metrics.idempotentReplay('/orders/:id/status');
        reply.header('idempotent-replayed', 'true');
      }
      return reply
        .header('etag', entityTag(order.version))
        .header('cache-control', REVALIDATE)
        .send({ order });
    },
  );

  app.get(
    '/orders',
    {
      schema: {
        operationId: 'listOrders',
        summary: 'Orders, newest first, in pages',
        description: 'Customers always get only their own orders.',
        tags: ['orders'],
        querystring: listOrdersQuerySchema,
        response: { 200: orderListResponseSchema.describe('One page of orders, newest first.') },
      },
      config: {
        roles: ROLES,
        problems: ['FORBIDDEN', 'INVALID_CURSOR'],
        responseHeaders: ['Cache-Control'],
      },
    },
    async (request, reply) => {
      // A page has no ETag to revalidate with, and it is someone's orders: no cache keeps it.
      reply.header('cache-control', PERSONAL);
      const { status, customerId, limit, cursor } = request.query;
      return useCases.listOrders.execute({
        actor: actorOf(request),
        ...(status !== undefined && { statuses: status }),
        ...(customerId !== undefined && { customerId }),
        ...(limit !== undefined && { limit }),
        ...(cursor !== undefined && { cursor }),
      });
    },
  );
}
