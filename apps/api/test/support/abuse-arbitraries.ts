import fc from 'fast-check';
import type { ReplyKind } from './abuse-oracle.ts';
import type { AbuseRequest, AbuseWorld } from './abuse-world.ts';

/**
 * Generators of hostile requests. Bodies are built as JSON TEXT, never with JSON.stringify
 * of an object, so a key like `__proto__` is a real own member of what the server parses,
 * exactly as an attacker's raw bytes would have it.
 */

type Role = 'customer' | 'kitchen' | 'admin';

export type RouteName =
  | 'signup'
  | 'login'
  | 'me'
  | 'createUser'
  | 'listMenu'
  | 'createMenu'
  | 'updateMenu'
  | 'placeOrder'
  | 'getOrder'
  | 'transition'
  | 'listOrders';

/** docs/api.md's public routes: who may call each (null: anyone) and what a success returns. */
export const ROUTES: Readonly<
  Record<
    RouteName,
    { readonly method: string; readonly roles: readonly Role[] | null; readonly kinds: ReplyKind[] }
  >
> = {
  signup: { method: 'POST', roles: null, kinds: ['user'] },
  login: { method: 'POST', roles: null, kinds: ['token'] },
  me: { method: 'GET', roles: ['customer', 'kitchen', 'admin'], kinds: ['user'] },
  createUser: { method: 'POST', roles: ['admin'], kinds: ['user'] },
  listMenu: { method: 'GET', roles: ['customer', 'kitchen', 'admin'], kinds: ['menuList'] },
  createMenu: { method: 'POST', roles: ['admin'], kinds: ['menuItem'] },
  updateMenu: { method: 'PATCH', roles: ['admin'], kinds: ['menuItem'] },
  placeOrder: { method: 'POST', roles: ['customer'], kinds: ['order'] },
  getOrder: { method: 'GET', roles: ['customer', 'kitchen', 'admin'], kinds: ['order'] },
  transition: { method: 'PATCH', roles: ['customer', 'kitchen', 'admin'], kinds: ['order'] },
  listOrders: { method: 'GET', roles: ['customer', 'kitchen', 'admin'], kinds: ['orderList'] },
};

const STATUSES = ['CREATED', 'CONFIRMED', 'PREPARING', 'READY', 'CANCELLED'];

/** JSON text of an object with these members, in this order, duplicates and all. */
export function objectText(members: readonly (readonly [string, string])[]): string {
  return `{${members.map(([key, value]) => `${JSON.stringify(key)}:${value}`).join(',')}}`;
}

const text = (value: string) => JSON.stringify(value);

/** Keys that mean something to MongoDB, to JavaScript objects, or to this API's records. */
const HOSTILE_KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  '$ne',
  '$gt',
  '$where',
  '$regex',
  '$expr',
  '$set',
  '$in',
  'a.b',
  'items.0.quantity',
  'email.$',
  '_id',
  'id',
  'role',
  'passwordHash',
  'customerId',
  'version',
  'history',
  'totalCents',
  'unitPriceCents',
  'idempotencyKey',
  'fingerprint',
  'toString',
  'hasOwnProperty',
  '',
  'EMAIL',
];

const polluter = objectText([['polluted', text('yes')]]);

/** Query operators and prototype payloads, as values. */
const OPERATOR_TEXTS = [
  objectText([['$ne', 'null']]),
  objectText([['$gt', text('')]]),
  objectText([
    ['$regex', text('.*')],
    ['$options', text('i')],
  ]),
  objectText([['$where', text('sleep(1000) || true')]]),
  objectText([['$expr', objectText([['$eq', '[1,1]']])]]),
  objectText([['$in', '["CREATED","READY"]']]),
  `[${objectText([['$ne', 'null']])}]`,
  objectText([['__proto__', polluter]]),
  objectText([['constructor', objectText([['prototype', polluter]])]]),
  objectText([['prototype', polluter]]),
];

/** Numbers at and beyond every limit of docs/api.md, and the ones JSON makes odd. */
const NUMBER_TEXTS = [
  '0',
  '-0',
  '-1',
  '1',
  '1.0',
  '0.5',
  '50',
  '51',
  '100',
  '101',
  '1e2',
  '1e400',
  '-1e400',
  '1e-400',
  '9007199254740993',
  '2147483648',
  '1000000',
  '1000001',
];

