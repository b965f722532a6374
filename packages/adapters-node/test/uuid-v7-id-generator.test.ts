import { describe, expect, it } from 'vitest';
import { UuidV7IdGenerator } from '../src/index.ts';

// Version nibble 7, RFC 9562 variant (10xx), lower-case hex.
const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function timestampOf(id: string): number {
  return Number.parseInt(id.replaceAll('-', '').slice(0, 12), 16);
}

describe('UuidV7IdGenerator', () => {
  it('yields unique v7 UUIDs that sort strictly increasing over 10 000 calls', () => {
    const generator = new UuidV7IdGenerator();
    const ids = Array.from({ length: 10_000 }, () => generator.next());
    for (const id of ids) expect(id).toMatch(UUID_V7);
    ids.slice(1).forEach((id, i) => {
      expect(id > (ids[i] ?? '')).toBe(true);
    });
    expect(new Set(ids).size).toBe(10_000);
  });

  it('carries the wall-clock millisecond in its first 48 bits', () => {
    const before = Date.now();
    const id = new UuidV7IdGenerator().next();
    const after = Date.now();
    expect(timestampOf(id)).toBeGreaterThanOrEqual(before);
    expect(timestampOf(id)).toBeLessThanOrEqual(after);
  });

  it('keeps ordering across generator instances in one process', () => {
    const first = new UuidV7IdGenerator().next();
    const second = new UuidV7IdGenerator().next();
    expect(second > first).toBe(true);
  });
});

describe('UuidV7IdGenerator across its pooled random bytes', () => {
  it('stays unique and strictly increasing over many pool refills, within and across milliseconds', () => {
    const generator = new UuidV7IdGenerator();
    // 100 000 ids: hundreds of refills of the 256-id pool, most ids sharing a millisecond.
    let previous = generator.next();
    const seen = new Set([previous]);
    for (let i = 0; i < 100_000; i++) {
      const id = generator.next();
      expect(id > previous).toBe(true);
      seen.add(id);
      previous = id;
    }
    expect(seen.size).toBe(100_001);
  });

  it('draws fresh random bits for every id: the last 48 bits never repeat', () => {
    const generator = new UuidV7IdGenerator();
    const tails = new Set(Array.from({ length: 5_000 }, () => generator.next().slice(-12)));
    expect(tails.size).toBe(5_000);
  });
});
