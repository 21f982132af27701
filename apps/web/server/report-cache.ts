/**
 * Resolved reports by report id (media tokens name one), with raw CDN URLs and headers that
 * never leave the server. Kept in the store (memory, or Redis shared by every instance), as
 * JSON, for a short TTL that never outlives the earliest signed media URL in the report
 * (`expire=` / `x-expires=`, tiktok-web.md §2): a token outliving its report re-resolves.
 */
import { itemUrls, type ResolveReport } from '@tiksaver/core';
import { createMemoryCache } from './store/memory-store.js';
import type { CacheStore } from './store/types.js';

export interface ReportCacheOptions {
  ttlMs?: number;
  /** Only for the default in-memory store: entry and byte bounds. */
  maxEntries?: number;
  maxBytes?: number;
  now?: () => number;
  /** Where reports live; default a private in-memory store. */
  store?: CacheStore;
}

export interface ReportCache {
  get(id: string): Promise<ResolveReport | undefined>;
  /** Stores an ok report; failed ones go to the resolution cache's failure cache instead. */
  set(id: string, report: ResolveReport): Promise<void>;
  /** Cached report, or the result of `load` (deduplicated per id while in flight). */
  getOrLoad(id: string, load: () => Promise<ResolveReport>): Promise<ResolveReport>;
  /** How long a report stored now would be kept (0 = not at all). */
  ttlFor(report: ResolveReport): number;
  readonly now: () => number;
}

const EXPIRY_PARAMS = ['x-expires', 'expire', 'expires'];
/** Margin before a signed URL's expiry: a download started just before it must not fail mid-way. */
const EXPIRY_MARGIN_MS = 60_000;

/** Earliest expiry (epoch ms) of the signed media URLs in a report, if any carries one. */
export function earliestMediaExpiry(report: ResolveReport): number | undefined {
  let earliest: number | undefined;
  const results = [report.result, ...report.attempts.map((a) => a.result)];
  for (const result of results) {
    for (const item of result?.items ?? []) {
      for (const raw of itemUrls(item)) {
        let url: URL;
        try {
          url = new URL(raw);
        } catch {
          continue;
        }
        for (const name of EXPIRY_PARAMS) {
          const value = Number(url.searchParams.get(name));
          // Unix seconds; anything else (absent, garbage, milliseconds) is not an expiry we trust.
          if (Number.isInteger(value) && value > 1e9 && value < 1e11) earliest = Math.min(earliest ?? Infinity, value * 1000);
        }
      }
    }
  }
  return earliest;
}

export function createReportCache({ ttlMs = 5 * 60_000, maxEntries = 500, maxBytes = 64 * 2 ** 20, now = Date.now, store }: ReportCacheOptions = {}): ReportCache {
  const cache = store ?? createMemoryCache({ maxCacheEntries: maxEntries, maxCacheBytes: maxBytes, now });
  const loading = new Map<string, Promise<ResolveReport>>();

  const ttlFor = (report: ResolveReport) => {
    const expiry = earliestMediaExpiry(report);
    return Math.max(0, Math.min(ttlMs, expiry === undefined ? Infinity : expiry - EXPIRY_MARGIN_MS - now()));
  };

  const get = async (id: string) => {
    const json = await cache.get('report', id);
    if (json === undefined) return undefined;
    try {
      return JSON.parse(json) as ResolveReport;
    } catch {
      return undefined;
    }
  };

  const set = async (id: string, report: ResolveReport) => {
    if (report.ok) await cache.set('report', id, JSON.stringify(report), ttlFor(report));
  };

  return {
    get,
    set,
    ttlFor,
    now,
    async getOrLoad(id, load) {
      const cached = await get(id);
      if (cached) return cached;
      const pending = loading.get(id);
      if (pending) return pending;
      const promise = load()
        .then(async (report) => {
          await set(id, report);
          return report;
        })
        .finally(() => loading.delete(id));
      loading.set(id, promise);
      return promise;
    },
  };
}