/** Strings that are empty, invisible, reversed, look like something else, or are too long. */
const HOSTILE_STRINGS = [
  '',
  ' ',
  '\t\n',
  '\u0000',
  '\ud800',
  'a\udfffb',
  '\u202eCANCELLED',
  'CANCELLED\u0000',
  ' CANCELLED ',
  'cancelled',
  'ＣＡＮＣＥＬＬＥＤ',
  'null',
  'true',
  '[object Object]',
  '{"$ne":null}',
  '$where',
  "'; DROP TABLE orders; --",
  '../../etc/passwd',
  '<script>alert(1)</script>',
  '%00',
  '\\u0000',
  '\u200b',
  'x'.repeat(501),
  'é'.repeat(101),
  '𝕏'.repeat(60),
];

const hostileString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...HOSTILE_STRINGS),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.string({ maxLength: 30 }),
);

/** Arrays nested up to 3 000 deep: about 6 KiB, within the body limit. */
const deepNesting = fc.integer({ min: 1, max: 3000 }).map((depth) => '['.repeat(depth) + ']'.repeat(depth));

/** Any JSON value at all, hostile ones over-represented. */
const anyJsonText: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...OPERATOR_TEXTS, ...NUMBER_TEXTS, 'true', 'false', 'null', '[]', '{}'),
  hostileString.map(text),
  fc.jsonValue({ maxDepth: 3 }).map((value) => JSON.stringify(value)),
  deepNesting,
);

const hostileKey: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...HOSTILE_KEYS) },
  { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
);

/** Bodies that are not a JSON object of the route at all, or not JSON, or too large. */
const junkBody: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '',
    'null',
    '[]',
    '{}',
    '"text"',
    '{',
    '{"a":',
    '{"a":1,}',
    "{'a':1}",
    'NaN',
    'undefined',
    '\ufeff{}',
    '{"a":1}{"b":2}',
    '/* */{}',
    '{"a":1}\u0000',
  ),
  deepNesting,
  fc.string({ unit: 'binary', maxLength: 200 }),
  // Around docs/api.md's 16 KiB limit, on both sides of it.
  fc
    .integer({ min: 16 * 1024 - 64, max: 20 * 1024 })
    .map((size) => objectText([['pad', text('x'.repeat(size))]])),
);

interface Field {
  readonly name: string;
  /** JSON texts of values the route accepts. */
  readonly valid: fc.Arbitrary<string>;
  readonly required: boolean;
}

type Members = (readonly [string, string])[];

type Mutation =
  | { readonly kind: 'replace'; readonly index: number; readonly value: string }
  | { readonly kind: 'add'; readonly key: string; readonly value: string; readonly at: number }
  | { readonly kind: 'drop'; readonly index: number }
  | { readonly kind: 'repeat'; readonly index: number; readonly value: string };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('replace' as const), index: fc.nat(), value: anyJsonText }),
  fc.record({ kind: fc.constant('add' as const), key: hostileKey, value: anyJsonText, at: fc.nat() }),
  fc.record({ kind: fc.constant('drop' as const), index: fc.nat() }),
  // A key sent twice: JSON.parse keeps the last, a hand-rolled parser might keep the first.
  fc.record({ kind: fc.constant('repeat' as const), index: fc.nat(), value: anyJsonText }),
);

function mutate(members: Members, mutations: readonly Mutation[]): Members {
  const out = [...members];
  for (const m of mutations) {
    const i = out.length === 0 ? 0 : ('index' in m ? m.index : m.at) % out.length;
    const member = out[i];
    if (m.kind === 'add') out.splice(i, 0, [m.key, m.value]);
    else if (member === undefined) continue;
    else if (m.kind === 'replace') out[i] = [member[0], m.value];
    else if (m.kind === 'drop') out.splice(i, 1);
    else out.push([member[0], m.value]);
  }
  return out;
}

function validMembers(fields: readonly Field[]): fc.Arbitrary<Members> {
  return fc
    .tuple(...fields.map((field) => fc.tuple(field.valid, field.required ? fc.constant(true) : fc.boolean())))
    .map((values) =>
      fields.flatMap((field, i) => {
        const [value, present] = values[i] as [string, boolean];
        return present ? [[field.name, value] as const] : [];
      }),
    );
}

/**
 * JSON texts for an object with these fields: valid ones (so successes are checked too),
 * valid ones with one to three hostile mutations, anything at all, and junk.
 */
