import { DatabaseUnavailableError } from '@food-oms/application';
import {
  MongoClientClosedError,
  MongoError,
  MongoErrorLabel,
  MongoNetworkError,
  MongoNotConnectedError,
  MongoOperationTimeoutError,
  MongoServerClosedError,
  MongoServerError,
  MongoServerSelectionError,
  MongoTopologyClosedError,
} from 'mongodb';

/**
 * Server codes that say "this node cannot serve you right now" rather than "your request
 * is wrong": the retryable codes of the driver's retryable-reads/writes specification
 * (node shutting down, stepped down, not primary, host unreachable, ...), plus a server
 * time limit and a write concern that timed out. The driver has already retried once
 * when it raises them, so the caller should back off: the database is unavailable.
 */
const TRANSIENT_SERVER_CODES: ReadonlySet<number> = new Set([
  6, // HostUnreachable
  7, // HostNotFound
  50, // MaxTimeMSExpired
  64, // WriteConcernTimeout (WriteConcernFailed before 8.1)
  89, // NetworkTimeout
  91, // ShutdownInProgress
  134, // ReadConcernMajorityNotAvailableYet
  189, // PrimarySteppedDown
  262, // ExceededTimeLimit
  9001, // SocketException
  10107, // NotWritablePrimary
  11600, // InterruptedAtShutdown
  11602, // InterruptedDueToReplStateChange
  13435, // NotPrimaryNoSecondaryOk
  13436, // NotPrimaryOrSecondary
]);

/** The pool's errors that the driver does not export as classes, known by their fixed names. */
const POOL_ERROR_NAMES: ReadonlySet<string> = new Set(['MongoWaitQueueTimeoutError', 'MongoPoolClosedError']);

/**
 * Node's own socket failures. The driver lets some escape unwrapped: a command written to a
 * pooled connection whose server has just hung up rejects with the socket's raw EPIPE
 * ("This socket has been ended by the other party"), not a MongoNetworkError.
 */
const SOCKET_ERROR_CODES: ReadonlySet<string> = new Set([
  'EPIPE',
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ERR_STREAM_DESTROYED',
  'ERR_STREAM_WRITE_AFTER_END',
]);

/**
 * True when the error means "no answer now" (unreachable, too slow, overloaded, closing)
 * rather than a fault of the request or of this code.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (!(error instanceof MongoError)) {
    const { code } = error instanceof Error ? (error as NodeJS.ErrnoException) : {};
    return typeof code === 'string' && SOCKET_ERROR_CODES.has(code);
  }
  // MongoNetworkError covers timeouts on the socket and pools cleared after a network error.
  if (
    error instanceof MongoNetworkError ||
    error instanceof MongoServerSelectionError ||
    error instanceof MongoOperationTimeoutError ||
    error instanceof MongoTopologyClosedError ||
    error instanceof MongoClientClosedError ||
    error instanceof MongoServerClosedError ||
    error instanceof MongoNotConnectedError ||
    POOL_ERROR_NAMES.has(error.name)
  ) {
    return true;
  }
  if (error.hasErrorLabel(MongoErrorLabel.SystemOverloadedError)) return true;
  return typeof error.code === 'number' && TRANSIENT_SERVER_CODES.has(error.code);
}

/**
 * Runs one repository operation and turns every "database unavailable" driver error into
 * DatabaseUnavailableError, so no driver error crosses the port. Anything else (a bug, a
 * server refusing a malformed command) propagates untouched and ends as a 500 upstream.
 */
export async function translateDriverErrors<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    if (isDatabaseUnavailable(error)) throw new DatabaseUnavailableError({ cause: error });
    throw error;
  }
}

/**
 * True when the error is a duplicate key on the unique index over `field`. MongoDB names the
 * index's keys in `keyPattern`; FerretDB sends code 11000 without it, and then the one unique
 * index the collection has besides _id is the only candidate (ids are UUIDv7 and never repeat).
 */
export function isDuplicateKeyOn(error: unknown, field: string): boolean {
  if (!(error instanceof MongoServerError) || error.code !== 11000) return false;
  const keyPattern: unknown = error.errorResponse.keyPattern;
  return typeof keyPattern !== 'object' || keyPattern === null || field in keyPattern;
}
