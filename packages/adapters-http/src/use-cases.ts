import type { ApplicationUseCases } from '@food-oms/application';

/** Only the entry point matters here: any object with the use case's `execute` will do. */
type UseCase<T extends { execute: unknown }> = Pick<T, 'execute'>;

/**
 * What the routes call: every use case createUseCases builds but the start-up one; the
 * composition root hands them in.
 */
export type UseCases = {
  readonly [K in Exclude<keyof ApplicationUseCases, 'bootstrapAdmin'>]: UseCase<ApplicationUseCases[K]>;
};
