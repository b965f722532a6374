import type { IdGenerator } from '@food-oms/application';
import { v7 } from 'uuid';

/**
 * UUIDv7 ids. Called without options, uuid's v7 keeps a per-process counter after the
 * millisecond timestamp (RFC 9562 §6.2), so ids made within one millisecond, or after
 * the clock steps back, still sort after the ones before them.
 */
export class UuidV7IdGenerator implements IdGenerator {
  next(): string {
    return v7();
  }
}
