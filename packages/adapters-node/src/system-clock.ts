import type { Clock } from '@food-oms/application';

export class SystemClock implements Clock {
  now(): Date {
    return new Date();
  }
}
