import { expect } from 'vitest';

/**
 * What every reply of the API must look like, written from docs/api.md alone and not read from
 * the response schemas, so that a schema that lets a field through is caught here.
 */

/** One reply of `app.inject()`, reduced to what the oracle reads. */
export interface Reply {
  readonly statusCode: number;
  readonly headers: Readonly<Record<string, string | string[] | number | undefined>>;
  readonly body: string;
}

/** docs/api.md's table: every `code` a client may see, and the one status it comes with. */
export const CONTRACT_PROBLEM_STATUS: Readonly<Record<string, number>> = {
  VALIDATION_FAILED: 400,
  MISSING_IDEMPOTENCY_KEY: 400,
  INVALID_CURSOR: 400,
  UNAUTHENTICATED: 401,
  INVALID_CREDENTIALS: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  EMAIL_TAKEN: 409,
  INVALID_TRANSITION: 409,
  PRECONDITION_FAILED: 412,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  IDEMPOTENCY_KEY_REUSED: 422,
  MENU_ITEM_UNAVAILABLE: 422,
  OVERRIDE_REASON_REQUIRED: 422,
  RATE_LIMITED: 429,
  SERVICE_UNAVAILABLE: 503,
  INTERNAL: 500,
};

const PROBLEM_CORE = ['type', 'title', 'status', 'detail', 'code', 'requestId'] as const;

/** The extra members docs/api.md names, and the codes that may carry each. */
const PROBLEM_EXTRAS: Readonly<Record<string, readonly string[]>> = {
  errors: ['VALIDATION_FAILED'],
  currentStatus: ['INVALID_TRANSITION', 'PRECONDITION_FAILED'],
  allowedTransitions: ['INVALID_TRANSITION'],
  currentVersion: ['PRECONDITION_FAILED'],
  menuItemIds: ['MENU_ITEM_UNAVAILABLE'],
};

const STATUSES = ['CREATED', 'CONFIRMED', 'PREPARING', 'READY', 'CANCELLED'];
const ROLES = ['customer', 'kitchen', 'admin'];
const ACCEPTED_REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** The reply bodies of docs/api.md a successful request can get. */
export type ReplyKind = 'user' | 'token' | 'menuItem' | 'menuList' | 'order' | 'orderList' | 'health';

// biome-ignore lint/suspicious/noExplicitAny: parsed JSON of many shapes; every field read is asserted.
type Json = any;

export function header(reply: Reply, name: string): string | undefined {
  const value = reply.headers[name];
  return value === undefined ? undefined : String(value);
}

function expectExactKeys(value: Json, keys: readonly string[], where: string): void {
  expect(value, where).toBeTypeOf('object');
  expect(value, where).not.toBeNull();
  expect(Object.keys(value).sort(), `${where}: its members`).toEqual([...keys].sort());
}

function expectInstant(value: Json, where: string): void {
  expect(value, where).toMatch(ISO_INSTANT);
}

export function expectUser(user: Json, where = 'user'): void {
  expectExactKeys(user, ['id', 'email', 'name', 'role', 'createdAt'], where);
  for (const field of ['id', 'email', 'name'] as const)
    expect(user[field], `${where}.${field}`).toBeTypeOf('string');
  expect(ROLES, `${where}.role`).toContain(user.role);
  expectInstant(user.createdAt, `${where}.createdAt`);
}

export function expectMenuItem(item: Json, where = 'menuItem'): void {
  expectExactKeys(item, ['id', 'name', 'priceCents', 'available', 'createdAt', 'updatedAt'], where);
  expect(item.id, `${where}.id`).toBeTypeOf('string');
  expect(item.name, `${where}.name`).toBeTypeOf('string');
  expect(Number.isSafeInteger(item.priceCents), `${where}.priceCents`).toBe(true);
  expect(item.available, `${where}.available`).toBeTypeOf('boolean');
  expectInstant(item.createdAt, `${where}.createdAt`);
  expectInstant(item.updatedAt, `${where}.updatedAt`);
}

