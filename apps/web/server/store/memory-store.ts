/**
 * The default store: this process's memory, no dependency outside it. Counters are
 * rate-limiter-flexible's RateLimiterMemory (the same library and fixed-window semantics as
 * Redis mode); the cache is a Map in least-recently-used order, bounded by total bytes and
 * entries, with a TTL per entry on an injectable clock (lru-cache's TTL reads its own
 * clock and treats a start time of 0 as "no TTL", which tests with hand-moved clocks need).
 */
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import {
  HEALTH_WINDOW_MS,
  MINUTE_MS,
  type CacheStore,
  type ConsumeResult,
  type CounterStore,
  type HealthOutcome,
  type HealthStore,
  type ProviderHealth,
  type Store,
  type WindowSettings,
} from './types.js';

export interface MemoryStoreOptions {
  /** Total size of cached values (UTF-16 code units, about bytes for ASCII JSON). Default 64 MiB. */
  maxCacheBytes?: number;
  /** Upper bound on cached entries. Default 10 000. */
  maxCacheEntries?: number;
  now?: () => number;
}

/** Turns a rate-limiter-flexible answer (resolved or rejected RateLimiterRes) into ours. */
export function toConsumeResult(res: RateLimiterRes, allowed: boolean): ConsumeResult {
  return { allowed, remaining: allowed ? res.remainingPoints : 0, resetMs: Math.max(0, res.msBeforeNext) };
}

/** Points for a window; rate-limiter-flexible counts whole seconds. */
export const windowSeconds = (settings: WindowSettings) => Math.max(1, Math.ceil(settings.windowMs / 1000));

export function createMemoryCounters(): CounterStore {
  const limiters = new Map<string, RateLimiterMemory>();
  return {
    async consume(name, key, settings, points = 1) {
      const id = `${name}:${settings.limit}:${settings.windowMs}`;
      let limiter = limiters.get(id);
      if (!limiter) {
        limiter = new RateLimiterMemory({ keyPrefix: name, points: settings.limit, duration: windowSeconds(settings) });
        limiters.set(id, limiter);
      }
      try {
        return toConsumeResult(await limiter.consume(key, points), true);
      } catch (error) {
        if (error instanceof RateLimiterRes) return toConsumeResult(error, false);
        throw error;
      }
    },
  };
}

export function createMemoryCache({ maxCacheBytes = 64 * 2 ** 20, maxCacheEntries = 10_000, now = Date.now }: MemoryStoreOptions = {}): CacheStore {
  const values = new Map<string, { value: string; expiresAt: number; size: number }>();
  const claims = new Map<string, number>();
  let bytes = 0;
  const full = (ns: string, key: string) => `${ns}:${key}`;
  const drop = (key: string) => {
    const entry = values.get(key);
    if (entry) bytes -= entry.size;
    values.delete(key);
  };
  return {
    async get(ns, key) {
      const id = full(ns, key);
      const entry = values.get(id);
      if (!entry) return undefined;
      if (entry.expiresAt <= now()) {
        drop(id);
        return undefined;
      }
      // Map order is recency order: move a hit to the end.
      values.delete(id);
      values.set(id, entry);
      return entry.value;
    },
    async set(ns, key, value, ttlMs) {
      const id = full(ns, key);
      drop(id);
      // Sizes in UTF-16 code units: about bytes for the ASCII JSON stored here.
      const size = value.length + id.length;
      if (ttlMs <= 0 || size > maxCacheBytes) return;
      values.set(id, { value, expiresAt: now() + ttlMs, size });
      bytes += size;
      // Least recently used first; expired entries go as they are met.
      for (const oldest of values.keys()) {
        if (bytes <= maxCacheBytes && values.size <= maxCacheEntries) break;
        drop(oldest);
      }
    },
    async delete(ns, key) {
      drop(full(ns, key));
    },
    async claim(key, ttlMs) {
      const until = claims.get(key);
      if (until !== undefined && until > now()) return false;
      if (claims.size > 10_000) claims.clear();
      claims.set(key, now() + ttlMs);
      return true;
    },
    async release(key) {
      claims.delete(key);
    },
  };
}

interface ProviderRecord {
  minutes: Map<number, { ok: number; failed: number }>;
  lastError?: { code: string; message: string; at: number };
  lastOkAt?: number;
}

export function createMemoryHealth(now: () => number = Date.now): HealthStore {
  const providers = new Map<string, ProviderRecord>();
  return {
    async record(outcomes: HealthOutcome[]) {
      const oldest = Math.floor((now() - HEALTH_WINDOW_MS) / MINUTE_MS) * MINUTE_MS;
      for (const outcome of outcomes) {
        let record = providers.get(outcome.provider);
        if (!record) providers.set(outcome.provider, (record = { minutes: new Map() }));
        const minute = Math.floor(outcome.at / MINUTE_MS) * MINUTE_MS;
        const bucket = record.minutes.get(minute) ?? { ok: 0, failed: 0 };
        if (outcome.ok) {
          bucket.ok++;
          record.lastOkAt = Math.max(record.lastOkAt ?? 0, outcome.at);
        } else {
          bucket.failed++;
          if (!record.lastError || record.lastError.at <= outcome.at) {
            record.lastError = { code: outcome.code ?? 'UNKNOWN', message: outcome.message ?? '', at: outcome.at };
          }
        }
        record.minutes.set(minute, bucket);
        for (const key of record.minutes.keys()) if (key < oldest) record.minutes.delete(key);
      }
    },
    async read(windowMs, at = now()) {
      return summarise(
        [...providers].map(([provider, record]) => ({ provider, ...record, minutes: [...record.minutes].map(([minute, counts]) => ({ minute, ...counts })) })),
        windowMs,
        at,
      );
    },
  };
}

/** Shared by both stores: totals over the window, minutes oldest first. */
export function summarise(
  rows: Array<{ provider: string; minutes: Array<{ minute: number; ok: number; failed: number }>; lastError?: ProviderHealth['lastError']; lastOkAt?: number }>,
  windowMs: number,
  now: number,
): ProviderHealth[] {
  const from = now - Math.min(windowMs, HEALTH_WINDOW_MS);
  return rows
    .map((row) => {
      const minutes = row.minutes.filter((m) => m.minute + MINUTE_MS > from && (m.ok > 0 || m.failed > 0)).sort((a, b) => a.minute - b.minute);
      return {
        provider: row.provider,
        ok: minutes.reduce((n, m) => n + m.ok, 0),
        failed: minutes.reduce((n, m) => n + m.failed, 0),
        minutes,
        ...(row.lastError && { lastError: row.lastError }),
        ...(row.lastOkAt !== undefined && { lastOkAt: row.lastOkAt }),
      };
    })
    .sort((a, b) => a.provider.localeCompare(b.provider));
}

export function createMemoryStore(options: MemoryStoreOptions = {}): Store {
  const since = Date.now();
  return {
    mode: 'memory',
    state: () => ({ mode: 'memory', connected: true, degraded: false, since }),
    counters: createMemoryCounters(),
    cache: createMemoryCache(options),
    health: createMemoryHealth(options.now),
    pace: { reserve: async () => 0 },
    close: async () => {},
  };
}
