import { DatabaseUnavailableError } from '@food-oms/application';
import {
  MongoInvalidArgumentError,
  MongoNetworkError,
  MongoNetworkTimeoutError,
  MongoServerError,
  MongoTopologyClosedError,
} from 'mongodb';
import { describe, expect, it } from 'vitest';
import { isDatabaseUnavailable, isDuplicateKeyOn, translateDriverErrors } from '../src/driver-errors.ts';

// Server replies that FerretDB cannot be made to send (elections, overload, MongoDB's
// keyPattern), built as the driver builds them from a reply document. The network cases
// are also produced for real, through a proxy, in unavailable-database.test.ts.
const serverError = (reply: Record<string, unknown>) =>
  new MongoServerError({ errmsg: 'from the server', ...reply });

describe('isDatabaseUnavailable', () => {
  it.each([
    ['a reset connection', new MongoNetworkError('connection reset')],
    ['a socket timeout', new MongoNetworkTimeoutError('timed out')],
    ['a closed client', new MongoTopologyClosedError()],
    ['a primary stepping down', serverError({ code: 11602, codeName: 'InterruptedDueToReplStateChange' })],
    ['a secondary asked to write', serverError({ code: 10107, codeName: 'NotWritablePrimary' })],
    ['a node shutting down', serverError({ code: 91, codeName: 'ShutdownInProgress' })],
    ['a majority write that timed out', serverError({ code: 64, codeName: 'WriteConcernTimeout' })],
    ['an overloaded server', serverError({ code: 462, errorLabels: ['SystemOverloadedError'] })],
    [
      'a raw socket error the driver let through',
      Object.assign(new Error('This socket has been ended by the other party'), { code: 'EPIPE' }),
    ],
  ])('is true for %s', (_, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it.each([
    ['a duplicate key', serverError({ code: 11000 })],
    ['a malformed command', serverError({ code: 2, codeName: 'BadValue' })],
    ["FerretDB's internal error", serverError({ code: 1, codeName: 'InternalError' })],
    ['a misuse of the driver', new MongoInvalidArgumentError('bad option')],
    ['a bug in this code', new TypeError('undefined is not a function')],
    ['a file-system error', Object.assign(new Error('no such file'), { code: 'ENOENT' })],
  ])('is false for %s', (_, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });
});

describe('translateDriverErrors', () => {
  it('turns an unavailable database into DatabaseUnavailableError, keeping the cause', async () => {
    const cause = new MongoNetworkError('connection reset');

    const translated = await translateDriverErrors(() => Promise.reject(cause)).catch(
      (error: unknown) => error,
    );

    expect(translated).toBeInstanceOf(DatabaseUnavailableError);
    expect(translated).toMatchObject({ code: 'SERVICE_UNAVAILABLE', cause });
  });

  it('lets every other error through untouched', async () => {
    const bug = new TypeError('undefined is not a function');

    await expect(translateDriverErrors(() => Promise.reject(bug))).rejects.toBe(bug);
  });
});

describe('isDuplicateKeyOn', () => {
  it("trusts MongoDB's keyPattern", () => {
    const onEmail = serverError({ code: 11000, keyPattern: { email: 1 }, keyValue: { email: 'a@b.c' } });

    expect(isDuplicateKeyOn(onEmail, 'email')).toBe(true);
    expect(isDuplicateKeyOn(serverError({ code: 11000, keyPattern: { _id: 1 } }), 'email')).toBe(false);
  });

  it('takes a duplicate without keyPattern (FerretDB) as one on the unique field', () => {
    expect(isDuplicateKeyOn(serverError({ code: 11000 }), 'email')).toBe(true);
  });

  it('is false for any other error', () => {
    expect(isDuplicateKeyOn(serverError({ code: 1 }), 'email')).toBe(false);
    expect(isDuplicateKeyOn(new MongoNetworkError('reset'), 'email')).toBe(false);
  });
});
