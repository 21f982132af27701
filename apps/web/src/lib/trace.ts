/** Trace state: one row per provider, updated from the live events and the final report. */
import type { TraceEvent, WebReport } from './api.js';
import { shortReason } from './words.js';

export type RowStatus = 'waiting' | 'running' | 'ok' | 'failed' | 'skipped' | 'cancelled' | 'not-tried';

export interface TraceRow {
  provider: string;
  label: string;
  status: RowStatus;
  ms?: number;
  reason?: string;
  code?: string;
  winner?: boolean;
}

export function initialRows(ids: string[], labels: Record<string, string>): TraceRow[] {
  return ids.map((id) => ({ provider: id, label: labels[id] ?? id, status: 'waiting' }));
}

function upsert(rows: TraceRow[], provider: string, labels: Record<string, string>, patch: Partial<TraceRow>): TraceRow[] {
  const index = rows.findIndex((row) => row.provider === provider);
  if (index < 0) return [...rows, { provider, label: labels[provider] ?? provider, status: 'waiting', ...patch }];
  return rows.map((row, i) => (i === index ? { ...row, ...patch } : row));
}

export function applyEvent(rows: TraceRow[], event: TraceEvent, labels: Record<string, string>): TraceRow[] {
  if (event.type === 'attempt-start') return upsert(rows, event.provider, labels, { status: 'running' });
  const { attempt } = event;
  const code = attempt.error?.code;
  return upsert(rows, attempt.provider, labels, {
    status: attempt.outcome,
    ...(attempt.durationMs !== undefined && { ms: attempt.durationMs }),
    ...(code !== undefined && { code }),
    reason:
      attempt.outcome === 'ok'
        ? describeFound(attempt.found)
        : attempt.reason !== undefined
          ? plainSkipReason(attempt.reason)
          : shortReason(code, attempt.error?.message),
  });
}

/** The engine's "stopped: EXPIRED is final" in words: the trace shows no bare codes. */
export function plainSkipReason(reason: string): string {
  const final = /^stopped: ([A-Z_]+) is final$/.exec(reason);
  return final ? `not tried: ${shortReason(final[1])}` : reason;
}

function describeFound(found: { kind: string; items: { type: string }[] } | undefined): string {
  if (!found) return 'found it';
  const counts = new Map<string, number>();
  for (const item of found.items) counts.set(item.type, (counts.get(item.type) ?? 0) + 1);
  const parts = [...counts].map(([type, n]) => (n > 1 ? `${n} ${type}s` : `${type}`));
  return `found the ${found.kind}: ${parts.join(', ') || 'no media'}`;
}

export function finalRows(rows: TraceRow[], report: WebReport, labels: Record<string, string>): TraceRow[] {
  // Stopped before any provider (a dead short link, a wrong link): the verdict says it all,
  // and a list of providers that were never asked would only suggest they were.
  if (report.attempts.length === 0 && !report.ok) return [];
  let next = rows;
  for (const attempt of report.attempts) {
    const found = attempt.result ?? (attempt.provider === report.provider ? report.result : undefined);
    next = applyEvent(
      next,
      {
        type: 'attempt-end',
        attempt: { ...attempt, ...(found && { found: { kind: found.kind, items: found.items } }) },
      },
      labels,
    );
  }
  return next.map((row) => ({
    ...row,
    ...(row.status === 'waiting' || row.status === 'running' ? { status: 'not-tried' as const, reason: report.ok ? 'not needed' : 'the chain stopped before it' } : {}),
    winner: row.provider === report.provider && report.ok,
  }));
}
