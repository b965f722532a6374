import { NotFoundError } from '@food-oms/application';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { HttpError } from './http-errors.ts';
import { problemFor } from './problem.ts';

/**
 * Node reports a client that disconnects before its body was read in full as an "aborted"
 * ECONNRESET on the request stream; fastify hands that to the error handler.
 */
function clientWentAway(error: unknown, request: FastifyRequest): boolean {
  const { code } = (error ?? {}) as { code?: unknown };
  return (code === 'ECONNRESET' || code === 'ERR_STREAM_PREMATURE_CLOSE') && request.raw.destroyed;
}

/** Answers `error` with its problem document, and logs what operators must see. */
export function sendProblem(error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (clientWentAway(error, request)) {
    // Nobody is left to read an answer, and nothing failed here: one line at info.
    request.log.info({ code: 'CLIENT_ABORTED' }, 'client closed the connection before the response');
    return reply.send();
  }
  const problem = problemFor(error, request.id);
  if (error instanceof HttpError && error.code === 'SERVICE_UNAVAILABLE') {
    // Starting, draining, a not-ready probe: states this server chose to announce, each
    // one line at info; no stack, nothing failed.
    request.log.info({ code: problem.body.code }, problem.body.detail);
  } else if (problem.status >= 500) {
    const level = problem.body.code === 'SERVICE_UNAVAILABLE' ? 'warn' : 'error';
    request.log[level]({ err: error, code: problem.body.code }, 'request failed');
  } else {
    // Client faults are expected; their code is enough to spot abuse without flooding the log.
    request.log.info({ code: problem.body.code }, problem.body.detail);
  }
  return reply.code(problem.status).headers(problem.headers).send(problem.body);
}

/** The single error handler and the not-found handler: every failure leaves as a problem. */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error, request, reply) => sendProblem(error, request, reply));
  app.setNotFoundHandler((request, reply) =>
    sendProblem(new NotFoundError('The requested resource'), request, reply),
  );
}
