/**
 * Per-host pacing: a provider declares a pace (tikwm allows 1 request/s per IP,
 * reference/services.md) and calls to that host are serialised and spaced. p-limit(1) does
 * the serialising (already a core dependency, well kept); the spacing is a timestamp, which
 * is all p-throttle would add here.
 */
import pLimit, { type LimitFunction } from 'p-limit';
import { TiksaverError } from '../errors.js';

interface Lane {
  intervalMs: number;
  limit: LimitFunction;
  /** When the previous call's response headers arrived. */
  lastDone: number;
}

/**
 * Shared pacing beyond this process (the web app's Redis store): reserves the host's next
 * slot across every instance and answers how many ms to wait for it.
 */
export type PaceGate = (host: string, intervalMs: number) => Promise<number>;

export class Pacer {
  readonly #lanes = new Map<string, Lane>();

  constructor(readonly gate?: PaceGate) {}

  set(originOrHost: string, intervalMs: number): void {
    const key = paceKey(originOrHost);
    const lane = this.#lanes.get(key);
    if (lane) lane.intervalMs = Math.max(0, intervalMs);
    else this.#lanes.set(key, { intervalMs: Math.max(0, intervalMs), limit: pLimit(1), lastDone: 0 });
  }

  /**
   * Runs `task` in the host's lane. The slot is held until `task` settles (callers pass the
   * part up to response headers, so an unread body never blocks the lane).
   */
  run<T>(hostname: string, task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    const lane = this.#lanes.get(hostname.toLowerCase());
    if (!lane) return task();
    // Spacing runs from the previous answer, not the previous start: then the server sees
    // its requests at least intervalMs apart however long the first one was in transit.
    const queued = lane.limit(async () => {
      const wait = lane.lastDone + lane.intervalMs - Date.now();
      if (wait > 0) await sleep(wait, signal);
      if (this.gate && lane.intervalMs > 0) {
        const shared = await this.gate(hostname.toLowerCase(), lane.intervalMs).catch(() => 0);
        if (shared > 0) await sleep(shared, signal);
      }
      if (signal?.aborted) throw cancelled();
      try {
        return await task();
      } finally {
        lane.lastDone = Date.now();
      }
    });
    if (!signal) return queued;
    return new Promise<T>((resolve, reject) => {
      const onAbort = () => reject(cancelled());
      queued.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
      if (signal.aborted) return onAbort();
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }
}

export function paceKey(originOrHost: string): string {
  const value = originOrHost.trim().toLowerCase();
  if (value.includes('://')) return new URL(value).hostname;
  return value.replace(/:\d+$/, '');
}

function cancelled(): TiksaverError {
  return new TiksaverError('CANCELLED', 'Request was cancelled while waiting for its turn');
}

/** Abortable sleep; resolves early (without throwing) is never needed, so abort rejects. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(cancelled());
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(cancelled());
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
