import { DatabaseUnavailableError, PreconditionFailedError } from '@food-oms/application';
import { CodedError, ValidationError } from '@food-oms/domain';
import { describe, expect, test } from 'vitest';
import { RateLimitedError, UnauthenticatedError } from '../src/errors/http-errors.ts';
import { problemFor } from '../src/errors/problem.ts';
import { PROBLEM_CODES, PROBLEM_TYPES } from '../src/errors/problem-types.ts';

describe('the problem table', () => {
  test.each(PROBLEM_CODES)('%s: its example is an error of the code, answered with its status', (code) => {
    const example = PROBLEM_TYPES[code].example();
    expect(example).toBeInstanceOf(CodedError);
    expect(example.code).toBe(code);
    const problem = problemFor(example, 'r-1');
    expect(problem.status).toBe(PROBLEM_TYPES[code].status);
    expect(problem.body).toMatchObject({ code, status: problem.status, detail: example.message });
  });

  test('the headers a problem carries are computed from its error’s data', () => {
    expect(problemFor(new RateLimitedError(7), 'r').headers['retry-after']).toBe('7');
    expect(problemFor(new UnauthenticatedError(false), 'r').headers['www-authenticate']).toBe('Bearer');
    expect(problemFor(new UnauthenticatedError(true), 'r').headers['www-authenticate']).toBe(
      'Bearer error="invalid_token"',
    );
    expect(problemFor(new DatabaseUnavailableError(), 'r').headers['retry-after']).toBe('5');
    expect(problemFor(new PreconditionFailedError(2, 'READY'), 'r').headers).toEqual({
      'content-type': 'application/problem+json; charset=utf-8',
      'cache-control': 'no-store',
    });
  });

  test('a validation fault without pointers has no errors member', () => {
    expect(problemFor(new ValidationError([], 'Malformed.'), 'r').body).not.toHaveProperty('errors');
    expect(problemFor(new ValidationError([{ pointer: '/a', message: 'm' }]), 'r').body.errors).toEqual([
      { pointer: '/a', message: 'm' },
    ]);
  });

  test('an error that is not ours is a generic 500, and a coded error keeps its own class name', () => {
    const problem = problemFor(new Error('secret driver text'), 'r');
    expect(problem.status).toBe(500);
    expect(JSON.stringify(problem.body)).not.toContain('secret');
    expect(new RateLimitedError(1).name).toBe('RateLimitedError');
    expect(new DatabaseUnavailableError({ cause: new Error('x') }).cause).toBeInstanceOf(Error);
  });
});
