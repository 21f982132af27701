/**
 * The resolution cache: one upstream resolve per item and wanted media for a short while,
 * however many people paste the same story (and whichever instance they reach, in Redis
 * mode). Three parts, all in the store:
 * - `resolve:<key>` -> report id, default 60 s and never past the earliest media URL expiry;
 * - the report itself in the report cache (by id, what media tokens name);
 * - `failure:<key>` -> a failed report for a few seconds, so a broken chain is not re-run by
 *   every request that asks for it (re-resolve amplification, issue 17 item 7).
 * Concurrent identical resolves share one run: in this process by a shared promise, across
 * instances by a short claim in the store that the others wait on.
 */
import { randomBytes } from 'node:crypto';
import { TiksaverError, parseLink, type ResolveReport, type Strategy, type Want } from '@tiksaver/core';
import type { ReportCache } from './report-cache.js';
import type { CacheStore } from './store/types.js';

export interface ResolutionRequest {
  want?: Want;
  providers?: string[];
  strategy?: Strategy;
}

/**
 * `item:<id>|<want>` for links to one item; a short link is keyed by its canonical form
 * until its item is known. A provider subset, or `all` (every attempt in the report), is a
 * different question and gets its own key; hedged and sequential give the same answer.
 */
export function resolutionKey(input: string, request: ResolutionRequest = {}): string | undefined {
  const link = parseLink(input);
  const want = request.want ?? 'auto';
  const extra = `${request.providers ? `|p=${request.providers.join(',')}` : ''}${request.strategy === 'all' ? '|all' : ''}`;
  if ((link.kind === 'story' || link.kind === 'video' || link.kind === 'photo') && link.id) return `item:${link.id}|${want}${extra}`;
  if (link.kind === 'short' && link.url) return `short:${link.url}|${want}${extra}`;
  return undefined;
}

export interface Resolved {
  reportId: string;
  report: ResolveReport;
  /** This call ran the resolve itself (false: served from a cache or from someone else's run). */
  fresh: boolean;
}

export interface ResolutionCacheOptions {
  store: CacheStore;
  reports: ReportCache;
  /** How long a resolution is reused. Default 60 s; 0 = no reuse (concurrent calls still share). */
  ttlMs?: number;
  /** How long a failed resolution is reused. Default 10 s. */
  failureTtlMs?: number;
  /** How long to wait for another instance's run of the same resolve. Default 20 s. */
  waitMs?: number;
}

export interface ResolutionCache {
  /** A cached answer (ok or failed) for this key, without resolving. */
  lookup(key: string | undefined): Promise<Resolved | undefined>;
  /** The cached answer, or `load`'s, shared with concurrent callers; `signal` only detaches this caller. */
  resolve(key: string | undefined, load: (signal: AbortSignal) => Promise<ResolveReport>, signal?: AbortSignal): Promise<Resolved>;
}

export function newReportId(): string {
  return randomBytes(12).toString('base64url');
}

const RECENT_HIT_MS = 2_000;

/** Failures that say nothing about the item: never reused. */
const UNCACHEABLE = new Set(['CANCELLED', 'MISCONFIGURED']);

interface Flight {
  promise: Promise<Resolved>;
  controller: AbortController;
  waiters: number;
}

