/**
 * Where the MongoDB suites of a test run connect, decided once per run by global-setup.ts:
 * MONGODB_URI if set; else a Testcontainers replica set when a Docker engine answers; else
 * nowhere, and the suites are skipped with the reason printed (a failure under REQUIRE_MONGO=1).
 */
export type MongoTarget =
  | { readonly kind: 'server'; readonly uri: string; readonly source: 'MONGODB_URI' | 'testcontainers' }
  | { readonly kind: 'none'; readonly reason: string };

declare module 'vitest' {
  export interface ProvidedContext {
    mongo: MongoTarget;
  }
}
