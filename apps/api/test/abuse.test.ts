import { randomUUID } from 'node:crypto';
import type { UserId } from '@food-oms/domain';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Attack,
  type Attacker,
  attackOf,
  attacks,
  authorizationsOf,
  objectText,
  ROUTES,
  type RouteName,
  targets,
} from './support/abuse-arbitraries.ts';
import { checkLoneSurrogates, checkLookalikes } from './support/abuse-emails.ts';
import { expectSoundReply, header, ordersIn, problemShape, type Reply } from './support/abuse-oracle.ts';
import {
  type AbuseRequest,
  type AbuseWorld,
  acceptedAuthorizations,
  expectUntouched,
  forgedAuthorizations,
  type Snapshot,
  secretsOf,
  snapshotOf,
  startAbuseWorld,
} from './support/abuse-world.ts';

// The security suite of issue 7: generated hostile requests against the real composition
// root (in-memory store, real argon2 and JWTs), each one checked against docs/api.md, while a
// victim customer's data is compared with a snapshot after every single request.

/** Object.prototype and friends as they were before any request, to prove none pollutes them. */
function prototypeState() {
  return [Object.prototype, Array.prototype, Function.prototype, String.prototype].map((proto) =>
    Object.getOwnPropertyNames(proto)
      .sort()
      .map((name) => [name, Object.getOwnPropertyDescriptor(proto, name)]),
  );
}
const PROTOTYPES_BEFORE = prototypeState();

type Role = 'customer' | 'kitchen' | 'admin';

/** Every route behind a token, the ones holding other people's orders twice as often. */
const PROTECTED_ROUTES: readonly RouteName[] = [
  'me',
  'createUser',
  'listMenu',
  'createMenu',
  'updateMenu',
  'placeOrder',
  'getOrder',
  'transition',
  'listOrders',
  'placeOrder',
  'getOrder',
  'transition',
  'listOrders',
];

/** Status classes seen by a property, so it can prove it reached both sides of validation. */
class Tally {
  successes = 0;
  problems = 0;

  count(reply: Reply): void {
    if (reply.statusCode < 400) this.successes += 1;
    else this.problems += 1;
  }
}

function expectCode(reply: Reply, status: number, code: string): void {
  expect({ status: reply.statusCode, code: JSON.parse(reply.body).code }).toEqual({ status, code });
}

/** The gate of docs/api.md that runs before a body is read: no valid token 401, wrong role 403. */
function expectGate(attack: Attack, reply: Reply, role: Role | null): void {
  const roles = ROUTES[attack.route].roles;
  if (!attack.routed || roles === null) return;
  if (role === null || !attack.authorization.accepted) expectCode(reply, 401, 'UNAUTHENTICATED');
  else if (!roles.includes(role)) expectCode(reply, 403, 'FORBIDDEN');
}

/** The claims of a token the API issued (it is ours, so no need to verify it here). */
function claimsOf(token: string): { sub: string; role: string } {
  return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8'));
}

function jsonRequest(method: string, url: string, payload: string, headers: Record<string, string> = {}) {
  return { method, url, headers: { 'content-type': 'application/json', ...headers }, payload };
}

