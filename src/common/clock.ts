/**
 * Every time rule reads the server's clock through this interface, so tests can move time.
 * (A deposit's arrival time is the bank's, carried in the report, not read here.)
 */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock tests move by hand. */
export class ManualClock implements Clock {
  private current: number;

  constructor(start: Date | string = new Date()) {
    this.current = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.current);
  }

  set(to: Date | string): void {
    this.current = new Date(to).getTime();
  }

  advance(ms: number): Date {
    this.current += ms;
    return this.now();
  }
}

/** A clock that runs in real time from an offset: the system clock shifted (demo schedules, e2e tests). */
export class OffsetClock implements Clock {
  constructor(private offsetMs = 0) {}

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  shift(ms: number): void {
    this.offsetMs += ms;
  }
}