export function expectOrder(order: Json, where = 'order'): void {
  expectExactKeys(
    order,
    [
      'id',
      'customerId',
      'status',
      'items',
      'totalCents',
      'note',
      'version',
      'createdAt',
      'updatedAt',
      'history',
    ],
    where,
  );
  expect(order.id, `${where}.id`).toBeTypeOf('string');
  expect(order.customerId, `${where}.customerId`).toBeTypeOf('string');
  expect(STATUSES, `${where}.status`).toContain(order.status);
  expect(order.note === null || typeof order.note === 'string', `${where}.note`).toBe(true);
  expectInstant(order.createdAt, `${where}.createdAt`);
  expectInstant(order.updatedAt, `${where}.updatedAt`);
  expect(Array.isArray(order.items), `${where}.items`).toBe(true);
  let total = 0;
  order.items.forEach((line: Json, i: number) => {
    const at = `${where}.items[${i}]`;
    expectExactKeys(line, ['menuItemId', 'name', 'unitPriceCents', 'quantity', 'lineTotalCents'], at);
    expect(line.lineTotalCents, at).toBe(line.unitPriceCents * line.quantity);
    total += line.lineTotalCents;
  });
  expect(order.totalCents, `${where}.totalCents`).toBe(total);
  expect(Array.isArray(order.history), `${where}.history`).toBe(true);
  expect(order.version, `${where}.version`).toBe(order.history.length);
  order.history.forEach((entry: Json, i: number) => {
    const at = `${where}.history[${i}]`;
    expectExactKeys(entry, ['seq', 'from', 'to', 'at', 'actor', 'reason', 'override', 'requestId'], at);
    expect(entry.seq, at).toBe(i + 1);
    expectExactKeys(entry.actor, ['id', 'role'], `${at}.actor`);
    expect(ROLES, `${at}.actor.role`).toContain(entry.actor.role);
    expectInstant(entry.at, `${at}.at`);
  });
}

/** Asserts `body` is exactly a reply of `kind`, every nested member included. */
export function expectReplyOf(kind: ReplyKind, body: Json): void {
  switch (kind) {
    case 'user':
      expectExactKeys(body, ['user'], 'reply');
      expectUser(body.user);
      return;
    case 'token':
      expectExactKeys(body, ['accessToken', 'tokenType', 'expiresIn'], 'reply');
      expect(body.accessToken).toBeTypeOf('string');
      expect(body.tokenType).toBe('Bearer');
      expect(Number.isSafeInteger(body.expiresIn)).toBe(true);
      return;
    case 'menuItem':
      expectExactKeys(body, ['menuItem'], 'reply');
      expectMenuItem(body.menuItem);
      return;
    case 'menuList':
      expectExactKeys(body, ['items'], 'reply');
      for (const [i, item] of body.items.entries()) expectMenuItem(item, `items[${i}]`);
      return;
    case 'order':
      expectExactKeys(body, ['order'], 'reply');
      expectOrder(body.order);
      return;
    case 'orderList':
      expectExactKeys(body, ['items', 'nextCursor'], 'reply');
      expect(body.nextCursor === null || typeof body.nextCursor === 'string').toBe(true);
      for (const [i, order] of body.items.entries()) expectOrder(order, `items[${i}]`);
      return;
    case 'health':
      expectExactKeys(body, ['status'], 'reply');
      return;
  }
}

/** Which kind a successful body is, read from its top-level members. */
function kindOf(body: Json): ReplyKind {
  const keys = Object.keys(body).sort().join(',');
  const kinds: Readonly<Record<string, ReplyKind>> = {
    user: 'user',
    'accessToken,expiresIn,tokenType': 'token',
    menuItem: 'menuItem',
    items: 'menuList',
    order: 'order',
    'items,nextCursor': 'orderList',
    status: 'health',
  };
  const kind = kinds[keys];
  expect(kind, `a success body with the members ${keys}`).toBeDefined();
  return kind as ReplyKind;
}

