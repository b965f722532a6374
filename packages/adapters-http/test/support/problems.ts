import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';

export interface ProblemBody {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly code: string;
  readonly requestId: string;
  readonly errors?: readonly { readonly pointer: string; readonly message: string }[];
  readonly [extension: string]: unknown;
}

/** Asserts the response is an RFC 9457 problem with this status and code, and returns it. */
export function expectProblem(response: LightMyRequestResponse, status: number, code: string): ProblemBody {
  expect({ status: response.statusCode, body: response.body }).toMatchObject({ status });
  expect(response.headers['content-type']).toBe('application/problem+json; charset=utf-8');
  const problem = response.json<ProblemBody>();
  expect(problem).toMatchObject({ status, code, requestId: response.headers['x-request-id'] });
  expect(problem.type).toMatch(/^tag:food-oms,2025:problems\/[a-z-]+$/);
  expect(problem.title.length).toBeGreaterThan(0);
  expect(problem.detail.length).toBeGreaterThan(0);
  return problem;
}

export function pointersOf(problem: ProblemBody): string[] {
  return (problem.errors ?? []).map((error) => error.pointer);
}
