import { it } from 'vitest';

/** How a contract suite gets the adapter under test. */
export interface ContractSetup<R> {
  /** A fresh, EMPTY repository for each test. */
  create(): Promise<R>;
  /**
   * Whether the store applies a conditional write atomically. The cases that prove
   * "exactly one wins" run only when this is true; otherwise they are skipped with the
   * reason printed, never run with a weaker assertion. It is read when each such case
   * runs, not when the suite is collected, so it may be a getter over what a beforeAll
   * hook finds out (the MongoDB harness detects FerretDB that way).
   */
  readonly atomicConditionalUpdates: true | { readonly skipReason: string };
}

/** A test that proves atomicity: skipped, loudly, on a store that does not have it. */
export function itWhenAtomic<R>(setup: ContractSetup<R>, name: string, body: () => Promise<void>): void {
  it(name, async (context) => {
    const atomic = setup.atomicConditionalUpdates;
    if (atomic !== true) {
      console.warn(`[contract] SKIPPED "${name}": ${atomic.skipReason}`);
      context.skip(atomic.skipReason);
    }
    await body();
  });
}

/** How many concurrent callers the concurrency cases race. */
export const RACERS = 20;

/**
 * An object as a careless caller could change it, to prove the repository handed out a
 * copy or a value no one can change; fails the test when there is no object at all.
 */
export function tamperWith<T extends object>(
  value: T | null | undefined,
): { -readonly [K in keyof T]: T[K] } {
  if (value === null || value === undefined) throw new Error('expected an object to tamper with');
  return value;
}

/**
 * Makes a change a careless caller could make to `target`, something a repository handed out
 * or was given. A store may hand out read-only values, which refuse the change with a
 * TypeError (in strict code, as this is): a refusal by a frozen target passes; anything else
 * thrown fails the test. Either way, what the test asserts next is that the store is unchanged.
 */
export function tryToChange<T extends object>(target: T, change: (target: T) => void): void {
  try {
    change(target);
  } catch (error) {
    if (!(error instanceof TypeError && Object.isFrozen(target))) throw error;
  }
}
