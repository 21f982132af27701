/**
 * Provider health: what each resolve's attempts say about the providers (and, for native,
 * about each page route, from `attempt.detail.routes` when the resolver reports it), kept
 * per minute for an hour in the store, so every instance of a cluster sees the same table.
 * A certain verdict about the content (a final error: expired, private, age-gated) is the
 * provider doing its job and counts as ok, and so is NOT_FOUND when every provider that
 * answered said so (the verdict's consensus: the post is gone); any other non-final error
 * counts as failed.
 */
import type { Attempt, ResolveReport } from '@tiksaver/core';
import { HEALTH_WINDOW_MS, type HealthOutcome, type ProviderHealth, type Store, type StoreState } from './store/index.js';

interface RouteRecord {
  route: string;
  label?: string;
  status?: number;
  held: boolean;
  note?: string;
}

function routesOf(attempt: Attempt): RouteRecord[] {
  const holder = attempt as Attempt & { detail?: { routes?: unknown } };
  const routes = holder.detail?.routes ?? attempt.error?.detail?.routes;
  if (!Array.isArray(routes)) return [];
  return routes.filter((r): r is RouteRecord => typeof r === 'object' && r !== null && typeof (r as RouteRecord).route === 'string');
}

export function outcomesOf(report: ResolveReport, at: number): HealthOutcome[] {
  const outcomes: HealthOutcome[] = [];
  const answered = report.attempts.filter((a) => a.outcome === 'failed');
  const goneForAll = !report.ok && report.error?.code === 'NOT_FOUND' && answered.length > 0 && answered.every((a) => a.error?.code === 'NOT_FOUND');
  for (const attempt of report.attempts) {
    if (attempt.outcome !== 'ok' && attempt.outcome !== 'failed') continue;
    const ok = attempt.outcome === 'ok' || attempt.error?.final === true || goneForAll;
    outcomes.push({
      provider: attempt.provider,
      ok,
      ...(!ok && attempt.error && { code: attempt.error.code, message: attempt.error.message.slice(0, 300) }),
      at,
    });
    for (const route of routesOf(attempt)) {
      outcomes.push({
        provider: `${attempt.provider}/${route.route}`,
        ok: route.held,
        ...(!route.held && { code: route.status !== undefined ? `HTTP ${route.status}` : 'NOT_HELD', message: (route.note ?? route.label ?? '').slice(0, 300) }),
        at,
      });
    }
  }
  return outcomes;
}

export interface HealthRow extends ProviderHealth {
  /** ok / (ok + failed) over the window, rounded to 0.01; absent without outcomes. */
  successRate?: number;
}

export interface HealthReport {
  windowSec: number;
  store: StoreState;
  /** Redis lost: the figures are this instance's only until it is back. */
  scope: 'cluster' | 'instance';
  providers: HealthRow[];
}

export interface ProviderHealthTracker {
  record(report: ResolveReport): void;
  read(windowMs?: number): Promise<HealthReport>;
}

export function createHealthTracker(store: Store, { now = Date.now, log = (m: string) => console.warn(`[tiksaver web] ${m}`) } = {}): ProviderHealthTracker {
  return {
    record(report) {
      const outcomes = outcomesOf(report, now());
      // Never in the request's way: recording is best effort and its failure only logged.
      if (outcomes.length > 0) store.health.record(outcomes).catch((error: unknown) => log(`could not record provider health: ${String(error)}`));
    },
    async read(windowMs = HEALTH_WINDOW_MS) {
      const state = store.state();
      const rows = await store.health.read(windowMs, now());
      return {
        windowSec: Math.round(windowMs / 1000),
        store: state,
        scope: state.mode === 'redis' && !state.degraded ? 'cluster' : 'instance',
        providers: rows.map((row) => ({ ...row, ...(row.ok + row.failed > 0 && { successRate: Math.round((row.ok / (row.ok + row.failed)) * 100) / 100 }) })),
      };
    },
  };
}
