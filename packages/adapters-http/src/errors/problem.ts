import { hasZodFastifySchemaValidationErrors } from '@fastify/type-provider-zod';
import { CodedError, ValidationError } from '@food-oms/domain';
import type { Problem } from '../schemas/problem-schema.ts';
import { fastifyRequestError } from './framework-faults.ts';
import {
  type DetailsOf,
  isProblemCode,
  PROBLEM_TYPES,
  type ProblemCode,
  type ProblemType,
  problemTypeUri,
} from './problem-types.ts';
import { requestViolations } from './request-violations.ts';

interface ProblemResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Problem;
}

/** What was thrown, as the coded error a client may see. */
function codedErrorOf(error: unknown): CodedError<ProblemCode> {
  if (hasZodFastifySchemaValidationErrors(error)) {
    return new ValidationError(requestViolations(error.validation, error.validationContext));
  }
  if (error instanceof CodedError && isProblemCode(error.code)) return error as CodedError<ProblemCode>;
  return fastifyRequestError(error);
}

/**
 * Turns anything thrown while serving a request into its RFC 9457 problem, as the code's
 * entry in PROBLEM_TYPES describes it. The idea is Fastify's (an error names its code, the
 * handler sends whatever headers come with it), except that status and headers come from the
 * table, computed from the error's data: the domain and the application never speak HTTP. Only our own coded errors and fastify's request faults
 * reach the client with a specific text; everything else is a 500 with a generic detail, so
 * no stack or driver text ever leaks.
 */
export function problemFor(thrown: unknown, requestId: string): ProblemResponse {
  const error = codedErrorOf(thrown);
  // The table is typed per code; the error's details are those of its code.
  const type = PROBLEM_TYPES[error.code] as ProblemType<ProblemCode>;
  const details = error.details as DetailsOf<ProblemCode>;
  const headers: Record<string, string> = {
    'content-type': 'application/problem+json; charset=utf-8',
    // An error describes one moment; no cache may replay it.
    'cache-control': 'no-store',
  };
  for (const [name, value] of Object.entries(type.headers ?? {})) {
    if (value !== undefined) headers[name.toLowerCase()] = value(details);
  }
  return {
    status: type.status,
    headers,
    body: {
      type: problemTypeUri(error.code),
      title: type.title,
      status: type.status,
      detail: error.message,
      code: error.code,
      requestId,
      ...type.members?.(details),
    },
  };
}
