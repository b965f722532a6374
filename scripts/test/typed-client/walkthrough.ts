// A client of food-oms as its users would write one: types generated from docs/openapi.json by
// openapi-typescript (into ./generated, by scripts/test/typed-client.test.ts), calls through
// openapi-fetch. The test type-checks this file (the @ts-expect-error lines must be errors)
// and then runs it against a real API at API_URL, whose bootstrap admin is admin@example.com.
import createClient from 'openapi-fetch';
import type { components, paths } from './generated/food-oms.d.ts';

type Problem = components['schemas']['Problem'];

const baseUrl = process.env.API_URL;
if (baseUrl === undefined) throw new Error('API_URL is not set');

// status=CREATED,CONFIRMED: the document's `style: form, explode: false` for lists.
const querySerializer = { array: { style: 'form', explode: false } } as const;
const anonymous = createClient<paths>({ baseUrl, querySerializer });
const as = (token: string) =>
  createClient<paths>({ baseUrl, querySerializer, headers: { authorization: `Bearer ${token}` } });

function expectStatus(what: string, response: Response, status: number): void {
  if (response.status !== status) throw new Error(`${what}: expected ${status}, got ${response.status}`);
}

function expectProblem(what: string, error: Problem | undefined, code: Problem['code']): void {
  if (error?.code !== code) throw new Error(`${what}: expected ${code}, got ${JSON.stringify(error)}`);
}

async function logIn(email: string, password: string): Promise<string> {
  const { data, response } = await anonymous.POST('/auth/login', { body: { email, password } });
  expectStatus(`log in ${email}`, response, 200);
  if (data?.tokenType !== 'Bearer') throw new Error('no Bearer token');
  return data.accessToken;
}

const signedUp = await anonymous.POST('/auth/signup', {
  body: { email: 'ann@example.com', password: 'ann-password', name: 'Ann' },
});
expectStatus('sign up', signedUp.response, 201);
const ann = signedUp.data?.user;
if (ann?.role !== 'customer') throw new Error('a sign-up is always a customer');

const customer = as(await logIn('ann@example.com', 'ann-password'));
const admin = as(await logIn('admin@example.com', 'change-me-please'));

const staff = await admin.POST('/users', {
  body: { email: 'kim@example.com', password: 'kim-password', name: 'Kim', role: 'kitchen' },
});
expectStatus('create the kitchen user', staff.response, 201);
const kitchen = as(await logIn('kim@example.com', 'kim-password'));

const created = await admin.POST('/menu-items', { body: { name: 'Tomato soup', priceCents: 650 } });
expectStatus('create a menu item', created.response, 201);
const soup = created.data?.menuItem;
if (soup === undefined) throw new Error('no menu item');

const body = { items: [{ menuItemId: soup.id, quantity: 2 }], note: 'no croutons' };
const key = { header: { 'idempotency-key': 'ann-order-001' } };
const placed = await customer.POST('/orders', { params: key, body });
expectStatus('place the order', placed.response, 201);
const order = placed.data?.order;
if (order === undefined || order.totalCents !== 1300) throw new Error('the server prices the order');

const replayed = await customer.POST('/orders', { params: key, body });
expectStatus('replay the order', replayed.response, 201);
if (replayed.response.headers.get('idempotent-replayed') !== 'true' || replayed.data?.order.id !== order.id) {
  throw new Error('the replay must answer the same order, marked Idempotent-Replayed');
}

const moved = await kitchen.PATCH('/orders/{id}/status', {
  params: { path: { id: order.id }, header: { 'if-match': `"v${order.version}"` } },
  body: { status: 'CONFIRMED' },
});
expectStatus('confirm as kitchen', moved.response, 200);
if (moved.data?.order.status !== 'CONFIRMED' || moved.data.order.version !== 2)
  throw new Error('not confirmed');

const page = await kitchen.GET('/orders', {
  params: { query: { status: ['CREATED', 'CONFIRMED'], limit: 20 } },
});
expectStatus('list a page', page.response, 200);
if (page.data?.items.map((listed) => listed.id).join() !== order.id || page.data.nextCursor !== null) {
  throw new Error(`the page must hold exactly the order: ${JSON.stringify(page.data)}`);
}

// What the types refuse, the server refuses too.
// @ts-expect-error POST /orders without its Idempotency-Key does not compile
const keyless = await customer.POST('/orders', { body });
expectStatus('an order without a key', keyless.response, 400);
expectProblem('an order without a key', keyless.error, 'MISSING_IDEMPOTENCY_KEY');

const wrongStatus = await kitchen.PATCH('/orders/{id}/status', {
  params: { path: { id: order.id } },
  // @ts-expect-error DELIVERED is not an order status
  body: { status: 'DELIVERED' },
});
expectStatus('a status that does not exist', wrongStatus.response, 400);
expectProblem('a status that does not exist', wrongStatus.error, 'VALIDATION_FAILED');

process.stdout.write(`${JSON.stringify({ ok: true, orderId: order.id, listed: page.data.items.length })}\n`);