function objectBody(fields: readonly Field[]): fc.Arbitrary<string> {
  const valid = validMembers(fields);
  return fc.oneof(
    { weight: 3, arbitrary: valid.map(objectText) },
    {
      weight: 5,
      arbitrary: fc
        .tuple(valid, fc.array(mutation, { minLength: 1, maxLength: 3 }))
        .map(([members, mutations]) => objectText(mutate(members, mutations))),
    },
    { weight: 1, arbitrary: anyJsonText },
    { weight: 1, arbitrary: junkBody },
  );
}

const CONTENT_TYPES = [
  'application/json; charset=utf-8',
  'APPLICATION/JSON',
  'application/json; charset=utf-16',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/jsonx',
  'text/json',
  'application/problem+json',
  '',
];

/** Mostly JSON, so bodies are read; sometimes every other media type, or none. */
const contentType: fc.Arbitrary<string | undefined> = fc.oneof(
  { weight: 8, arbitrary: fc.constant('application/json') },
  { weight: 2, arbitrary: fc.constantFrom<string | undefined>(...CONTENT_TYPES, undefined) },
);

// Valid values only: hostile ones come from the mutations, so a valid body really is one.
const email = fc.oneof(
  { weight: 3, arbitrary: fc.uuid().map((id) => `${id.slice(0, 8)}@abuse.example`) },
  {
    weight: 1,
    arbitrary: fc.constantFrom('victim.kay@example.com', 'VICTIM.KAY@EXAMPLE.COM', 'mallory@example.com'),
  },
);
const password = fc.string({ minLength: 8, maxLength: 40 });
const personName = fc.string({ minLength: 1, maxLength: 30 }).filter((name) => name.trim().length > 0);

/** Request ids the API must keep, and ones it must replace. */
const requestId: fc.Arbitrary<string> = fc.oneof(
  fc.stringMatching(/^[A-Za-z0-9._-]{1,64}$/),
  fc.constantFrom('r'.repeat(65), 'a b', 'a/b', '', 'é', '__proto__', '../x', '%00', '{"$ne":1}', 'a,b'),
);

/** Every kind of Idempotency-Key: valid bare and quoted, the victim's own, and malformed. */
function idempotencyKey(world: AbuseWorld): fc.Arbitrary<string> {
  return fc.oneof(
    fc.stringMatching(/^[\x20-\x7E]{1,40}$/),
    fc.stringMatching(/^[A-Za-z0-9-]{1,20}$/).map((key) => `"${key}"`),
    fc.constantFrom(...world.victimKeys, ...world.victimKeys.map((key) => `"${key}"`)),
    fc.constantFrom(
      '',
      ' ',
      '"',
      '"a',
      '"a\\b"',
      'k'.repeat(256),
      'ü',
      '\t',
      '__proto__',
      '$where',
      '{"$ne":null}',
    ),
  );
}

const ifMatch = fc.constantFrom(
  '"v1"',
  '"v2"',
  '"v3"',
  '"v4"',
  '"v5"',
  '*',
  'W/"v1"',
  '"v1", "v2"',
  'v1',
  '"v0"',
  '"v999999999999999"',
  '"v1e3"',
  '""',
  '"v-1"',
  '"v01"',
);
const ifNoneMatch = fc.constantFrom('"v1"', '"v4"', 'W/"v1"', '*', '"v1", W/"v4"', 'junk', '""');

/** Headers that must change nothing: spoofed identities, method overrides, proxy claims. */
const strayHeader = fc.constantFrom<[string, string]>(
  ['x-forwarded-for', '10.0.0.1'],
  ['x-http-method-override', 'DELETE'],
  ['x-role', 'admin'],
  ['cookie', 'role=admin; user=victim'],
  ['x-original-url', '/users'],
  ['origin', 'https://evil.example'],
  ['accept', 'application/xml'],
);

export interface Authorization {
  /** The Authorization header, or undefined to send none. */
  readonly value: string | undefined;
  /** True when it carries a genuine token of the attacker in a form the API accepts. */
  readonly accepted: boolean;
}

/** Where a request for one order or menu item points. */
export interface Target {
  /** The path segment as sent: raw, percent-encoded, or junk. */
  readonly segment: string;
  /** True when it names one of the victim's orders, in any spelling. */
  readonly victim: boolean;
  /** False when the URL parser or router may send the request elsewhere (dot segments, bad encodings, overlong). */
  readonly routed: boolean;
}

