import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { PROBLEM_TYPES, type ProblemCode } from '../src/errors/problem-types.ts';
import { problemSchema } from '../src/schemas/problem-schema.ts';
import { TestWorld } from './support/test-app.ts';

interface Parameter {
  readonly name: string;
  readonly in: string;
  readonly required?: boolean;
  readonly style?: string;
  readonly explode?: boolean;
  readonly schema?: Record<string, unknown>;
}

interface Operation {
  readonly operationId?: string;
  readonly parameters?: Parameter[];
  readonly security?: unknown[];
  readonly requestBody?: unknown;
  readonly responses: Record<
    string,
    {
      readonly description?: string;
      readonly headers?: Record<string, unknown>;
      readonly content?: Record<string, { readonly examples?: Record<string, { value: unknown }> }>;
    }
  >;
  readonly 'x-problem-codes': Record<string, string[]>;
}

describe('GET /openapi.json', () => {
  let world: TestWorld;
  let document: {
    openapi: string;
    paths: Record<string, Record<string, Operation>>;
    components: Record<string, Record<string, unknown>>;
  };

  beforeAll(async () => {
    world = await TestWorld.start();
    const response = await world.inject({ method: 'GET', url: '/openapi.json' });
    expect(response.statusCode).toBe(200);
    document = response.json();
  });
  afterAll(() => world.close());

  const operation = (method: string, path: string): Operation => {
    const found = document.paths[path]?.[method];
    if (found === undefined) throw new Error(`${method} ${path} is not documented`);
    return found;
  };

  test('is OpenAPI 3.1 and lists every route of the API, and no more', () => {
    expect(document.openapi).toBe('3.1.0');
    const operations = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(operations.sort()).toEqual(
      [
        'POST /auth/signup',
        'POST /auth/login',
        'GET /users/me',
        'POST /users',
        'GET /menu-items',
        'POST /menu-items',
        'PATCH /menu-items/{id}',
        'POST /orders',
        'GET /orders',
        'GET /orders/{id}',
        'PATCH /orders/{id}/status',
        'GET /health/live',
        'GET /health/ready',
        'GET /openapi.json',
      ].sort(),
    );
  });

  test('documents every header of the contract', () => {
    const post = operation('post', '/orders');
    expect(post.parameters?.map((parameter) => `${parameter.in}:${parameter.name}`)).toEqual(
      expect.arrayContaining(['header:idempotency-key', 'header:X-Request-Id']),
    );
    expect(Object.keys(post.responses['201']?.headers ?? {})).toEqual(
      expect.arrayContaining([
        'Location',
        'ETag',
        'Idempotent-Replayed',
        'RateLimit-Policy',
        'RateLimit',
        'X-Request-Id',
      ]),
    );
    expect(Object.keys(post.responses['429']?.headers ?? {})).toEqual(
      expect.arrayContaining(['Retry-After']),
    );
    expect(Object.keys(post.responses['401']?.headers ?? {})).toEqual(
      expect.arrayContaining(['WWW-Authenticate']),
    );
    expect(Object.keys(post.responses['503']?.headers ?? {})).toEqual(
      expect.arrayContaining(['Retry-After']),
    );

    const get = operation('get', '/orders/{id}');
    expect(get.parameters?.map((parameter) => parameter.name)).toContain('if-none-match');
    expect(Object.keys(get.responses['200']?.headers ?? {})).toContain('ETag');
    const notModified = get.responses['304'];
    expect(notModified).toMatchObject({ description: 'Not Modified: the If-None-Match tag is current.' });
    expect(notModified?.content).toBeUndefined();
    expect(Object.keys(notModified?.headers ?? {})).toEqual(expect.arrayContaining(['ETag', 'X-Request-Id']));

    const patch = operation('patch', '/orders/{id}/status');
    expect(patch.parameters?.map((parameter) => parameter.name)).toContain('if-match');
    expect(Object.keys(patch.responses['200']?.headers ?? {})).toEqual(
      expect.arrayContaining(['ETag', 'RateLimit']),
    );
  });

  test('documents every problem code each route can answer, as problem+json', () => {
    expect(operation('post', '/orders')['x-problem-codes']).toEqual({
      400: ['VALIDATION_FAILED', 'MISSING_IDEMPOTENCY_KEY'],
      401: ['UNAUTHENTICATED'],
      403: ['FORBIDDEN'],
      413: ['PAYLOAD_TOO_LARGE'],
      415: ['UNSUPPORTED_MEDIA_TYPE'],
      422: ['IDEMPOTENCY_KEY_REUSED', 'MENU_ITEM_UNAVAILABLE'],
      429: ['RATE_LIMITED'],
      500: ['INTERNAL'],
      503: ['SERVICE_UNAVAILABLE'],
    });
    expect(operation('patch', '/orders/{id}/status')['x-problem-codes']).toMatchObject({
      403: ['FORBIDDEN'],
      404: ['NOT_FOUND'],
      409: ['INVALID_TRANSITION'],
      412: ['PRECONDITION_FAILED'],
      422: ['OVERRIDE_REASON_REQUIRED', 'IDEMPOTENCY_KEY_REUSED'],
    });
    expect(operation('get', '/orders')['x-problem-codes']).toMatchObject({
      400: ['VALIDATION_FAILED', 'INVALID_CURSOR'],
    });
    expect(operation('post', '/auth/signup')['x-problem-codes']).toMatchObject({
      409: ['EMAIL_TAKEN'],
      429: ['RATE_LIMITED'],
    });
    expect(operation('post', '/auth/login')['x-problem-codes']).toMatchObject({
      401: ['INVALID_CREDENTIALS'],
    });
    expect(operation('get', '/health/ready')['x-problem-codes']).toEqual({
      500: ['INTERNAL'],
      503: ['SERVICE_UNAVAILABLE'],
    });
    expect(operation('get', '/orders/{id}').responses['404']?.content).toMatchObject({
      'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } },
    });
    expect(document.components.schemas?.Problem).toMatchObject({
      required: ['type', 'title', 'status', 'detail', 'code', 'requestId'],
    });
  });

  test('protected routes require the bearer scheme; public ones do not', () => {
    expect(document.components.securitySchemes?.bearerAuth).toEqual({
      type: 'http',
      scheme: 'bearer',
      bearerFormat: 'JWT',
    });
    expect(operation('get', '/orders').security).toEqual([{ bearerAuth: [] }]);
    for (const [method, path] of [
      ['post', '/auth/login'],
      ['post', '/auth/signup'],
      ['get', '/health/live'],
      ['get', '/health/ready'],
      ['get', '/openapi.json'],
    ] as const) {
      expect(operation(method, path).security, `${method} ${path}`).toEqual([]);
    }
  });

  test('every operation has a unique operationId, for generated clients', () => {
    const ids = Object.values(document.paths).flatMap((methods) =>
      Object.values(methods).map((found) => found.operationId),
    );
    expect(ids.every((id) => typeof id === 'string' && /^[a-z][A-Za-z]+$/.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    expect(operation('post', '/orders').operationId).toBe('placeOrder');
  });

  test('POST /orders requires its Idempotency-Key; the query of GET /orders is typed', () => {
    const key = operation('post', '/orders').parameters?.find((p) => p.name === 'idempotency-key');
    expect(key).toMatchObject({ in: 'header', required: true });
    const query = operation('get', '/orders').parameters ?? [];
    expect(query.find((p) => p.name === 'limit')?.schema).toEqual({
      type: 'integer',
      minimum: 1,
      maximum: 100,
    });
    expect(query.find((p) => p.name === 'status')).toMatchObject({
      style: 'form',
      explode: false,
      schema: {
        type: 'array',
        items: { type: 'string', enum: ['CREATED', 'CONFIRMED', 'PREPARING', 'READY', 'CANCELLED'] },
      },
    });
  });

  test('every problem response shows an example per code, each a valid problem of that status', () => {
    let examples = 0;
    for (const methods of Object.values(document.paths)) {
      for (const found of Object.values(methods)) {
        for (const [status, codes] of Object.entries(found['x-problem-codes'])) {
          const shown = found.responses[status]?.content?.['application/problem+json']?.examples ?? {};
          expect(Object.keys(shown)).toEqual(codes);
          for (const [code, example] of Object.entries(shown)) {
            const problem = problemSchema.parse(example.value);
            expect(problem.code).toBe(code);
            expect(problem.status).toBe(Number(status));
            expect(PROBLEM_TYPES[code as ProblemCode].status).toBe(Number(status));
            examples += 1;
          }
        }
      }
    }
    expect(examples).toBeGreaterThan(50);
  });

  test('request bodies carry an example, and emails say they are emails', () => {
    const signUp = operation('post', '/auth/signup').requestBody as {
      content: { 'application/json': { example: unknown; schema: { properties: { email: unknown } } } };
    };
    expect(signUp.content['application/json'].example).toMatchObject({ email: 'ann@example.com' });
    expect(signUp.content['application/json'].schema.properties.email).toMatchObject({ format: 'email' });
    for (const [method, path] of [
      ['post', '/auth/login'],
      ['post', '/users'],
      ['post', '/menu-items'],
      ['patch', '/menu-items/{id}'],
      ['post', '/orders'],
      ['patch', '/orders/{id}/status'],
    ] as const) {
      expect(JSON.stringify(operation(method, path).requestBody), `${method} ${path}`).toContain('"example"');
    }
  });

  test('says where to find it, under which license', () => {
    const full = document as unknown as { servers: { url: string }[]; info: { license: unknown } };
    expect(full.servers[0]?.url).toBe('http://{host}:{port}');
    expect(full.info.license).toEqual({ name: 'MIT', identifier: 'MIT' });
  });

  test('request bodies are strict and built from the domain limits', () => {
    const body = JSON.stringify(operation('post', '/orders').requestBody);
    expect(body).toContain('"additionalProperties":false');
    expect(body).toContain('"maxItems":50');
    expect(body).toContain('"maxLength":500');
  });

  test('no response schema names a secret field', () => {
    expect(JSON.stringify(document)).not.toMatch(/passwordHash|idempotencyKey|fingerprint/);
  });

  test('/docs serves the Swagger UI', async () => {
    const response = await world.inject({ method: 'GET', url: '/docs' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/html');
  });
});
