// tsyringe needs the Reflect metadata API at import time, so this import comes first.
import 'reflect-metadata';
import { type DependencyContainer, container as globalContainer, instanceCachingFactory } from 'tsyringe';

/**
 * A container key that carries the type it resolves to, so a registration and every
 * resolve of it are type-checked together (tsyringe's own symbol keys are untyped).
 */
export type Token<T> = symbol & { readonly __resolvesTo?: T };

export function token<T>(description: string): Token<T> {
  return Symbol(description) as Token<T>;
}

/** A child of tsyringe's root container, so each composed API (and each test) is isolated. */
export function newContainer(): DependencyContainer {
  return globalContainer.createChildContainer();
}

/** Registers a singleton built by an explicit factory: no decorators, no reflection of constructor types. */
export function provide<T>(
  c: DependencyContainer,
  key: Token<T>,
  factory: (c: DependencyContainer) => T,
): void {
  c.register(key, { useFactory: instanceCachingFactory((inner) => factory(inner)) });
}

export function resolve<T>(c: DependencyContainer, key: Token<T>): T {
  return c.resolve<T>(key);
}