/** A segment reaches its route unchanged unless it is a dot segment, undecodable or too long. */
function routes(segment: string): boolean {
  if (segment.length === 0 || segment.length > 100 || /^(\.|%2e){1,2}$/i.test(segment)) return false;
  try {
    decodeURIComponent(segment);
    return true;
  } catch {
    return false;
  }
}

const JUNK_SEGMENTS = [
  '..',
  '.',
  '%2e%2e',
  '..%2F..%2Fusers%2Fme',
  '%00',
  '%2F',
  '$where',
  '%24ne',
  '%7B%22%24ne%22%3Anull%7D',
  'a.b',
  '__proto__',
  'constructor',
  'prototype',
  'null',
  'undefined',
  '0',
  '-1',
  '%E0%A4%A',
  '%ZZ',
  '%',
  'x'.repeat(101),
  '%C0%AE%C0%AE',
  '%EF%BC%8F',
  '%E2%80%AE',
  ';',
  'a;b=c',
  '*',
  '%20',
  '+',
];

const junkSegment: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...JUNK_SEGMENTS),
  fc.uuid(),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 40 }).map(encodeURIComponent),
  fc.string({ minLength: 1, maxLength: 150 }).map(encodeURIComponent),
);

/** Segments for `/orders/:id` and `/menu-items/:id`: ids of the world, spellings of them, junk. */
export function targets(known: readonly string[], victims: readonly string[]): fc.Arbitrary<Target> {
  const of = (segment: string, victim: boolean): Target => ({ segment, victim, routed: routes(segment) });
  const arbitraries: { weight: number; arbitrary: fc.Arbitrary<Target> }[] = [
    { weight: 1, arbitrary: junkSegment.map((segment) => of(segment, false)) },
  ];
  if (known.length > 0) {
    arbitraries.push({ weight: 1, arbitrary: fc.constantFrom(...known).map((id) => of(id, false)) });
  }
  if (victims.length > 0) {
    // The id as it is, most of the time: that is the spelling that would reach the order.
    const spelling = fc.oneof(
      { weight: 4, arbitrary: fc.constant((id: string) => id) },
      {
        weight: 1,
        arbitrary: fc.constantFrom(
          (id: string) => id.toUpperCase(),
          (id: string) => `${id}%20`,
          (id: string) => `${id}%00`,
          (id: string) => encodeURIComponent(` ${id}`),
          (id: string) => id.replaceAll('-', ''),
        ),
      },
    );
    const spelled = fc.tuple(fc.constantFrom(...victims), spelling);
    arbitraries.push({ weight: 2, arbitrary: spelled.map(([id, spell]) => of(spell(id), true)) });
  }
  return fc.oneof(...arbitraries);
}

function queryString(world: AbuseWorld): fc.Arbitrary<string> {
  const key = fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom('status', 'customerId', 'limit', 'cursor') },
    {
      weight: 3,
      arbitrary: fc.constantFrom(
        'status[$ne]',
        'limit[$gt]',
        'customerId[$ne]',
        'status[]',
        'status[0]',
        '__proto__',
        'constructor',
        '__proto__[polluted]',
        'constructor[prototype][polluted]',
        '$where',
        'a.b',
        'role',
      ),
    },
    { weight: 1, arbitrary: fc.string({ maxLength: 10 }) },
  );
  const tampered = fc
    .tuple(fc.constantFrom(...world.cursors), fc.nat(), fc.constantFrom('flip', 'cut', 'grow'))
    .map(([cursor, at, how]) => {
      const i = at % cursor.length;
      if (how === 'cut') return cursor.slice(0, i);
      if (how === 'grow') return `${cursor}A`;
      return cursor.slice(0, i) + (cursor[i] === 'A' ? 'B' : 'A') + cursor.slice(i + 1);
    });
  const value = fc.oneof(
    fc.subarray(STATUSES, { minLength: 1 }).map((statuses) => statuses.join(',')),
    fc.constantFrom(world.victim.id, world.attacker.id, world.kitchen.id),
    fc.uuid(),
    fc.constantFrom('0', '1', '20', '100', '101', '-1', '1e2', '0x10', ' 1', '001', '1.5', '', 'null'),
    fc.constantFrom('{"$ne":null}', '$gt', 'CREATED,', ',', 'created', 'CREATED,CREATED'),
    fc.constantFrom(...world.cursors),
    tampered,
    fc.string({ unit: 'binary', maxLength: 20 }),
  );
  // Encoded as a client library would, or raw as an attacker types it (brackets and all).
  const pair = fc
    .tuple(key, value, fc.boolean())
    .map(([k, v, encode]) => (encode ? `${encodeURIComponent(k)}=${encodeURIComponent(v)}` : `${k}=${v}`));
  return fc.array(pair, { maxLength: 4 }).map((pairs) => (pairs.length === 0 ? '' : `?${pairs.join('&')}`));
}

