import { DatabaseUnavailableError, NotFoundError } from '@food-oms/application';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
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
  if (problem.body.code === 'INTERNAL') {
    request.log.error({ err: error, code: problem.body.code }, 'request failed');
  } else if (error instanceof DatabaseUnavailableError) {
    // The store failing is worth a warning with its cause; the client was told to retry.
    request.log.warn({ err: error, code: problem.body.code }, 'request failed');
  } else {
    // Client faults are expected; their code is enough to spot abuse without flooding the log.
    // So are the 503s this server announces (starting, draining, a not-ready probe): states,
    // not failures, each one line without a stack.
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
