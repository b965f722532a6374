import type { OrderStatus, Role } from '@food-oms/domain';

/** What a status change came to: written, refused by the order's current state or version, or a keyed replay. */
export type TransitionOutcome = 'applied' | 'conflict' | 'replay';

/**
 * What the HTTP layer tells a metrics backend, as plain callbacks: the composition root
 * decides what keeps them (Prometheus there), and nothing here knows it.
 */
export interface HttpMetrics {
  /** Every answered request; `route` is the route's pattern (`/orders/:id`), never the raw URL. */
  requestFinished(request: {
    readonly method: string;
    readonly route: string;
    readonly status: number;
    readonly seconds: number;
  }): void;
  orderTransition(transition: {
    readonly from: OrderStatus;
    readonly to: OrderStatus;
    readonly role: Role;
    readonly outcome: TransitionOutcome;
  }): void;
  /** A request answered from its Idempotency-Key's earlier result. */
  idempotentReplay(route: string): void;
  /** A request refused by a rate-limit policy. */
  rateLimited(policy: string): void;
}

export const NO_METRICS: HttpMetrics = {
  requestFinished: () => {},
  orderTransition: () => {},
  idempotentReplay: () => {},
  rateLimited: () => {},
};
