import { NotFoundError } from '@food-oms/application';
import { type CodedError, ValidationError } from '@food-oms/domain';
import { BODY_LIMIT_BYTES } from '../http/body-limit.ts';
import { HttpError } from './http-errors.ts';
import type { ProblemCode } from './problem-types.ts';

/** Anything that is not one of our errors: a 500 whose detail says nothing about the cause. */
export const internalError = (): HttpError => new HttpError('INTERNAL', 'An unexpected error occurred.');

const notFound = (): NotFoundError => new NotFoundError('The requested resource');

export const bodyTooLarge = (): HttpError =>
  new HttpError('PAYLOAD_TOO_LARGE', `The request body is larger than ${BODY_LIMIT_BYTES / 1024} KiB.`);

export const bodyNotJson = (): HttpError =>
  new HttpError('UNSUPPORTED_MEDIA_TYPE', 'The request body must be sent as application/json.');

/** Fastify's own request faults (body parsing, URL decoding), by their FST_ code. */
const FASTIFY_FAULTS: Readonly<Record<string, () => CodedError<ProblemCode>>> = {
  FST_ERR_CTP_BODY_TOO_LARGE: bodyTooLarge,
  FST_ERR_CTP_INVALID_MEDIA_TYPE: bodyNotJson,
  FST_ERR_CTP_INVALID_JSON_BODY: () =>
    new ValidationError(
      [{ pointer: '', message: 'must be valid JSON without __proto__ or constructor.prototype' }],
      'The request body is not valid JSON, or it uses a forbidden key (__proto__, constructor.prototype).',
    ),
  FST_ERR_CTP_EMPTY_JSON_BODY: () =>
    new ValidationError(
      [{ pointer: '', message: 'must not be empty' }],
      'The request says it has a JSON body but it is empty.',
    ),
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: () =>
    new ValidationError([], 'The Content-Length header does not match the body.'),
  FST_ERR_BAD_URL: () => new ValidationError([], 'The URL is not correctly percent-encoded.'),
  // A path segment longer than any id names nothing.
  FST_ERR_MAX_PARAM_LENGTH: notFound,
};

/** What a non-coded error thrown while serving a request is to the client. */
export function fastifyRequestError(error: unknown): CodedError<ProblemCode> {
  if (typeof error !== 'object' || error === null) return internalError();
  const { code, statusCode } = error as { code?: unknown; statusCode?: unknown };
  if (typeof code !== 'string' || !code.startsWith('FST_')) return internalError();
  const known = FASTIFY_FAULTS[code];
  if (known !== undefined) return known();
  // Any other request fault fastify reports, without repeating its wording.
  return typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500
    ? new ValidationError([], 'The request is malformed.')
    : internalError();
}

export const requestTimedOut = (): HttpError =>
  new HttpError('REQUEST_TIMEOUT', 'The request was not received in time.');

export const headersTooLarge = (): HttpError =>
  new HttpError('HEADERS_TOO_LARGE', 'The request headers are larger than the server accepts.');

/**
 * Node's parser faults and deadlines as the problem they are: ERR_HTTP_REQUEST_TIMEOUT (a
 * request or its headers not received in time), HPE_HEADER_OVERFLOW, and every other
 * HPE_ code for bytes that are not HTTP (conflicting Content-Length, Content-Length with
 * Transfer-Encoding, control bytes in a header, …).
 */
export function nodeClientError(code: string): CodedError<ProblemCode> {
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') return requestTimedOut();
  if (code === 'HPE_HEADER_OVERFLOW') return headersTooLarge();
  return new ValidationError([], 'The request is not valid HTTP/1.1.');
}