/** One generated request and what the oracle needs to know about it. */
export interface Attack {
  readonly route: RouteName;
  readonly request: AbuseRequest;
  /** The request reaches the route it names: its own method, and a path no parser rewrites. */
  readonly routed: boolean;
  readonly authorization: Authorization;
  readonly target?: Target;
}

export interface Attacker {
  readonly authorizations: fc.Arbitrary<Authorization>;
  readonly routes: readonly RouteName[];
  /** The orders this attacker aims at. */
  readonly orders: fc.Arbitrary<Target>;
}

/** The body fields of each route that takes one, with values docs/api.md accepts. */
function bodyFields(world: AbuseWorld): Partial<Record<RouteName, readonly Field[]>> {
  const menuIds = [...world.menu.available, ...world.menu.unavailable];
  const line = (menuItemId: string, quantity: number) =>
    objectText([
      ['menuItemId', text(menuItemId)],
      ['quantity', String(quantity)],
    ]);
  const validItems = fc
    .uniqueArray(fc.tuple(fc.constantFrom(...menuIds), fc.integer({ min: 1, max: 50 })), {
      minLength: 1,
      maxLength: menuIds.length,
      selector: ([id]) => id,
    })
    .map((lines) => `[${lines.map(([id, quantity]) => line(id, quantity)).join(',')}]`);
  const lineFields: Field[] = [
    { name: 'menuItemId', valid: fc.constantFrom(...menuIds).map(text), required: true },
    { name: 'quantity', valid: fc.integer({ min: 1, max: 50 }).map(String), required: true },
  ];
  const items = fc.oneof(
    { weight: 4, arbitrary: validItems },
    {
      weight: 2,
      arbitrary: fc.array(objectBody(lineFields), { maxLength: 4 }).map((l) => `[${l.join(',')}]`),
    },
    // Past the 50-line limit, up to what 16 KiB holds (and beyond it).
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.integer({ min: 51, max: 400 }), fc.constantFrom(...menuIds))
        .map(([count, id]) => `[${Array.from({ length: count }, () => line(id, 1)).join(',')}]`),
    },
  );
  const note = fc.oneof(fc.string({ maxLength: 40 }).map(text), fc.constant('null'));
  const role = fc.constantFrom('customer', 'kitchen', 'admin').map(text);
  return {
    signup: [
      { name: 'email', valid: email.map(text), required: true },
      { name: 'password', valid: password.map(text), required: true },
      { name: 'name', valid: personName.map(text), required: true },
    ],
    login: [
      {
        name: 'email',
        valid: fc.constantFrom(world.attacker.email, world.victim.email, 'nobody@abuse.example').map(text),
        required: true,
      },
      // Never the victim's password: knowing it would make a log-in legitimate, not an attack.
      {
        name: 'password',
        valid: fc.constantFrom(world.attacker.password, 'not-the-password').map(text),
        required: true,
      },
    ],
    createUser: [
      { name: 'email', valid: email.map(text), required: true },
      { name: 'password', valid: password.map(text), required: true },
      { name: 'name', valid: personName.map(text), required: true },
      { name: 'role', valid: role, required: true },
    ],
    createMenu: [
      { name: 'name', valid: personName.map(text), required: true },
      { name: 'priceCents', valid: fc.integer({ min: 0, max: 1_000_000 }).map(String), required: true },
      { name: 'available', valid: fc.boolean().map(String), required: false },
    ],
    updateMenu: [
      { name: 'name', valid: personName.map(text), required: false },
      { name: 'priceCents', valid: fc.integer({ min: 0, max: 1_000_000 }).map(String), required: false },
      { name: 'available', valid: fc.boolean().map(String), required: false },
    ],
    placeOrder: [
      { name: 'items', valid: items, required: true },
      { name: 'note', valid: note, required: false },
    ],
    transition: [
      { name: 'status', valid: fc.constantFrom(...STATUSES).map(text), required: true },
      { name: 'reason', valid: note, required: false },
    ],
  };
}

