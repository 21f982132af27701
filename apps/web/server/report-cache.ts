/**
 * In-memory cache of resolved reports (with raw CDN URLs and headers, which never leave the
 * server). Short TTL because CDN URLs expire; bounded size so a flood of resolutions cannot
 * grow memory without limit. Concurrent misses for one id share a single re-resolution.
 */
import type { ResolveReport } from '@tiksaver/core';

export interface ReportCacheOptions {
  ttlMs?: number;
  maxEntries?: number;
  now?: () => number;
}

export interface ReportCache {
  get(id: string): ResolveReport | undefined;
  set(id: string, report: ResolveReport): void;
  /** Cached report, or the result of `load` (deduplicated per id while in flight). */
  getOrLoad(id: string, load: () => Promise<ResolveReport>): Promise<ResolveReport>;
  readonly size: number;
}

export function createReportCache({ ttlMs = 5 * 60_000, maxEntries = 500, now = Date.now }: ReportCacheOptions = {}): ReportCache {
  const entries = new Map<string, { report: ResolveReport; expiresAt: number }>();
  const loading = new Map<string, Promise<ResolveReport>>();

  const get = (id: string) => {
    const entry = entries.get(id);
    if (!entry) return undefined;
    if (entry.expiresAt <= now()) {
      entries.delete(id);
      return undefined;
    }
    return entry.report;
  };

  const set = (id: string, report: ResolveReport) => {
    entries.delete(id);
    entries.set(id, { report, expiresAt: now() + ttlMs });
    // Map keeps insertion order: the first keys are the oldest.
    while (entries.size > maxEntries) {
      const oldest = entries.keys().next().value;
      if (oldest === undefined) break;
      entries.delete(oldest);
    }
  };

  return {
    get,
    set,
    async getOrLoad(id, load) {
      const cached = get(id);
      if (cached) return cached;
      const pending = loading.get(id);
      if (pending) return pending;
      const promise = load()
        .then((report) => {
          if (report.ok) set(id, report);
          return report;
        })
        .finally(() => loading.delete(id));
      loading.set(id, promise);
      return promise;
    },
    get size() {
      return entries.size;
    },
  };
}