describe('abuse of the public API through the real composition root', () => {
  let world: AbuseWorld;
  let before: Snapshot;
  let forged: (string | undefined)[];
  /** Nothing a client sends can make these appear in a reply: hashes, the victim's secrets. */
  let secrets: string[];

  beforeAll(async () => {
    world = await startAbuseWorld({});
    before = await snapshotOf(world);
    forged = await forgedAuthorizations(world);
    secrets = secretsOf(world, before);
  });
  afterAll(async () => {
    await world?.api.stop();
  });

  const untouched = (options: { menu: boolean }) => expectUntouched(world, before, options);

  function soundReply(
    attack: Attack | { request: AbuseRequest; routed: boolean; route?: RouteName },
    reply: Reply,
  ) {
    const kinds = attack.routed && attack.route !== undefined ? ROUTES[attack.route].kinds : undefined;
    return expectSoundReply(reply, {
      requestId: attack.request.headers['x-request-id'],
      kinds,
      method: attack.request.method,
      secrets,
    });
  }

  it('without a genuine token every protected route is 401, whatever else the request carries', async () => {
    const attacker: Attacker = {
      authorizations: authorizationsOf([], forged),
      routes: PROTECTED_ROUTES,
      orders: targets([...Object.values(world.victimOrders), ...world.attackerOrders], []),
    };
    const tally = new Tally();
    await fc.assert(
      fc.asyncProperty(attacks(world, attacker), async (attack) => {
        const reply = await world.send(attack.request);
        soundReply(attack, reply);
        expectGate(attack, reply, null);
        tally.count(reply);
        await untouched({ menu: true });
      }),
      { numRuns: 300 },
    );
    // Not one request, whatever path spelling or method it used, got past the gate.
    expect(tally.successes).toBe(0);
  });

  it('sign-up and log-in take any body and any header: never a 5xx, never more than a customer, never someone else’s token', async () => {
    const attacker: Attacker = {
      authorizations: authorizationsOf(acceptedAuthorizations(world.attacker.token), forged),
      routes: ['signup', 'login'],
      orders: targets([], []),
    };
    const wellFormed = (route: 'signup' | 'login', body: Record<string, string>): [Attack] => [
      attackOf(route, {
        method: 'POST',
        query: '',
        authorization: { value: undefined, accepted: false },
        headers: {},
        body: JSON.stringify(body),
        contentType: 'application/json',
      }),
    ];
    const tally = new Tally();
    await fc.assert(
      fc.asyncProperty(attacks(world, attacker), async (attack) => {
        const reply = await world.send(attack.request);
        const body = soundReply(attack, reply);
        if (attack.routed && attack.route === 'signup' && reply.statusCode === 201) {
          // Self-service accounts are customers, whatever `role` or other member was smuggled in.
          expect(body.user.role).toBe('customer');
        }
        if (attack.routed && attack.route === 'login' && reply.statusCode === 200) {
          // The generator never sends the victim's password: only the attacker's account can open.
          expect(claimsOf(body.accessToken)).toMatchObject({ sub: world.attacker.id, role: 'customer' });
        }
        tally.count(reply);
        await untouched({ menu: true });
      }),
      {
        // Each well-formed request costs an argon2 hash or verify: few runs, and one well-formed
        // request of each route among them, so successes are checked whatever the seed.
        numRuns: 60,
        examples: [
          wellFormed('signup', { email: 'well-formed@abuse.example', password: 'well-formed-1', name: 'W' }),
          wellFormed('login', { email: world.attacker.email, password: world.attacker.password }),
        ],
      },
    );
    expect(tally.successes).toBeGreaterThan(0);
    expect(tally.problems).toBeGreaterThan(0);
  });

  /**
   * A customer's request on the victim's order, answered exactly as the same request on an
   * order that does not exist (docs/api.md: 404, never reveal existence): same status, code,
   * detail and errors, and no ETag.
   */
  async function expectAnsweredAsMissing(attack: Attack, reply: Reply): Promise<void> {
    expect(reply.statusCode).toBeGreaterThanOrEqual(400);
    const target = attack.target?.segment ?? '';
    const twin = await world.send({
      ...attack.request,
      url: attack.request.url.replace(target, randomUUID()),
    });
    expect(problemShape(reply)).toEqual(problemShape(twin));
    expect(header(reply, 'etag')).toBeUndefined();
  }

  it('a customer never reads, changes or learns of another customer’s orders', async () => {
    const { attacker } = world;
    const customer: Attacker = {
      authorizations: authorizationsOf(acceptedAuthorizations(attacker.token), forged),
      routes: PROTECTED_ROUTES,
      orders: targets(world.attackerOrders, Object.values(world.victimOrders)),
    };
    // The victim's own requests, key and body, sent by the attacker: run every time, as the
    // worst a key shared across customers could do is replay the victim's order to it.
    const asAttacker = { value: `Bearer ${attacker.token}`, accepted: true };
    const examples = world.victimPlacements.map(({ key, body }): [Attack] => [
      attackOf('placeOrder', {
        method: 'POST',
        query: '',
        authorization: asAttacker,
        headers: { 'idempotency-key': key },
        body,
        contentType: 'application/json',
      }),
    ]);
    const tally = new Tally();
    await fc.assert(
      fc.asyncProperty(attacks(world, customer), async (attack) => {
        const reply = await world.send(attack.request);
        const body = soundReply(attack, reply);
        expectGate(attack, reply, 'customer');
        // Replays included: an Idempotency-Key the victim used must never hand over the victim's order.
        for (const order of ordersIn(body)) expect(order.customerId).toBe(attacker.id);
        if (attack.target?.victim === true) await expectAnsweredAsMissing(attack, reply);
        tally.count(reply);
        await untouched({ menu: true });
      }),
      { numRuns: 600, examples },
    );
    expect(tally.successes).toBeGreaterThan(0);
    expect(tally.problems).toBeGreaterThan(0);
  });

  it('whatever a customer sends about the victim’s orders, the answer is the one for an order that does not exist', async () => {
    const { attacker, victimOrders } = world;
    const asAttacker = { value: `Bearer ${attacker.token}`, accepted: true };
    const versionOf = (id: string) => before.victimOrders.find((order) => order.id === id)?.version;
    // What would work if ownership were not checked, run every time: a cancel of each order,
    // with and without its current If-Match, and a read of it with and without its ETag.
    const examples = Object.values(victimOrders).flatMap((id) => {
      const target = { segment: id, victim: true, routed: true };
      const tag = `"v${versionOf(id)}"`;
      const cancel = { method: 'PATCH', target, query: '', authorization: asAttacker };
      const cancelBody = { body: '{"status":"CANCELLED"}', contentType: 'application/json' };
      const read = { method: 'GET', target, query: '', authorization: asAttacker };
      return [
        attackOf('transition', { ...cancel, ...cancelBody, headers: {} }),
        attackOf('transition', { ...cancel, ...cancelBody, headers: { 'if-match': tag } }),
        attackOf('getOrder', { ...read, headers: {} }),
        attackOf('getOrder', { ...read, headers: { 'if-none-match': tag } }),
      ].map((attack): [Attack] => [attack]);
    });
    const prober: Attacker = {
      authorizations: authorizationsOf(acceptedAuthorizations(attacker.token), forged),
      routes: ['getOrder', 'transition'],
      orders: targets([], Object.values(victimOrders)),
    };
    await fc.assert(
      fc.asyncProperty(attacks(world, prober), async (attack) => {
        const reply = await world.send(attack.request);
        soundReply(attack, reply);
        expectGate(attack, reply, 'customer');
        if (attack.target?.victim === true) await expectAnsweredAsMissing(attack, reply);
        await untouched({ menu: true });
      }),
      { numRuns: 250, examples },
    );
  });

  it('the kitchen cannot move the orders the lifecycle has closed to it, nor act as a customer or an admin', async () => {
    const { kitchen, victimOrders } = world;
    const attackerOrders = (
      await world.api.store.orders.list({ customerId: world.attacker.id as UserId, limit: 100 })
    ).map((order) => order.id);
    const staff: Attacker = {
      authorizations: authorizationsOf(acceptedAuthorizations(kitchen.token), forged),
      routes: PROTECTED_ROUTES,
      // READY and CANCELLED have no kitchen edge (docs/api.md "Orders and their state machine"); the victim's other orders are the kitchen's to move.
      orders: targets(attackerOrders, [victimOrders.READY, victimOrders.CANCELLED]),
    };
    // Every move out of READY and CANCELLED, plain and as an override with a reason, run every time.
    const asKitchen = { value: `Bearer ${kitchen.token}`, accepted: true };
    const examples = [victimOrders.READY, victimOrders.CANCELLED].flatMap((id) =>
      ['CREATED', 'CONFIRMED', 'PREPARING', 'READY', 'CANCELLED'].flatMap((status) =>
        [{ status }, { status, reason: 'the kitchen says so' }].map((body): [Attack] => [
          attackOf('transition', {
            method: 'PATCH',
            target: { segment: id, victim: true, routed: true },
            query: '',
            authorization: asKitchen,
            headers: {},
            body: JSON.stringify(body),
            contentType: 'application/json',
          }),
        ]),
      ),
    );
    const tally = new Tally();
    await fc.assert(
      fc.asyncProperty(attacks(world, staff), async (attack) => {
        const reply = await world.send(attack.request);
        soundReply(attack, reply);
        expectGate(attack, reply, 'kitchen');
        if (attack.target?.victim === true && attack.route === 'transition') {
          expect(reply.statusCode).toBeGreaterThanOrEqual(400);
        }
        tally.count(reply);
        await untouched({ menu: true });
      }),
      { numRuns: 300, examples },
    );
    expect(tally.successes).toBeGreaterThan(0);
    expect(tally.problems).toBeGreaterThan(0);
  });

  it('an admin fuzzing accounts and the menu leaves every existing account and every order alone', async () => {
    const { admin } = world;
    const allOrders = [...Object.values(world.victimOrders), ...world.attackerOrders];
    const operator: Attacker = {
      authorizations: authorizationsOf(acceptedAuthorizations(admin.token), forged),
      // Not PATCH /orders/:id/status: moving anyone's order is an admin's right (docs/api.md "Orders and their state machine").
      routes: [
        'me',
        'createUser',
        'listMenu',
        'createMenu',
        'updateMenu',
        'updateMenu',
        'getOrder',
        'listOrders',
        'placeOrder',
      ],
      orders: targets(allOrders, []),
    };
    const tally = new Tally();
    await fc.assert(
      fc.asyncProperty(attacks(world, operator), async (attack) => {
        const reply = await world.send(attack.request);
        const body = soundReply(attack, reply);
        expectGate(attack, reply, 'admin');
        if (attack.routed && attack.route === 'createUser' && reply.statusCode === 201) {
          expect(before.users.map((found) => found?.user.email)).not.toContain(body.user.email);
        }
        tally.count(reply);
        await untouched({ menu: false });
      }),
      // POST /users hashes each valid password with argon2, so fewer runs than the read-mostly properties.
      { numRuns: 150 },
    );
    expect(tally.successes).toBeGreaterThan(0);
    expect(tally.problems).toBeGreaterThan(0);
    // The admin's changes were the admin's right; from here on they are the menu nobody else may touch.
    before = { ...before, menu: await world.api.store.menu.list() };
  });

  it('look-alike emails are other addresses: only the canonical one collides, none logs in as the victim', async () => {
    // Up to three argon2 operations per run: few runs, and the same-address spellings always among them.
    await checkLookalikes(world, {
      numRuns: 25,
      secrets,
      untouched: () => untouched({ menu: true }),
    });
  });

  it('an address with a lone surrogate is refused, and never logs in as the one with U+FFFD', async () => {
    await checkLoneSurrogates(world);
  });

  describe('the nastiest known payloads, every time', () => {
    const polluter = objectText([
      ['polluted', '"yes"'],
      ['role', '"admin"'],
    ]);
    /** Members that must make any body refused, each by a different trick. */
    const POISONS: readonly (readonly [string, (members: string) => string])[] = [
      ['__proto__ as a member', (members) => `{${members},"__proto__":${polluter}}`],
      [
        '__proto__ spelled with JSON escapes',
        (members) => `{${members},"\\u005f\\u005fproto\\u005f\\u005f":${polluter}}`,
      ],
      ['constructor.prototype', (members) => `{${members},"constructor":{"prototype":${polluter}}}`],
      [
        'constructor.prototype with escapes',
        (members) => `{${members},"constr\\u0075ctor":{"prot\\u006ftype":${polluter}}}`,
      ],
      ['__proto__ in a nested object', (members) => `{${members},"x":{"y":[{"__proto__":${polluter}}]}}`],
      [
        '__proto__ 2 500 levels down',
        (members) => `{${members},"x":${'{"a":'.repeat(2500)}{"__proto__":${polluter}}${'}'.repeat(2500)}}`,
      ],
    ];

    /** A valid request of each JSON route, as `members` of its body; the poison is added to it. */
    function routesWithBodies(): {
      name: string;
      method: string;
      url: string;
      members: string;
      headers: Record<string, string>;
    }[] {
      const { admin, attacker } = world;
      const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
      const [item] = world.menu.available as [string];
      return [
        {
          name: 'POST /auth/signup',
          method: 'POST',
          url: '/auth/signup',
          members: '"email":"poisoned@abuse.example","password":"poisoned-password","name":"P"',
          headers: {},
        },
        {
          name: 'POST /auth/login',
          method: 'POST',
          url: '/auth/login',
          members: `"email":${JSON.stringify(attacker.email)},"password":${JSON.stringify(attacker.password)}`,
          headers: {},
        },
        {
          name: 'POST /users',
          method: 'POST',
          url: '/users',
          members:
            '"email":"poisoned-staff@abuse.example","password":"poisoned-password","name":"P","role":"kitchen"',
          headers: bearer(admin.token),
        },
        {
          name: 'POST /menu-items',
          method: 'POST',
          url: '/menu-items',
          members: '"name":"Poison","priceCents":1',
          headers: bearer(admin.token),
        },
        {
          name: 'PATCH /menu-items/:id',
          method: 'PATCH',
          url: `/menu-items/${item}`,
          members: '"priceCents":1',
          headers: bearer(admin.token),
        },
        {
          name: 'POST /orders',
          method: 'POST',
          url: '/orders',
          members: `"items":[{"menuItemId":${JSON.stringify(item)},"quantity":1}]`,
          headers: { ...bearer(attacker.token), 'idempotency-key': 'poisoned' },
        },
        {
          name: 'PATCH /orders/:id/status',
          method: 'PATCH',
          url: `/orders/${world.attackerOrders[0]}/status`,
          members: '"status":"CANCELLED"',
          headers: bearer(attacker.token),
        },
      ];
    }

    it('prototype poisons in any body are refused with 400 and pollute nothing', async () => {
      const ordersBefore = await world.api.store.orders.list({ limit: 1000 });
      for (const route of routesWithBodies()) {
        for (const [poison, poisoned] of POISONS) {
          const request = jsonRequest(route.method, route.url, poisoned(route.members), route.headers);
          const reply = await world.send(request);
          soundReply({ request, routed: true }, reply);
          expect({ route: route.name, poison, code: JSON.parse(reply.body).code }).toEqual({
            route: route.name,
            poison,
            code: 'VALIDATION_FAILED',
          });
        }
      }
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect(({} as Record<string, unknown>).role).toBeUndefined();
      expect(prototypeState()).toEqual(PROTOTYPES_BEFORE);
      // Refused means refused: no account, no staff member, no menu item, no order, no change.
      expect(await world.api.store.users.findByEmail('poisoned@abuse.example')).toBeNull();
      expect(await world.api.store.users.findByEmail('poisoned-staff@abuse.example')).toBeNull();
      expect(await world.api.store.orders.list({ limit: 1000 })).toEqual(ordersBefore);
      await untouched({ menu: false });
      expect((await world.api.store.menu.list()).map((item) => item.name)).not.toContain('Poison');
    });

    it('prototype poisons and operators in the query string are refused with 400', async () => {
      const queries = [
        '__proto__[polluted]=yes',
        '__proto__.polluted=yes',
        '__proto__=polluted',
        'constructor[prototype][polluted]=yes',
        'constructor.prototype.polluted=yes',
        'status[$ne]=CANCELLED',
        'limit[$gt]=0',
        'customerId[$ne]=x',
        `customerId=${world.victim.id}&customerId=${world.attacker.id}`,
        'status=CREATED&status=READY',
      ];
      for (const query of queries) {
        const request = {
          method: 'GET',
          url: `/orders?${query}`,
          headers: { authorization: `Bearer ${world.attacker.token}` },
        };
        const reply = await world.send(request);
        soundReply({ request, routed: true, route: 'listOrders' }, reply);
        expect({ query, status: reply.statusCode }).toEqual({ query, status: 400 });
      }
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect(prototypeState()).toEqual(PROTOTYPES_BEFORE);
    });

    it('bodies past 16 KiB are 413 even when they are prototype poisons or operator soups', async () => {
      const big = `{"email":{"$ne":null},"password":{"$gt":""},"__proto__":${polluter},"pad":"${'x'.repeat(16 * 1024)}"}`;
      for (const url of ['/auth/signup', '/auth/login']) {
        const request = jsonRequest('POST', url, big);
        const reply = await world.send(request);
        soundReply({ request, routed: true }, reply);
        expectCode(reply, 413, 'PAYLOAD_TOO_LARGE');
      }
    });

    it('Object.prototype is exactly as it was before the first request of this file', () => {
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect(prototypeState()).toEqual(PROTOTYPES_BEFORE);
    });
  });
});