/** Asserts an error reply is an RFC 9457 problem of docs/api.md, and returns its body. */
export function expectProblemEnvelope(reply: Reply): Json {
  expect(header(reply, 'content-type')).toBe('application/problem+json; charset=utf-8');
  const problem = JSON.parse(reply.body);
  const members = Object.keys(problem);
  for (const member of PROBLEM_CORE) expect(members, 'the core members of a problem').toContain(member);
  for (const member of members) {
    if ((PROBLEM_CORE as readonly string[]).includes(member)) continue;
    expect(PROBLEM_EXTRAS[member], `the problem member "${member}"`).toBeDefined();
    expect(PROBLEM_EXTRAS[member], `"${member}" on a ${problem.code} problem`).toContain(problem.code);
  }
  expect(CONTRACT_PROBLEM_STATUS[problem.code], `the code ${problem.code}`).toBe(reply.statusCode);
  expect(problem.status).toBe(reply.statusCode);
  for (const member of ['type', 'title', 'detail'] as const) {
    expect(problem[member], member).toBeTypeOf('string');
    expect(problem[member].length, member).toBeGreaterThan(0);
  }
  expect(problem.requestId).toBe(header(reply, 'x-request-id'));
  if (problem.errors !== undefined) {
    expect(problem.errors.length).toBeGreaterThan(0);
    for (const error of problem.errors) {
      expectExactKeys(error, ['pointer', 'message'], 'errors[]');
      expect(error.pointer === '' || error.pointer.startsWith('/'), `the pointer ${error.pointer}`).toBe(
        true,
      );
    }
  }
  if (problem.code === 'UNAUTHENTICATED') expect(header(reply, 'www-authenticate')).toMatch(/^Bearer\b/);
  if (reply.statusCode === 429) expect(header(reply, 'retry-after')).toMatch(/^\d+$/);
  return problem;
}

export interface EnvelopeExpectations {
  /** The X-Request-Id the request carried, if any. */
  readonly requestId: string | undefined;
  /** The reply kinds a success may have; undefined when the URL may reach any route. */
  readonly kinds: readonly ReplyKind[] | undefined;
  readonly method: string;
  /** Values that must never appear anywhere in a reply (hashes, other customers' keys). */
  readonly secrets: readonly string[];
}

/**
 * The properties every reply has, whatever was sent: never a 5xx, always an X-Request-Id
 * (the caller's when it was acceptable), errors as problems with a documented code, successes
 * with exactly the members docs/api.md lists. Returns the parsed body (null when empty).
 */
export function expectSoundReply(reply: Reply, expected: EnvelopeExpectations): Json {
  expect(reply.statusCode, `no 5xx; got ${reply.body.slice(0, 300)}`).toBeLessThan(500);
  const requestId = header(reply, 'x-request-id');
  expect(requestId).toMatch(ACCEPTED_REQUEST_ID);
  if (expected.requestId !== undefined && ACCEPTED_REQUEST_ID.test(expected.requestId)) {
    expect(requestId).toBe(expected.requestId);
  }
  for (const secret of expected.secrets)
    expect(reply.body.includes(secret), 'a secret in a reply').toBe(false);
  // A HEAD reply has no body to inspect, whatever its status.
  if (reply.statusCode === 304 || expected.method === 'HEAD') {
    expect(reply.body).toBe('');
    return null;
  }
  if (reply.statusCode >= 400) return expectProblemEnvelope(reply);
  expect([200, 201]).toContain(reply.statusCode);
  expect(header(reply, 'content-type')).toBe('application/json; charset=utf-8');
  const body = JSON.parse(reply.body);
  const kind = kindOf(body);
  if (expected.kinds !== undefined) expect(expected.kinds).toContain(kind);
  expectReplyOf(kind, body);
  return body;
}

/** The orders a successful body carries, for ownership checks. */
export function ordersIn(body: Json): Json[] {
  if (body === null) return [];
  if (body.order !== undefined) return [body.order];
  if (Array.isArray(body.items) && 'nextCursor' in body) return body.items;
  return [];
}

/** A problem without what differs on every request, to compare two answers. */
export function problemShape(reply: Reply): Json {
  // A success, or a HEAD reply without a body: the status is all there is to compare.
  if (reply.statusCode < 400 || reply.body === '') return { status: reply.statusCode };
  const { requestId: _ignored, ...rest } = JSON.parse(reply.body);
  return rest;
}
