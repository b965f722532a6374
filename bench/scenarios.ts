import type autocannon from 'autocannon';
import { orderBody, type Read } from './seed.ts';

/** One measured route: the requests autocannon sends, varied per request by setupRequest. */
export interface Scenario {
  /** The route as the tables name it, e.g. "GET /orders/:id". */
  readonly route: string;
  /** What a successful answer is; anything else is counted as non-2xx or mismatch. */
  readonly expectedStatus: number;
  /** Fresh requests for one autocannon run (the warm-up, then the measurement). */
  requests(): autocannon.Request[];
  /** How many more requests it can supply with `connections` connections; absent means without end. */
  capacity?(connections: number): number;
}

const JSON_TYPE = 'application/json';

/** Order ids handed out once each: a status change can happen only once. */
export interface IdSource {
  next(): string;
  readonly remaining: number;
}

export function onceEach(ids: readonly string[]): IdSource {
  let index = 0;
  return {
    next() {
      const id = ids[index++];
      if (id === undefined) throw new Error('ran out of prepared orders');
      return id;
    },
    get remaining() {
      return ids.length - index;
    },
  };
}

/** The same ids over and over, for the ceiling, which changes nothing. */
export function cycling(ids: readonly string[]): IdSource {
  let index = 0;
  return {
    next: () => ids[index++ % ids.length] as string,
    remaining: Number.POSITIVE_INFINITY,
  };
}

/** Round robin over `items`, so consecutive requests come from different customers. */
function roundRobin<T>(items: readonly T[]): () => T {
  if (items.length === 0) throw new Error('nothing to send');
  let index = 0;
  return () => items[index++ % items.length] as T;
}

function bearer(token: string): string {
  return `Bearer ${token}`;
}

/** GET /orders/:id: a customer reading one of their own orders. */
export function getOrder(reads: readonly Read[]): Scenario {
  return {
    route: 'GET /orders/:id',
    expectedStatus: 200,
    requests() {
      const nextRead = roundRobin(reads);
      return [
        {
          method: 'GET',
          setupRequest(request) {
            const { token, id } = nextRead();
            request.path = `/orders/${id}`;
            request.headers = { ...request.headers, authorization: bearer(token) };
            return request;
          },
        },
      ];
    },
  };
}

/** GET /orders?limit=20: a customer's newest page (every customer has more than 20 orders). */
export function listOrders(tokens: readonly string[]): Scenario {
  return {
    route: 'GET /orders?limit=20',
    expectedStatus: 200,
    requests() {
      const nextToken = roundRobin(tokens);
      return [
        {
          method: 'GET',
          path: '/orders?limit=20',
          setupRequest(request) {
            request.headers = { ...request.headers, authorization: bearer(nextToken()) };
            return request;
          },
        },
      ];
    },
  };
}

/** POST /orders: three items, a new Idempotency-Key per request, customers in turn. */
export function placeOrder(options: {
  readonly tokens: readonly string[];
  readonly menuItemIds: readonly string[];
  /** Keeps keys unique across runs that share a database. */
  readonly keyPrefix: string;
}): Scenario {
  // A handful of distinct bodies, built once: the client should spend its CPU sending.
  const bodies = Array.from({ length: 16 }, (_, n) => orderBody(options.menuItemIds, n));
  let sequence = 0;
  return {
    route: 'POST /orders',
    expectedStatus: 201,
    requests() {
      const nextToken = roundRobin(options.tokens);
      const nextBody = roundRobin(bodies);
      return [
        {
          method: 'POST',
          path: '/orders',
          setupRequest(request) {
            request.headers = {
              ...request.headers,
              authorization: bearer(nextToken()),
              'content-type': JSON_TYPE,
              'idempotency-key': `${options.keyPrefix}-${sequence++}`,
            };
            request.body = nextBody();
            return request;
          },
        },
      ];
    },
  };
}

/** The statuses a transition chain sets, in turn, on an order in CREATED: one request each. */
export const CHAIN = ['CONFIRMED', 'PREPARING', 'READY'] as const;

/**
 * PATCH /orders/:id/status by the kitchen. A transition happens once per order and state, so
 * each connection takes a prepared CREATED order and walks it CONFIRMED → PREPARING → READY
 * (three requests, each after the previous answered), then takes the next order. Every
 * request is a real, successful compare-and-set on an order with 1–3 history entries.
 */
export function transitionChains(ids: IdSource, kitchenToken: string): Scenario {
  const bodies = CHAIN.map((status) => JSON.stringify({ status }));
  return {
    route: 'PATCH /orders/:id/status',
    expectedStatus: 200,
    requests() {
      return CHAIN.map((_, step) => ({
        method: 'PATCH' as const,
        setupRequest(request: autocannon.Request, context: object) {
          const chain = context as { orderId?: string };
          // The context is fresh at the start of each pass over the three requests.
          if (step === 0) chain.orderId = ids.next();
          request.path = `/orders/${chain.orderId}/status`;
          request.headers = {
            ...request.headers,
            authorization: bearer(kitchenToken),
            'content-type': JSON_TYPE,
          };
          request.body = bodies[step];
          return request;
        },
      }));
    },
    // Each connection may start one chain it cannot finish before autocannon's count stops it.
    capacity: (connections) => Math.max(0, (ids.remaining - connections) * CHAIN.length),
  };
}

/** POST /auth/login with the right password, customers in turn: argon2id verification each time. */
export function logInScenario(
  accounts: readonly { readonly email: string; readonly password: string }[],
): Scenario {
  const bodies = accounts.map(({ email, password }) => JSON.stringify({ email, password }));
  return {
    route: 'POST /auth/login',
    expectedStatus: 200,
    requests() {
      const nextBody = roundRobin(bodies);
      return [
        {
          method: 'POST',
          path: '/auth/login',
          setupRequest(request) {
            request.headers = { ...request.headers, 'content-type': JSON_TYPE };
            request.body = nextBody();
            return request;
          },
        },
      ];
    },
  };
}
