/** Every time rule reads the clock through this interface, never `Date.now()` directly. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** System time plus an offset that test mode may move (`POST /api/test/clock`). */
export class OffsetClock implements Clock {
  private offsetMs = 0;
  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
  advance(ms: number): Date {
    this.offsetMs += ms;
    return this.now();
  }
  set(instant: Date): Date {
    this.offsetMs = instant.getTime() - Date.now();
    return this.now();
  }
}
