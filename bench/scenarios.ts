// The measured routes: what autocannon sends, varied per request by setupRequest.
import type autocannon from 'autocannon';
import { type Customer, orderBody } from './api.ts';
import type { Scenario } from './measure.ts';

/** Round robin, so consecutive requests come from different customers. */
export function cycle<T>(items: readonly T[]): () => T {
  let i = 0;
  return () => items[i++ % items.length] as T;
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const JSON_BODY = { 'content-type': 'application/json' };

/** A route of one kind of request, each made by the function `start` returns anew for every run. */
function oneRequest(route: string, start: () => () => Partial<autocannon.Request>): Scenario {
  return {
    route,
    requests: () => {
      const next = start();
      return [{ setupRequest: (request) => ({ ...request, ...next() }) }];
    },
  };
}

/** A customer reads one of their own orders, round robin over all seeded orders. */
export function getOrder(customers: readonly Customer[]): Scenario {
  const reads = customers.flatMap((c) => c.orderIds.map((id) => ({ id, token: c.token })));
  return oneRequest('GET /orders/:id', () => {
    const next = cycle(reads);
    return () => {
      const { id, token } = next();
      return { method: 'GET', path: `/orders/${id}`, headers: bearer(token) };
    };
  });
}

/** A customer's newest page of 20 (every customer has more). */
export function listOrders(customers: readonly Customer[]): Scenario {
  return oneRequest('GET /orders?limit=20', () => {
    const next = cycle(customers);
    return () => ({ method: 'GET', path: '/orders?limit=20', headers: bearer(next().token) });
  });
}

/** Three items and a note, a new Idempotency-Key per request, customers in turn. */
export function placeOrder(customers: readonly Customer[], menuItemIds: readonly string[], tag: string) {
  const bodies = Array.from({ length: 16 }, (_, n) => JSON.stringify(orderBody(menuItemIds, n)));
  let sequence = 0;
  return oneRequest('POST /orders', () => {
    const [customer, body] = [cycle(customers), cycle(bodies)];
    const key = () => ({ 'idempotency-key': `${tag}-${sequence++}` });
    return () => ({
      method: 'POST',
      path: '/orders',
      headers: { ...bearer(customer().token), ...JSON_BODY, ...key() },
      body: body(),
    });
  });
}

/** The right password, customers in turn: one argon2id verification each. */
export function logIn(customers: readonly Customer[]): Scenario {
  const bodies = customers.map(({ email, password }) => JSON.stringify({ email, password }));
  return oneRequest('POST /auth/login', () => {
    const next = cycle(bodies);
    return () => ({ method: 'POST', path: '/auth/login', headers: JSON_BODY, body: next() });
  });
}

/** The statuses a chain sets, in turn, on an order in CREATED. */
export const CHAIN = ['CONFIRMED', 'PREPARING', 'READY'] as const;

/** Order ids handed out once each (a transition happens once), or over and over (the ceiling). */
export function supply(ids: readonly string[], repeat = false) {
  let i = 0;
  return {
    next: (): string | undefined => (repeat ? ids[i++ % ids.length] : ids[i++]),
    remaining: () => (repeat ? Infinity : ids.length - i),
  };
}

/**
 * The kitchen walks each prepared CREATED order CONFIRMED → PREPARING → READY, three requests
 * on one connection, each after the previous answered: every request a real, successful
 * compare-and-set on an order with one to three history entries.
 */
export function transitionChains(ids: ReturnType<typeof supply>, kitchenToken: string): Scenario {
  return {
    route: 'PATCH /orders/:id/status',
    requests: () =>
      CHAIN.map((status, step) => ({
        method: 'PATCH' as const,
        setupRequest: (request: autocannon.Request, context: { orderId?: string | undefined }) => {
          // autocannon gives each pass over the three requests a fresh context.
          if (step === 0) context.orderId = ids.next();
          const path = `/orders/${context.orderId}/status`;
          return {
            ...request,
            path,
            headers: { ...bearer(kitchenToken), ...JSON_BODY },
            body: JSON.stringify({ status }),
          };
        },
      })),
    // Each connection may start a chain it cannot finish before autocannon's count stops it.
    capacity: (connections) => Math.max(0, (ids.remaining() - connections) * CHAIN.length),
  };
}
