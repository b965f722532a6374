import type { MenuRepository } from './menu-repository.ts';
import type { OrderRepository } from './order-repository.ts';
import type { UserRepository } from './user-repository.ts';

/** Whether the store applies a conditional write as one atomic step, and what it is. */
export interface StoreAtomicity {
  /** False where two concurrent updates matching the same condition can both succeed. */
  readonly atomic: boolean;
  /** For the log: "MongoDB 8.0.4", "FerretDB v1.24.2", "in-memory store". */
  readonly server: string;
}

/** The repositories and the life cycle of whatever keeps them, for the composition root. */
export interface Store {
  /** What keeps the data, for the logs; 'memory' loses it when the process exits. */
  readonly kind: 'memory' | 'mongodb';
  readonly orders: OrderRepository;
  readonly users: UserRepository;
  readonly menu: MenuRepository;
  /**
   * Makes what the repositories' guarantees rely on (a database's unique indexes).
   * Idempotent, safe from several instances at once; rejects with DatabaseUnavailableError
   * while the store is unreachable.
   */
  prepare(): Promise<void>;
  /**
   * Does the store apply a conditional update atomically (the transitions' guarantee)?
   * Rejects with DatabaseUnavailableError while the store is unreachable.
   */
  atomicity(): Promise<StoreAtomicity>;
  /** Readiness: true when the store answers and is prepared; never rejects. */
  ping(): Promise<boolean>;
  /** Releases the store's resources; operations still running fail as unavailable. */
  close(): Promise<void>;
}
