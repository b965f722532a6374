import { validatorCompiler, type ZodTypeProvider } from '@fastify/type-provider-zod';
import fc from 'fast-check';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, describe, expect, test } from 'vitest';
import { z } from 'zod';
import { registerRequestValidation } from '../src/http/request-validation.ts';

const headersSchema = z.looseObject({
  'x-version': z
    .string()
    .transform((value, context) => {
      if (/^v\d+$/.test(value)) return Number(value.slice(1));
      context.issues.push({ code: 'custom', input: value, message: 'must be v<number>' });
      return z.NEVER;
    })
    .optional(),
  'x-key': z.string().min(2),
  'x-any': z
    .string()
    .transform(() => undefined)
    .optional(),
});

/** An app whose one route answers with what its handler sees in `request.headers`. */
async function appWith(setUp: (app: FastifyInstance) => void) {
  const app = Fastify().withTypeProvider<ZodTypeProvider>();
  setUp(app);
  app.get('/', { schema: { headers: headersSchema } }, async (request) => ({
    seen: Object.fromEntries(Object.entries(request.headers).filter(([name]) => name.startsWith('x-'))),
    version: request.headers['x-version'] ?? null,
    raw: request.headers === request.raw.headers,
  }));
  await app.ready();
  return app;
}

const ours = await appWith(registerRequestValidation);
const zods = await appWith((app) => app.setValidatorCompiler(validatorCompiler));
afterAll(() => Promise.all([ours.close(), zods.close()]));

const ask = (app: typeof ours, headers: Record<string, string>) =>
  app.inject({ method: 'GET', url: '/', headers }).then((r) => ({ status: r.statusCode, body: r.json() }));

describe('request headers validation', () => {
  test('the handler reads the parsed headers the schema names, and every other header as sent', async () => {
    const answer = await ask(ours, { 'x-version': 'v7', 'x-key': 'ab', 'x-other': 'kept', 'x-any': '*' });
    expect(answer).toEqual({
      status: 200,
      body: { seen: { 'x-version': 7, 'x-key': 'ab', 'x-other': 'kept' }, version: 7, raw: true },
    });
  });

  test('a header that fails its rule is refused with the issue zod gives', async () => {
    const answer = await ask(ours, { 'x-version': 'seven', 'x-key': 'ab' });
    expect(answer.status).toBe(400);
    expect(answer.body.message).toMatch(/x-version/);
    expect(answer.body.message).toMatch(/must be v<number>/);
    expect((await ask(ours, { 'x-other': 'kept' })).body.message).toMatch(/x-key/);
  });

  test('any headers get the same answer as parsing the whole loose object with zod', async () => {
    const value = fc.oneof(fc.constantFrom('v1', 'v42', '*', 'a', 'ab', ''), fc.string({ maxLength: 4 }));
    const printable = (text: string) => /^[\x20-\x7e]*$/.test(text);
    const headers = fc.dictionary(
      fc.constantFrom('x-version', 'x-key', 'x-any', 'x-other', 'x-more'),
      value.filter(printable),
    );
    await fc.assert(
      fc.asyncProperty(headers, async (sent) => {
        const [mine, theirs] = await Promise.all([ask(ours, sent), ask(zods, sent)]);
        expect({ ...mine, body: { ...mine.body, raw: undefined } }).toEqual({
          ...theirs,
          body: { ...theirs.body, raw: undefined },
        });
      }),
      { numRuns: 200 },
    );
  });

  test('a loose headers schema with a check on the whole object is parsed whole, check and all', async () => {
    const app = Fastify().withTypeProvider<ZodTypeProvider>();
    registerRequestValidation(app);
    const refined = z
      .looseObject({ 'x-key': z.string().optional() })
      .refine((headers) => headers['x-key'] !== undefined || headers['x-other'] !== undefined, {
        message: 'x-key or x-other',
      });
    app.get('/', { schema: { headers: refined } }, async () => ({ ok: true }));
    const sent = (headers: Record<string, string>) => app.inject({ method: 'GET', url: '/', headers });
    expect((await sent({})).statusCode).toBe(400);
    expect((await sent({ 'x-other': 'a' })).statusCode).toBe(200);
    await app.close();
  });

  test('headers a hook has assigned are parsed whole, so the handler still reads parsed values', async () => {
    const app = Fastify().withTypeProvider<ZodTypeProvider>();
    registerRequestValidation(app);
    app.addHook('preValidation', (request, _reply, done) => {
      request.headers = { 'x-added': 'by a hook' };
      done();
    });
    app.get('/', { schema: { headers: headersSchema } }, async (request) => ({
      version: request.headers['x-version'],
      added: request.headers['x-added'],
    }));
    const answer = await app.inject({
      method: 'GET',
      url: '/',
      headers: { 'x-version': 'v3', 'x-key': 'ab' },
    });
    expect(answer.json()).toEqual({ version: 3, added: 'by a hook' });
    await app.close();
  });

  test('a headers schema that is not loose is parsed whole: unknown headers are refused', async () => {
    const app = Fastify().withTypeProvider<ZodTypeProvider>();
    registerRequestValidation(app);
    const strict = z.strictObject({ host: z.string(), 'x-key': z.string() });
    app.get('/', { schema: { headers: strict } }, async () => ({ ok: true }));
    const sent = (headers: Record<string, string>) => app.inject({ method: 'GET', url: '/', headers });
    expect((await sent({ 'x-key': 'a' })).statusCode).toBe(400);
    await app.close();
  });
});
