import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { expectProblem, pointersOf } from './support/problems.ts';
import { rawExchange } from './support/raw-http.ts';
import { type Caller, PASSWORD, TestWorld } from './support/test-app.ts';

describe('strict input', () => {
  let world: TestWorld;
  let port: number;
  let customer: Caller;
  let admin: Caller;

  beforeAll(async () => {
    world = await TestWorld.start();
    await world.app.listen({ host: '127.0.0.1', port: 0 });
    port = (world.app.server.address() as AddressInfo).port;
    customer = await world.caller('customer');
    admin = await world.caller('admin');
  });
  afterAll(() => world.close());

  describe('headers sent twice', () => {
    const raw = (headers: string) =>
      rawExchange(port, [`GET /users/me HTTP/1.1\r\nHost: x\r\nConnection: close\r\n${headers}\r\n`]);

    test.each([
      [
        'Authorization',
        (token: string) => `Authorization: Bearer ${token}\r\nauthorization: Bearer ${token}\r\n`,
      ],
      [
        'Idempotency-Key',
        (token: string) => `Authorization: Bearer ${token}\r\nIdempotency-Key: a\r\nIdempotency-Key: b\r\n`,
      ],
      [
        'Content-Type',
        (token: string) =>
          `Authorization: Bearer ${token}\r\nContent-Type: application/json\r\nContent-Type: text/plain\r\n`,
      ],
      ['Host', (token: string) => `Authorization: Bearer ${token}\r\nHost: y\r\n`],
    ])('a repeated %s is 400 pointing at it', async (name, headers) => {
      const response = await raw(headers(customer.token));
      expect(response.status, response.body).toBe(400);
      const problem = JSON.parse(response.body);
      expect(problem).toMatchObject({
        code: 'VALIDATION_FAILED',
        requestId: response.headers['x-request-id'],
      });
      expect(problem.errors).toEqual([
        { pointer: `/headers/${name.toLowerCase()}`, message: 'must be sent once' },
      ]);
    });

    test('each sent once is served', async () => {
      const response = await raw(`Authorization: Bearer ${customer.token}\r\nIdempotency-Key: a\r\n`);
      expect(response.status, response.body).toBe(200);
    });

    test('other headers as long as one of them may be repeated', async () => {
      const twice = 'Cache-Control: no-cache\r\ncache-control: max-age=0\r\nFrom: a@x.io\r\nFROM: b@x.io\r\n';
      const response = await raw(`Authorization: Bearer ${customer.token}\r\n${twice}`);
      expect(response.status, response.body).toBe(200);
    });
  });

  describe('HTTP/1.1 framing Node would refuse with a bare status', () => {
    const raw = (request: string) => rawExchange(port, [request]);

    test('an HTTP/1.1 request without Host is a 400 problem pointing at it', async () => {
      const response = await raw('GET /health/live HTTP/1.1\r\nConnection: close\r\n\r\n');
      expect(response.status, response.body).toBe(400);
      expect(response.headers['content-type']).toBe('application/problem+json; charset=utf-8');
      expect(JSON.parse(response.body)).toMatchObject({
        code: 'VALIDATION_FAILED',
        requestId: response.headers['x-request-id'],
        errors: [{ pointer: '/headers/host', message: 'is required in HTTP/1.1' }],
      });
    });

    test('HTTP/1.0 needs no Host and has no expectations, and HTTP/1.1 with a Host is served', async () => {
      expect((await raw('GET /health/live HTTP/1.0\r\n\r\n')).status).toBe(200);
      expect((await raw('GET /health/live HTTP/1.0\r\nExpect: x\r\n\r\n')).status).toBe(200);
      expect((await raw('GET /health/live HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')).status).toBe(
        200,
      );
    });

    test.each(['200-ok', 'x'])('Expect: %s is a 400 problem, and nothing is done', async (expectation) => {
      const body = '{"name":"Expected soup","priceCents":450}';
      const response = await raw(
        `POST /menu-items HTTP/1.1\r\nHost: x\r\nConnection: close\r\nAuthorization: Bearer ${admin.token}\r\n` +
          `Content-Type: application/json\r\nContent-Length: ${body.length}\r\nExpect: ${expectation}\r\n\r\n${body}`,
      );
      expect(response.status, response.body).toBe(400);
      expect(JSON.parse(response.body)).toMatchObject({
        code: 'VALIDATION_FAILED',
        requestId: response.headers['x-request-id'],
        errors: [{ pointer: '/headers/expect', message: 'can only be 100-continue' }],
      });
      const menu = await world.inject({ method: 'GET', url: '/menu-items', headers: customer.headers });
      expect(menu.body).not.toContain('Expected soup');
    });

    test('Expect: 100-continue is met: Node answers 100, then the request is served', async () => {
      const response = await raw(
        'GET /health/live HTTP/1.1\r\nHost: x\r\nConnection: close\r\nExpect: 100-continue\r\n\r\n',
      );
      expect(response.status).toBe(100);
      expect(response.body).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    });
  });

  describe('bodies are UTF-8 JSON', () => {
    const post = (payload: Buffer | string, contentType: string) =>
      world.inject({
        method: 'POST',
        url: '/menu-items',
        headers: { ...admin.headers, 'content-type': contentType },
        payload,
      });

    test('bytes that are not UTF-8 are 400, not stored as U+FFFD', async () => {
      const body = Buffer.concat([
        Buffer.from('{"name":"Caf'),
        Buffer.from([0xe9]),
        Buffer.from('","priceCents":1}'),
      ]);
      const problem = expectProblem(await post(body, 'application/json'), 400, 'VALIDATION_FAILED');
      expect(problem.errors).toEqual([{ pointer: '', message: 'must be valid UTF-8' }]);
    });

    test.each(['iso-8859-1', 'utf-16', '"windows-1252"'])('charset=%s is 415', async (charset) => {
      expectProblem(
        await post('{"name":"Soup","priceCents":1}', `application/json; charset=${charset}`),
        415,
        'UNSUPPORTED_MEDIA_TYPE',
      );
    });

    test.each(['utf-8', 'UTF-8', '"utf-8"'])('charset=%s is read', async (charset) => {
      const response = await post('{"name":"Café","priceCents":1}', `application/json; charset=${charset}`);
      expect(response.statusCode, response.body).toBe(201);
      expect(response.json().menuItem.name).toBe('Café');
    });
  });

  describe('text is what it will be read back as', () => {
    test.each([
      [
        'a menu item name',
        '/menu-items',
        () => admin,
        (text: string) => ({ name: text, priceCents: 100 }),
        '/name',
      ],
      [
        'a sign-up name',
        '/auth/signup',
        () => undefined,
        (text: string) => ({ email: 'surrogate@example.com', password: PASSWORD, name: text }),
        '/name',
      ],
      [
        'a sign-up password',
        '/auth/signup',
        () => undefined,
        (text: string) => ({ email: 'surrogate@example.com', password: `${text}-password`, name: 'Sue' }),
        '/password',
      ],
    ])('a lone surrogate in %s is 400', async (_what, url, who, body, pointer) => {
      const caller = who();
      const response = await world.inject({
        method: 'POST',
        url,
        headers: { ...caller?.headers, 'content-type': 'application/json' },
        payload: JSON.stringify(body('a\ud800b')),
      });
      expect(pointersOf(expectProblem(response, 400, 'VALIDATION_FAILED'))).toEqual([pointer]);
    });

    test('a lone surrogate in an order note is 400; a whole surrogate pair is kept', async () => {
      const item = await world.menuItem();
      const place = (note: string, key: string) =>
        world.inject({
          method: 'POST',
          url: '/orders',
          headers: { ...customer.headers, 'idempotency-key': key, 'content-type': 'application/json' },
          payload: JSON.stringify({ items: [{ menuItemId: item.id, quantity: 1 }], note }),
        });
      expect(pointersOf(expectProblem(await place('a\ud800b', 'lone-1'), 400, 'VALIDATION_FAILED'))).toEqual([
        '/note',
      ]);
      const kept = await place('pizza 🍕', 'pair-1');
      expect(kept.statusCode).toBe(201);
      expect(kept.json().order.note).toBe('pizza 🍕');
    });

    test.each(['\u200b', '\u202e', '\u2060', '\ufeff'])(
      'an email with the format character %j is 400',
      async (cf) => {
        const response = await world.inject({
          method: 'POST',
          url: '/auth/signup',
          payload: { email: `vic${cf}tim@example.com`, password: PASSWORD, name: 'Twin' },
        });
        expect(pointersOf(expectProblem(response, 400, 'VALIDATION_FAILED'))).toEqual(['/email']);
      },
    );

    test.each(['\u200b', '\u200b\u2060', '\u0301'])(
      'a reason of only %j is 400: it says nothing',
      async (reason) => {
        const order = await world.placedOrder<{ id: string }>(customer);
        const response = await world.inject({
          method: 'PATCH',
          url: `/orders/${order.id}/status`,
          headers: admin.headers,
          payload: { status: 'READY', reason },
        });
        expect(pointersOf(expectProblem(response, 400, 'VALIDATION_FAILED'))).toEqual(['/reason']);
      },
    );
  });

  describe('passwords are compared in Unicode normal form C', () => {
    const nfc = 'caf\u00e9-au-lait';
    const nfd = 'cafe\u0301-au-lait';

    test.each([
      ['NFC', nfc, 'NFD', nfd, 'nfc-first@example.com'],
      ['NFD', nfd, 'NFC', nfc, 'nfd-first@example.com'],
    ])('set in %s, logs in with %s', async (_set, setAs, _login, loginAs, email) => {
      const signup = await world.inject({
        method: 'POST',
        url: '/auth/signup',
        payload: { email, password: setAs, name: 'Ann' },
      });
      expect(signup.statusCode, signup.body).toBe(201);
      for (const password of [loginAs, setAs]) {
        const login = await world.inject({
          method: 'POST',
          url: '/auth/login',
          payload: { email, password },
        });
        expect(login.statusCode, login.body).toBe(200);
      }
    });
  });

  describe('ids in either case', () => {
    test('an upper-case order id reads, changes and lists the order, answered in lower case', async () => {
      const item = await world.menuItem();
      const placed = await world.inject({
        method: 'POST',
        url: '/orders',
        headers: { ...customer.headers, 'idempotency-key': 'upper-1' },
        payload: { items: [{ menuItemId: item.id.toUpperCase(), quantity: 1 }] },
      });
      expect(placed.statusCode, placed.body).toBe(201);
      const order = placed.json().order;
      expect(order.items[0].menuItemId).toBe(item.id);
      const upper = order.id.toUpperCase();
      expect(upper).not.toBe(order.id);

      const read = await world.inject({ method: 'GET', url: `/orders/${upper}`, headers: customer.headers });
      expect([read.statusCode, read.json().order.id]).toEqual([200, order.id]);
      const moved = await world.inject({
        method: 'PATCH',
        url: `/orders/${upper}/status`,
        headers: admin.headers,
        payload: { status: 'CONFIRMED' },
      });
      expect([moved.statusCode, moved.json().order.id]).toEqual([200, order.id]);
      const listed = await world.inject({
        method: 'GET',
        url: `/orders?customerId=${customer.user.id.toUpperCase()}`,
        headers: admin.headers,
      });
      expect(listed.json().items.map((o: { id: string }) => o.id)).toContain(order.id);
    });

    test('an upper-case menu item id changes the item', async () => {
      const item = await world.menuItem();
      const response = await world.inject({
        method: 'PATCH',
        url: `/menu-items/${item.id.toUpperCase()}`,
        headers: admin.headers,
        payload: { priceCents: 555 },
      });
      expect([response.statusCode, response.json().menuItem.id]).toEqual([200, item.id]);
    });
  });
});
