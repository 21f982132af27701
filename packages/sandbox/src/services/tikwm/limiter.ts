/**
 * tikwm's free-tier limits (services.md §2): 1 request/second per IP, concurrent requests
 * beyond the first get `code: -1` "Free Api Limit: 1 request/second.", and after bursts a
 * temporary block of ~30-60 s (answered here as HTTP 429 with Retry-After, since the
 * reference only says "403/429 at HTTP level when blocked").
 */

export interface TikwmLimitOptions {
  /** Minimum spacing between accepted calls (default 1000 ms). */
  intervalMs?: number;
  /** Calls inside one second that count as a burst (default 4). */
  burstThreshold?: number;
  /** Lock-out length after a burst (default 30 000 ms; tests shorten it). */
  lockoutMs?: number;
  /** Start with the limits off (default false). */
  disabled?: boolean;
}

export type LimitVerdict = { kind: 'ok' } | { kind: 'soft' } | { kind: 'locked'; retryAfterSec: number };

export class TikwmLimiter {
  intervalMs!: number;
  burstThreshold!: number;
  lockoutMs!: number;
  enabled!: boolean;
  private lastAccepted!: number;
  private arrivals!: number[];
  private lockedUntil!: number;

  constructor(private readonly options: TikwmLimitOptions = {}) {
    this.reset();
  }

  check(now: number): LimitVerdict {
    if (!this.enabled) return { kind: 'ok' };
    if (now < this.lockedUntil) return { kind: 'locked', retryAfterSec: Math.ceil((this.lockedUntil - now) / 1000) };
    this.arrivals = this.arrivals.filter((at) => now - at < 1000);
    this.arrivals.push(now);
    if (this.arrivals.length >= this.burstThreshold) {
      this.lockOut(now);
      return { kind: 'locked', retryAfterSec: Math.ceil(this.lockoutMs / 1000) };
    }
    if (now - this.lastAccepted < this.intervalMs) return { kind: 'soft' };
    this.lastAccepted = now;
    return { kind: 'ok' };
  }

  lockOut(now: number, ms = this.lockoutMs): void {
    this.lockedUntil = now + ms;
    this.arrivals = [];
  }

  /** Back to the configured limits with a clean history. */
  reset(): void {
    this.intervalMs = this.options.intervalMs ?? 1000;
    this.burstThreshold = this.options.burstThreshold ?? 4;
    this.lockoutMs = this.options.lockoutMs ?? 30_000;
    this.enabled = !this.options.disabled;
    this.lastAccepted = -Infinity;
    this.arrivals = [];
    this.lockedUntil = 0;
  }
}
