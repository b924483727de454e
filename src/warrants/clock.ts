/** Clocks: the system clock for production and a manual clock so tests never sleep. */
import type { Clock } from './model.ts';

export const systemClock: Clock = { now: () => new Date() };

/** A clock that only moves when told to (tests cross weekends in microseconds). */
export class ManualClock implements Clock {
  #ms: number;
  constructor(start: Date | string) {
    this.#ms = new Date(start).getTime();
  }
  now(): Date {
    return new Date(this.#ms);
  }
  set(at: Date | string): void {
    this.#ms = new Date(at).getTime();
  }
  advance(ms: number): void {
    this.#ms += ms;
  }
  advanceHours(h: number): void {
    this.advance(h * 3_600_000);
  }
  advanceDays(d: number): void {
    this.advance(d * 86_400_000);
  }
}
