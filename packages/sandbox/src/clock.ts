/** The sandbox clock: real time plus an offset tests can move (story expiry, URL expiry). */
export class Clock {
  private offsetMs = 0;

  now(): number {
    return Date.now() + this.offsetMs;
  }

  /** Make now() return `ms` from this moment on (time keeps running). */
  setNow(ms: number): void {
    this.offsetMs = ms - Date.now();
  }

  shift(ms: number): void {
    this.offsetMs += ms;
  }
}
