import type { IdGenerator } from '../ports/id-generator.ts';

/**
 * Deterministic ids shaped like UUIDv7 (version 7, RFC 9562 variant) whose 48-bit time
 * field grows with every call, so they sort in creation order exactly like real ones.
 */
export class SequentialIdGenerator implements IdGenerator {
  readonly #startMs: number;
  #count = 0;

  constructor(options: { readonly startAt?: Date } = {}) {
    this.#startMs = (options.startAt ?? new Date('2025-01-01T00:00:00.000Z')).getTime();
  }

  next(): string {
    this.#count += 1;
    const time = (this.#startMs + this.#count).toString(16).padStart(12, '0');
    const counter = this.#count.toString(16).padStart(12, '0');
    return `${time.slice(0, 8)}-${time.slice(8)}-7000-8000-${counter}`;
  }
}
