import { getHeapSpaceStatistics } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { releaseStartUpMemory } from '../src/start-up-memory.ts';

const youngGenerationBytes = () =>
  getHeapSpaceStatistics().find((space) => space.space_name === 'new_space')?.space_size ?? Number.NaN;

describe('releasing start-up memory', () => {
  it('shrinks the young generation that a burst of allocation grew, and exposes no gc', () => {
    // What start-up does: many short-lived objects, a few of them kept for a while.
    let kept: { n: number; text: string }[] = [];
    for (let n = 0; n < 400_000; n++) {
      kept.push({ n, text: `entry ${n}` });
      if (kept.length > 50_000) kept = [];
    }
    const grown = youngGenerationBytes();
    releaseStartUpMemory();
    expect(youngGenerationBytes()).toBeLessThan(grown);
    expect(kept.length).toBeGreaterThan(0);
    expect(typeof (globalThis as { gc?: unknown }).gc).toBe('undefined');
    expect(runInNewContext('typeof gc')).toBe('undefined');
  });
});
