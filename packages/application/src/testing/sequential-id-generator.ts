import { sequentialIds } from '@food-oms/domain/testing';
import type { IdGenerator } from '../ports/id-generator.ts';

/**
 * Deterministic ids shaped like UUIDv7 (version 7, RFC 9562 variant) whose 48-bit time
 * field grows with every call, so they sort in creation order exactly like real ones.
 */
export class SequentialIdGenerator implements IdGenerator {
  readonly next: () => string;

  constructor(options: { readonly startAt?: Date } = {}) {
    this.next = sequentialIds(options.startAt ?? new Date('2025-01-01T00:00:00.000Z'));
  }
}
