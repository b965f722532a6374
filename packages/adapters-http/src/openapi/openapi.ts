import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform } from '@fastify/type-provider-zod';
import type { FastifyInstance } from 'fastify';
import type { OpenAPIV3_1 } from 'openapi-types';
import { z } from 'zod';
import { problemFor } from '../errors/problem.ts';
import { PROBLEM_TYPES, type ProblemCode } from '../errors/problem-types.ts';
import { problemSchema } from '../schemas/problem-schema.ts';
import { headerObjects, REQUEST_ID_PARAMETER, type ResponseHeaderName } from './documented-headers.ts';
import { type DocumentedRoute, documentedRoute } from './route-documentation.ts';

const PROBLEM_REF = '#/components/schemas/Problem';

const EXAMPLE_REQUEST_ID = '0190a6f2-7d4b-7a3e-9c2d-1b3a4c5d6e7f';

/** What a client sees for a code: the problem the API sends for the table's example error. */
function problemExample(code: ProblemCode): OpenAPIV3_1.ExampleObject {
  return { summary: code, value: problemFor(PROBLEM_TYPES[code].example(), EXAMPLE_REQUEST_ID).body };
}

/**
 * The headers of a problem response answering `codes`: the request id, those the table gives
 * the codes, Cache-Control (no-store on every problem), and on a refusal of the rate limiter
 * the quota headers it wrote.
 */
function problemHeaders(codes: readonly ProblemCode[]): ResponseHeaderName[] {
  const names = new Set<ResponseHeaderName>(['X-Request-Id']);
  for (const code of codes) {
    for (const name of Object.keys(PROBLEM_TYPES[code].headers ?? {}) as ResponseHeaderName[])
      names.add(name);
  }
  names.add('Cache-Control');
  if (codes.includes('RATE_LIMITED')) {
    names.add('RateLimit-Policy');
    names.add('RateLimit');
  }
  return [...names];
}

function problemResponse(codes: readonly ProblemCode[]): OpenAPIV3_1.ResponseObject {
  return {
    description: `Problem (application/problem+json), code: ${codes.join(', ')}.`,
    headers: headerObjects(problemHeaders(codes)),
    content: {
      'application/problem+json': {
        schema: { $ref: PROBLEM_REF },
        examples: Object.fromEntries(codes.map((code) => [code, problemExample(code)])),
      },
    },
  };
}

/**
 * What the zod header and query schemas cannot say. A route that answers
 * MISSING_IDEMPOTENCY_KEY requires the key (the schema lets it through so that its absence
 * gets that code rather than VALIDATION_FAILED); a list in a query is one comma-separated
 * value (`status=CREATED,CONFIRMED`), which is OpenAPI's form style without explode.
 */
function completeParameter(
  parameter: OpenAPIV3_1.ParameterObject,
  route: DocumentedRoute,
): OpenAPIV3_1.ParameterObject {
  if (parameter.in === 'header' && parameter.name === 'idempotency-key') {
    const required = [...route.problems.values()].some((codes) => codes.includes('MISSING_IDEMPOTENCY_KEY'));
    return { ...parameter, required };
  }
  const schema = parameter.schema as OpenAPIV3_1.SchemaObject | undefined;
  if (parameter.in === 'query' && schema?.type === 'array') {
    return { ...parameter, style: 'form', explode: false };
  }
  return parameter;
}

/** Adds to one operation what the zod schemas cannot say: auth, headers, every problem code. */
function completeOperation(operation: OpenAPIV3_1.OperationObject, route: DocumentedRoute): void {
  operation.parameters = [
    ...(operation.parameters ?? []).map((parameter) =>
      completeParameter(parameter as OpenAPIV3_1.ParameterObject, route),
    ),
    REQUEST_ID_PARAMETER,
  ];
  if (route.roles === undefined) {
    // Public: stated, so that a global security requirement added later cannot silently cover it.
    operation.security = [];
  } else {
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
  for (const [status, codes] of route.problems) responses[String(status)] = problemResponse(codes);
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
          'Every error is an RFC 9457 problem with a stable `code`. The rules behind each route are in docs/api.md.',
        license: { name: 'MIT', identifier: 'MIT' },
        contact: { name: 'food-oms' },
      },
      servers: [
        {
          url: 'http://{host}:{port}',
          description: 'A food-oms instance; by default the one `./pnpm start` runs.',
          variables: {
            host: { default: '127.0.0.1', description: 'HOST' },
            port: { default: '3000', description: 'PORT' },
          },
        },
      ],
      tags: [
        { name: 'auth', description: 'Sign-up and log-in: public, rate limited per client IP.' },
        { name: 'users', description: 'Accounts: the caller’s own, and staff accounts an admin creates.' },
        { name: 'menu', description: 'The menu orders are priced from.' },
        {
          name: 'orders',
          description: 'Orders: idempotent creation, an atomic state machine, keyset pages.',
        },
        { name: 'operations', description: 'Health checks and this document: public, never rate limited.' },
      ],
    },
    transform: jsonSchemaTransform,
    // Called with { openapiObject } because the `openapi` option is set.
    transformObject: (documentObject) =>
      completeDocument((documentObject as { openapiObject: OpenAPIV3_1.Document }).openapiObject, routes),
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/docs' });
  app.get(
    '/openapi.json',
    {
      schema: {
        operationId: 'getOpenApiDocument',
        summary: 'This OpenAPI document',
        description:
          'The OpenAPI 3.1 description of this API, generated from the schemas that validate requests. Public.',
        tags: ['operations'],
      },
    },
    async () => app.swagger(),
  );
}