export function createResolutionCache({ store, reports, ttlMs = 60_000, failureTtlMs = 10_000, waitMs = 20_000 }: ResolutionCacheOptions): ResolutionCache {
  const flights = new Map<string, Flight>();
  // A hit is kept parsed in this process for a moment: a popular item then costs no store
  // round trip and no JSON parse per request (reports are immutable under their id).
  const recent = new Map<string, { hit: Resolved; until: number }>();

  async function lookup(key: string | undefined): Promise<Resolved | undefined> {
    if (!key) return undefined;
    const memo = recent.get(key);
    if (memo && memo.until > Date.now()) return memo.hit;
    const reportId = ttlMs > 0 ? await store.get('resolve', key) : undefined;
    if (reportId) {
      const report = await reports.get(reportId);
      if (report) {
        const hit = { reportId, report, fresh: false };
        if (recent.size >= 1000) recent.clear();
        recent.set(key, { hit, until: Date.now() + Math.min(RECENT_HIT_MS, ttlMs) });
        return hit;
      }
    }
    const failed = failureTtlMs > 0 ? await store.get('failure', key) : undefined;
    if (failed) {
      try {
        return { reportId: newReportId(), report: JSON.parse(failed) as ResolveReport, fresh: false };
      } catch {
        // A damaged entry is a miss.
      }
    }
    return undefined;
  }

  async function remember(key: string | undefined, reportId: string, report: ResolveReport): Promise<void> {
    if (report.ok) {
      await reports.set(reportId, report);
      if (!key) return;
      const ttl = Math.min(ttlMs, reports.ttlFor(report));
      await store.set('resolve', key, reportId, ttl);
      // A short link's item is known now: the canonical link (and the app's re-resolves) hit too.
      const itemKey = key.startsWith('short:') && report.result ? resolutionKey(report.result.url, keyRequest(key)) : undefined;
      if (itemKey) await store.set('resolve', itemKey, reportId, ttl);
    } else if (key && report.error && !UNCACHEABLE.has(report.error.code)) {
      await store.set('failure', key, JSON.stringify(report), failureTtlMs);
    }
  }

  async function run(key: string | undefined, load: (signal: AbortSignal) => Promise<ResolveReport>, controller: AbortController): Promise<Resolved> {
    const claimKey = `resolve:${key}`;
    let claimed = key ? await store.claim(claimKey, waitMs) : true;
    try {
      // Another instance is resolving this very key: wait for its answer, or take over
      // when it gives up (a cancelled run leaves nothing in the cache).
      const deadline = Date.now() + waitMs;
      while (!claimed && Date.now() < deadline && !controller.signal.aborted) {
        await new Promise((done) => setTimeout(done, 25));
        const found = await lookup(key);
        if (found) return found;
        claimed = await store.claim(claimKey, waitMs);
      }
      // The claim may have come free because the other run just finished: its answer is
      // stored before its claim is released, so one more look avoids a second upstream run.
      if (key) {
        const found = await lookup(key);
        if (found) return found;
      }
      const report = await load(controller.signal);
      const reportId = newReportId();
      await remember(key, reportId, report);
      return { reportId, report, fresh: true };
    } finally {
      if (claimed && key) await store.release(claimKey);
    }
  }

  return {
    lookup,
    async resolve(key, load, signal) {
      const hit = await lookup(key);
      if (hit) return hit;
      if (signal?.aborted) throw new TiksaverError('CANCELLED', 'The resolution was cancelled.');
      const flightKey = key ?? `once:${newReportId()}`;
      let flight = flights.get(flightKey);
      const joined = flight !== undefined;
      if (!flight) {
        const controller = new AbortController();
        const promise = run(key, load, controller).finally(() => flights.delete(flightKey));
        flight = { promise, controller, waiters: 0 };
        flights.set(flightKey, flight);
      }
      const current = flight;
      current.waiters++;
      // The shared run is cancelled only when every caller has gone.
      const leave = () => {
        if (--current.waiters === 0) current.controller.abort();
      };
      if (!signal) return current.promise.finally(() => current.waiters--);
      return new Promise<Resolved>((resolve, reject) => {
        let gone = false;
        const onAbort = () => {
          gone = true;
          leave();
          reject(new TiksaverError('CANCELLED', 'The resolution was cancelled.'));
        };
        signal.addEventListener('abort', onAbort, { once: true });
        const settle = () => {
          signal.removeEventListener('abort', onAbort);
          if (!gone) current.waiters--;
        };
        current.promise.then(
          (resolved) => {
            settle();
            resolve(joined ? { ...resolved, fresh: false } : resolved);
          },
          (error: unknown) => {
            settle();
            reject(error);
          },
        );
      });
    },
  };
}

function keyRequest(key: string): ResolutionRequest {
  const [, want, ...rest] = key.split('|');
  const providers = rest.find((part) => part.startsWith('p='))?.slice(2);
  return { want: (want ?? 'auto') as Want, ...(providers && { providers: providers.split(',') }), ...(rest.includes('all') && { strategy: 'all' as Strategy }) };
}
