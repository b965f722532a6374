import { ROLES } from '@food-oms/domain';
import type { RouteOptions } from 'fastify';
import { PROBLEM_TYPES, type ProblemCode } from '../errors/problem-types.ts';
import type { ResponseHeaderName } from './documented-headers.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Problem codes of this route's use case; those any route of its kind can answer are added. */
    problems?: readonly ProblemCode[];
    /** Headers of the success response besides X-Request-Id and the rate-limit ones. */
    responseHeaders?: readonly ResponseHeaderName[];
  }
}

/** What the OpenAPI document needs to know about a route beyond its zod schemas. */
export interface DocumentedRoute {
  readonly methods: readonly string[];
  readonly url: string;
  readonly roles: readonly string[] | undefined;
  readonly rateLimited: boolean;
  readonly responseHeaders: readonly ResponseHeaderName[];
  /** Every problem code the route can answer, grouped by status. */
  readonly problems: ReadonlyMap<number, readonly ProblemCode[]>;
}

/** The problem codes a route can answer: its own, and those its schemas, auth and limits imply. */
function problemCodes(route: RouteOptions): ProblemCode[] {
  const config = route.config ?? {};
  const schema = route.schema ?? {};
  const codes = new Set<ProblemCode>();
  if (schema.body !== undefined || schema.querystring !== undefined || schema.headers !== undefined) {
    codes.add('VALIDATION_FAILED');
  }
  if (schema.body !== undefined) {
    codes.add('PAYLOAD_TOO_LARGE');
    codes.add('UNSUPPORTED_MEDIA_TYPE');
  }
  if (config.roles !== undefined) {
    codes.add('UNAUTHENTICATED');
    if (config.roles.length < ROLES.length) codes.add('FORBIDDEN');
  }
  if (config.rateLimits !== undefined) codes.add('RATE_LIMITED');
  for (const code of config.problems ?? []) codes.add(code);
  codes.add('INTERNAL');
  codes.add('SERVICE_UNAVAILABLE');
  return [...codes];
}

export function documentedRoute(route: RouteOptions): DocumentedRoute {
  const problems = new Map<number, ProblemCode[]>();
  for (const code of problemCodes(route)) {
    const { status } = PROBLEM_TYPES[code];
    problems.set(status, [...(problems.get(status) ?? []), code]);
  }
  return {
    methods: typeof route.method === 'string' ? [route.method] : route.method,
    url: route.url,
    roles: route.config?.roles,
    rateLimited: route.config?.rateLimits !== undefined,
    responseHeaders: route.config?.responseHeaders ?? [],
    problems,
  };
}
