import { randomFillSync } from 'node:crypto';
import type { IdGenerator } from '@food-oms/application';
import { v7 } from 'uuid';

/** Random bytes drawn 256 ids at a time: uuid draws 16 per id, one CSPRNG call each. */
const POOL = new Uint8Array(16 * 256);
let drawn = POOL.length;

/**
 * The per-process state of RFC 9562 §6.2 method 1, kept as uuid's v7 keeps it when called
 * without options (uuid takes the state from the caller once it is given the random bytes):
 * the millisecond of the last id and a counter after it, seeded from the random bytes at
 * each new millisecond and stepped within one, so ids made within a millisecond, or after
 * the clock steps back, still sort after the ones before them.
 */
const state = { msecs: Number.NEGATIVE_INFINITY, seq: 0 };

function randomBytes16(): Uint8Array {
  if (drawn === POOL.length) {
    randomFillSync(POOL);
    drawn = 0;
  }
  const bytes = POOL.subarray(drawn, drawn + 16);
  drawn += 16;
  return bytes;
}

/**
 * UUIDv7 ids, time-ordered within the process. The profile of POST /orders put uuid's one
 * CSPRNG call per id among its largest costs; a pooled draw gives the same bytes' quality.
 */
export class UuidV7IdGenerator implements IdGenerator {
  next(): string {
    const random = randomBytes16();
    const now = Date.now();
    if (now > state.msecs) {
      state.msecs = now;
      state.seq =
        (((random[6] ?? 0) & 0x7f) << 24) |
        ((random[7] ?? 0) << 16) |
        ((random[8] ?? 0) << 8) |
        (random[9] ?? 0);
    } else {
      state.seq = (state.seq + 1) | 0;
      // The counter ran over: borrow the next millisecond, as uuid does.
      if (state.seq === 0) state.msecs++;
    }
    return v7({ random, msecs: state.msecs, seq: state.seq });
  }
}
