import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform } from '@fastify/type-provider-zod';
import type { FastifyInstance } from 'fastify';
import type { OpenAPIV3_1 } from 'openapi-types';
import { z } from 'zod';
import { problemSchema } from '../schemas/problem-schema.ts';
import { headerObjects, REQUEST_ID_PARAMETER, type ResponseHeaderName } from './documented-headers.ts';
import { type DocumentedRoute, documentedRoute } from './route-documentation.ts';

const PROBLEM_REF = '#/components/schemas/Problem';

/** Headers every error response of a given status carries, beyond X-Request-Id. */
const PROBLEM_HEADERS: Readonly<Record<number, readonly ResponseHeaderName[]>> = {
  401: ['WWW-Authenticate'],
  429: ['Retry-After', 'Cache-Control', 'RateLimit-Policy', 'RateLimit'],
  503: ['Retry-After'],
};

function problemResponse(status: number, codes: readonly string[]): OpenAPIV3_1.ResponseObject {
  return {
    description: `Problem (application/problem+json), code: ${codes.join(', ')}.`,
    headers: headerObjects(['X-Request-Id', ...(PROBLEM_HEADERS[status] ?? [])]),
    content: { 'application/problem+json': { schema: { $ref: PROBLEM_REF } } },
  };
}

/** Adds to one operation what the zod schemas cannot say: auth, headers, every problem code. */
function completeOperation(operation: OpenAPIV3_1.OperationObject, route: DocumentedRoute): void {
  operation.parameters = [...(operation.parameters ?? []), REQUEST_ID_PARAMETER];
  if (route.roles !== undefined) {
    operation.security = [{ bearerAuth: [] }];
    operation.description = [operation.description, `Roles: ${route.roles.join(', ')}.`]
      .filter(Boolean)
      .join(' ');
  }
  const successHeaders: ResponseHeaderName[] = [
    'X-Request-Id',
    ...(route.rateLimited ? (['RateLimit-Policy', 'RateLimit'] as const) : []),
    ...route.responseHeaders,
  ];
  const responses: OpenAPIV3_1.ResponsesObject = {};
  // The zod schemas declare only success responses, and never as references.
  for (const [status, response] of Object.entries(operation.responses ?? {}) as [
    string,
    OpenAPIV3_1.ResponseObject,
  ][]) {
    responses[status] = { ...response, headers: { ...response.headers, ...headerObjects(successHeaders) } };
  }
  for (const [status, codes] of route.problems) responses[String(status)] = problemResponse(status, codes);
  operation.responses = responses;
  // Machine-readable too: status → codes, for client generators and contract tests.
  Object.assign(operation, { 'x-problem-codes': Object.fromEntries(route.problems) });
}

function completeDocument(
  document: OpenAPIV3_1.Document,
  routes: readonly DocumentedRoute[],
): OpenAPIV3_1.Document {
  for (const route of routes) {
    // fastify's /orders/:id is OpenAPI's /orders/{id}.
    const path = document.paths?.[route.url.replace(/:([A-Za-z0-9_]+)/g, '{$1}')];
    for (const method of route.methods) {
      const operation = path?.[method.toLowerCase() as OpenAPIV3_1.HttpMethods];
      if (operation !== undefined) completeOperation(operation, route);
    }
  }
  const { $schema: _dialect, ...problem } = z.toJSONSchema(problemSchema, { target: 'draft-2020-12' });
  document.components = {
    ...document.components,
    schemas: { ...document.components?.schemas, Problem: problem as OpenAPIV3_1.SchemaObject },
    securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
  };
  return document;
}

/**
 * The OpenAPI 3.1 document, generated from the zod schemas that validate and serialize
 * (@fastify/swagger + the zod provider's transform) and completed from each route's config.
 * Served as /openapi.json and browsable at /docs. Must be registered before the routes.
 */
export async function registerOpenApi(app: FastifyInstance): Promise<void> {
  const routes: DocumentedRoute[] = [];
  app.addHook('onRoute', (route) => {
    if (route.schema?.hide !== true) routes.push(documentedRoute(route));
  });
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'food-oms',
        version: '1.0.0',
        description:
          'Order management that stays correct under retries, concurrent updates and partial failures. ' +
          'Every error is an RFC 9457 problem with a stable `code`.',
      },
    },
    transform: jsonSchemaTransform,
    // Called with { openapiObject } because the `openapi` option is set.
    transformObject: (documentObject) =>
      completeDocument((documentObject as { openapiObject: OpenAPIV3_1.Document }).openapiObject, routes),
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/docs' });
  app.get('/openapi.json', { schema: { summary: 'This OpenAPI document', tags: ['operations'] } }, async () =>
    app.swagger(),
  );
}
