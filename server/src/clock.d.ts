/** Every time rule reads the clock through this interface, never `Date.now()` directly. */
export interface Clock {
    now(): Date;
}
export declare const systemClock: Clock;
/** System time plus an offset that test mode may move (`POST /api/test/clock`). */
export declare class OffsetClock implements Clock {
    private offsetMs;
    now(): Date;
    advance(ms: number): Date;
    set(instant: Date): Date;
}
