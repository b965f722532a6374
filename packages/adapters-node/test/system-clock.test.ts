import { describe, expect, it } from 'vitest';
import { SystemClock } from '../src/index.ts';

describe('SystemClock', () => {
  it('tells the current time, as a new Date each call', () => {
    const clock = new SystemClock();
    const before = Date.now();
    const first = clock.now();
    const second = clock.now();
    const after = Date.now();
    expect(first.getTime()).toBeGreaterThanOrEqual(before);
    expect(second.getTime()).toBeLessThanOrEqual(after);
    expect(second).not.toBe(first);
  });
});
