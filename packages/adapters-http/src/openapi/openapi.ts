import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform } from '@fastify/type-provider-zod';
import type { FastifyInstance } from 'fastify';
import type { OpenAPIV3_1 } from 'openapi-types';
import { z } from 'zod';
import { PROBLEM_TYPES, type ProblemCode, problemTypeUri } from '../errors/problem-types.ts';
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

/** What a client sees for each code: the fields every problem has, with a detail the API really sends. */
const PROBLEM_EXAMPLE_DETAILS: Readonly<Record<ProblemCode, string>> = {
  VALIDATION_FAILED: 'The request is not valid; see errors.',
  MISSING_IDEMPOTENCY_KEY: 'Creating an order needs an Idempotency-Key header.',
  INVALID_CURSOR: 'The cursor is malformed, tampered with, or belongs to other filters.',
  UNAUTHENTICATED: 'This request needs an access token: Authorization: Bearer <token>.',
  INVALID_CREDENTIALS: 'The email or password is wrong.',
  FORBIDDEN: 'Customers may only cancel their orders.',
  NOT_FOUND: 'Order was not found.',
  EMAIL_TAKEN: 'An account with this email already exists.',
  INVALID_TRANSITION: 'Cannot move an order from CONFIRMED to CANCELLED.',
  PRECONDITION_FAILED: 'The order is at version 3, not the one expected.',
  PAYLOAD_TOO_LARGE: 'The request body is larger than 16 KiB.',
  UNSUPPORTED_MEDIA_TYPE: 'The request body must be sent as application/json.',
  REQUEST_TIMEOUT: 'The request was not received in time.',
  HEADERS_TOO_LARGE: 'The request headers are larger than the server accepts.',
  IDEMPOTENCY_KEY_REUSED: 'This Idempotency-Key was already used for a different request.',
  MENU_ITEM_UNAVAILABLE: 'Menu items not available: 0190a6f2-6c3e-7cc1-8b1e-2f4a5d6c7b8a.',
  OVERRIDE_REASON_REQUIRED: 'Moving an order from READY to PREPARING is an override and needs a reason.',
  RATE_LIMITED: 'Too many requests; retry in 42 seconds.',
  INTERNAL: 'An unexpected error occurred.',
  SERVICE_UNAVAILABLE: 'The database is unavailable; retry later.',
};

/** The members some codes add to the problem (see the Problem schema). */
const PROBLEM_EXAMPLE_EXTRAS: Partial<Record<ProblemCode, Record<string, unknown>>> = {
  VALIDATION_FAILED: {
    errors: [{ pointer: '/items/0/quantity', message: 'Too big: expected number to be <=50' }],
  },
  INVALID_TRANSITION: { currentStatus: 'CONFIRMED', allowedTransitions: ['PREPARING'] },
  PRECONDITION_FAILED: { currentStatus: 'CONFIRMED', currentVersion: 3 },
  MENU_ITEM_UNAVAILABLE: { menuItemIds: ['0190a6f2-6c3e-7cc1-8b1e-2f4a5d6c7b8a'] },
};

function problemExample(code: ProblemCode): OpenAPIV3_1.ExampleObject {
  const { status, title } = PROBLEM_TYPES[code];
  return {
    summary: code,
    value: {
      type: problemTypeUri(code),
      title,
      status,
      detail: PROBLEM_EXAMPLE_DETAILS[code],
      code,
      requestId: '0190a6f2-7d4b-7a3e-9c2d-1b3a4c5d6e7f',
      ...PROBLEM_EXAMPLE_EXTRAS[code],
    },
  };
}

function problemResponse(status: number, codes: readonly ProblemCode[]): OpenAPIV3_1.ResponseObject {
  return {
    description: `Problem (application/problem+json), code: ${codes.join(', ')}.`,
    headers: headerObjects(['X-Request-Id', ...(PROBLEM_HEADERS[status] ?? [])]),
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
