import type { Clock } from '../ports/clock.ts';

/** A clock that moves only when the test moves it, so every timestamp is predictable. */
export class FixedClock implements Clock {
  #now: number;

  constructor(start: Date = new Date('2025-01-01T09:00:00.000Z')) {
    this.#now = start.getTime();
  }

  now(): Date {
    return new Date(this.#now);
  }

  set(at: Date): void {
    this.#now = at.getTime();
  }

  advance(milliseconds: number): void {
    this.#now += milliseconds;
  }
}