const STRAY_METHODS = ['GET', 'POST', 'PATCH', 'PUT', 'DELETE', 'HEAD', 'OPTIONS'];

/** The parts of a request that an attack varies. */
export interface AttackParts {
  readonly method: string;
  readonly target?: Target | undefined;
  readonly query: string;
  readonly authorization: Authorization;
  /** Every header but Authorization and Content-Type. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string | undefined;
  readonly contentType?: string | undefined;
}

/** The request these parts make, and what the oracle needs to know about it. */
export function attackOf(route: RouteName, parts: AttackParts): Attack {
  const { method, target, authorization, body, contentType } = parts;
  const segment = target?.segment ?? '';
  const path =
    route === 'updateMenu'
      ? `/menu-items/${segment}`
      : route === 'getOrder'
        ? `/orders/${segment}`
        : route === 'transition'
          ? `/orders/${segment}/status`
          : pathOf(route);
  const headers: Record<string, string> = { ...parts.headers };
  if (authorization.value !== undefined) headers.authorization = authorization.value;
  if (body !== undefined && contentType !== undefined) headers['content-type'] = contentType;
  return {
    route,
    request: {
      method,
      url: path + parts.query,
      headers,
      ...(body !== undefined && method !== 'GET' && method !== 'HEAD' && { payload: body }),
    },
    routed: method === ROUTES[route].method && (target === undefined || target.routed),
    authorization,
    ...(target !== undefined && { target }),
  };
}

/** The headers present in `optional`, by name. */
function presentHeaders(optional: Readonly<Record<string, string | undefined>>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(optional).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
}

/** Requests of `attacker` to its routes, every header and body hostile some of the time. */
export function attacks(world: AbuseWorld, attacker: Attacker): fc.Arbitrary<Attack> {
  const fields = bodyFields(world);
  const menuTargets = targets([...world.menu.available, ...world.menu.unavailable], []);
  const none = fc.constant(undefined);
  return fc.constantFrom(...attacker.routes).chain((route) => {
    const routeFields = fields[route];
    return fc
      .record({
        method: fc.oneof(
          { weight: 12, arbitrary: fc.constant(ROUTES[route].method) },
          { weight: 1, arbitrary: fc.constantFrom(...STRAY_METHODS) },
        ),
        target:
          route === 'getOrder' || route === 'transition'
            ? attacker.orders
            : route === 'updateMenu'
              ? menuTargets
              : none,
        query:
          route === 'listOrders' ? queryString(world) : fc.constantFrom('', '?role=admin&__proto__[x]=1'),
        authorization: attacker.authorizations,
        headers: fc
          .record({
            'x-request-id': fc.option(requestId, { nil: undefined }),
            'idempotency-key':
              route === 'placeOrder' ? fc.option(idempotencyKey(world), { freq: 6, nil: undefined }) : none,
            'if-match': route === 'transition' ? fc.option(ifMatch, { freq: 2, nil: undefined }) : none,
            'if-none-match':
              route === 'getOrder' ? fc.option(ifNoneMatch, { freq: 2, nil: undefined }) : none,
          })
          .chain((optional) =>
            fc.option(strayHeader, { freq: 4, nil: undefined }).map((stray) => ({
              ...presentHeaders(optional),
              ...(stray !== undefined && { [stray[0]]: stray[1] }),
            })),
          ),
        body: routeFields === undefined ? none : objectBody(routeFields),
        contentType,
      })
      .map((parts) => attackOf(route, parts));
  });
}

function pathOf(route: RouteName): string {
  const paths: Partial<Record<RouteName, string>> = {
    signup: '/auth/signup',
    login: '/auth/login',
    me: '/users/me',
    createUser: '/users',
    listMenu: '/menu-items',
    createMenu: '/menu-items',
    placeOrder: '/orders',
    listOrders: '/orders',
  };
  const path = paths[route];
  if (path === undefined) throw new Error(`${route} has a path parameter`);
  return path;
}

/** Picks among these Authorization headers, the accepted ones four times as often. */
export function authorizationsOf(accepted: readonly string[], forged: readonly (string | undefined)[]) {
  const arbitraries: { weight: number; arbitrary: fc.Arbitrary<Authorization> }[] = [
    { weight: 1, arbitrary: fc.constantFrom(...forged).map((value) => ({ value, accepted: false })) },
  ];
  if (accepted.length > 0) {
    arbitraries.push({
      weight: 4,
      arbitrary: fc.constantFrom(...accepted).map((value) => ({ value, accepted: true })),
    });
  }
  return fc.oneof(...arbitraries);
}

/** Characters that pass for others: Cyrillic, Greek, full-width, the Kelvin sign, dotted and dotless i. */
const CONFUSABLES: Readonly<Record<string, readonly string[]>> = {
  a: ['\u0430', '\u03b1', '\uff41'],
  e: ['\u0435', '\uff45'],
  o: ['\u043e', '\u03bf', '0'],
  c: ['\u0441'],
  p: ['\u0440'],
  x: ['\u0445'],
  y: ['\u0443'],
  i: ['\u0456', '\u0131', '\u0130', '1', 'l'],
  k: ['\u212a', '\u043a', 'K'],
  m: ['\uff4d', 'rn'],
  l: ['\u04cf', '1', 'I'],
  t: ['\u0442'],
  v: ['\u03bd', '\u0475'],
  '@': ['\uff20', '\ufe6b'],
  '.': ['\u2024', '\uff0e', '\u3002'],
};

/** Zero-width characters, soft hyphen, bidi controls: invisible when the address is shown. */
const INVISIBLES = ['\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u00ad', '\u180e', '\u200e', '\u200f'];
const COMBINING_MARKS = ['\u0301', '\u0308', '\u0336', '\u0323'];
/** What String.prototype.trim removes: Unicode White_Space and the BOM. */
const EDGE_SPACES = [' ', '\t', '\n', '\u00a0', '\u3000', '\u2003', '\ufeff', '\u2028'];

type Step =
  | 'confusable'
  | 'invisible'
  | 'combining mark'
  | 'right-to-left override'
  | 'space around'
  | 'space inside'
  | 'upper-case letter'
  | 'upper-case all'
  | 'lone surrogate'
  | 'plus tag'
  | 'dot dropped'
  | 'trailing dot';

const STEPS: readonly Step[] = [
  'confusable',
  'invisible',
  'combining mark',
  'right-to-left override',
  'space around',
  'space inside',
  'upper-case letter',
  'upper-case all',
  'lone surrogate',
  'plus tag',
  'dot dropped',
  'trailing dot',
];

const pick = <T>(list: readonly T[], n: number): T => list[n % list.length] as T;
const insertAt = (s: string, at: number, what: string) => s.slice(0, at) + what + s.slice(at);

function applyStep(email: string, step: Step, n: number): string {
  const at = n % (email.length + 1);
  switch (step) {
    case 'confusable': {
      const positions = [...email].flatMap((char, i) => (CONFUSABLES[char] === undefined ? [] : [i]));
      if (positions.length === 0) return email;
      const chars = [...email];
      const i = pick(positions, n);
      chars[i] = pick(CONFUSABLES[chars[i] as string] as readonly string[], n >> 4);
      return chars.join('');
    }
    case 'invisible':
      return insertAt(email, at, pick(INVISIBLES, n >> 4));
    case 'combining mark':
      return insertAt(email, Math.max(at, 1), pick(COMBINING_MARKS, n >> 4));
    case 'right-to-left override':
      return `${insertAt(email, at, '\u202e')}\u202c`;
    case 'space around':
      return n % 2 === 0 ? pick(EDGE_SPACES, n >> 1) + email : email + pick(EDGE_SPACES, n >> 1);
    case 'space inside':
      return insertAt(email, Math.min(Math.max(at, 1), email.length - 1), ' ');
    case 'upper-case letter':
      return email.slice(0, at) + email.charAt(at).toUpperCase() + email.slice(at + 1);
    case 'upper-case all':
      return email.toUpperCase();
    case 'lone surrogate':
      return insertAt(email, at, n % 2 === 0 ? '\ud800' : '\udfff');
    case 'plus tag':
      return email.replace('@', `+${n % 100}@`);
    case 'dot dropped':
      return email.replace('.', '');
    case 'trailing dot':
      return `${email}.`;
  }
}

/** Addresses made from `email` by one to three look-alike steps, with the steps that made them. */
export function lookalikes(
  email: string,
): fc.Arbitrary<{ readonly steps: string[]; readonly email: string }> {
  return fc
    .array(fc.tuple(fc.constantFrom(...STEPS), fc.nat()), { minLength: 1, maxLength: 3 })
    .map((steps) => ({
      steps: steps.map(([step]) => step),
      email: steps.reduce((current, [step, n]) => applyStep(current, step, n), email),
    }));
}
