/** Trace state: one row per provider, updated from the live events and the final report. */
import { describeReason, type AttemptReason, type SettingNamer } from '@tiksaver/core/words';
import type { TraceEvent, WebReport } from './api.js';
import { formatMs } from './format.js';
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
  /** Native's page routes in one line: "mobile page: ok; desktop page: stub". */
  routes?: string;
}

/** One record of `Attempt.detail.routes` (packages/providers native RouteRecord). */
interface RouteRecordLike {
  label?: string;
  route?: string;
  held?: string;
  status?: number;
  note?: string;
}

const HELD_WORDS: Record<string, string> = { stub: 'stub', waf: 'bot challenge', 'not-found': 'not found', refused: 'refused', error: 'error', skipped: 'skipped' };

/** "mobile page: ok; www page (mobile): stub" from an attempt's detail, or undefined. */
export function routesLine(detail: Record<string, unknown> | undefined, ok: boolean): string | undefined {
  const routes = detail?.routes;
  if (!Array.isArray(routes) || routes.length === 0) return undefined;
  const list = routes as RouteRecordLike[];
  return list
    .map((r, i) => {
      const won = ok && i === list.length - 1 && r.held === 'data';
      const word = r.held === 'data' ? (won ? 'ok' : (r.note ?? 'ok')) : `${HELD_WORDS[r.held ?? ''] ?? r.held}${r.status && r.status !== 200 ? ` (HTTP ${r.status})` : ''}`;
      return `${r.label ?? r.route}: ${word}`;
    })
    .join('; ');
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
  const routes = routesLine(attempt.detail, attempt.outcome === 'ok');
  return upsert(rows, attempt.provider, labels, {
    status: attempt.outcome,
    ...(routes !== undefined && { routes }),
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

/** The server sent every hint in the web's words already (apps/web/server/setting-env.ts). */
const saidByServer: SettingNamer = (setting) => setting;

/** Why a provider was skipped or stopped, in words; the trace shows no bare codes. */
export function plainSkipReason(reason: AttemptReason): string {
  return reason.why === 'final' ? `not tried: ${shortReason(reason.code)}` : describeReason(reason, saidByServer);
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

const count = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/**
 * The trace in one line: "Found by TikTok (native) in 45 ms · 5 others not needed",
 * "TikTok (native) says the story has expired · 3 others not tried", or the live progress.
 */
export function traceSummary(rows: TraceRow[], busy: boolean, report?: WebReport): string {
  const unasked = rows.filter((row) => row.status === 'not-tried' || row.status === 'skipped' || row.status === 'cancelled').length;
  const failed = rows.filter((row) => row.status === 'failed');
  if (busy) {
    const running = rows.filter((row) => row.status === 'running').map((row) => row.label);
    const answered = rows.filter((row) => row.status !== 'running' && row.status !== 'waiting').length;
    if (running.length === 0) return 'Starting…';
    return `Asking ${running.join(' and ')}… (${answered} of ${rows.length} answered)`;
  }
  const winner = rows.find((row) => row.winner);
  if (winner) {
    const parts = [`Found by ${winner.label}${winner.ms !== undefined ? ` in ${formatMs(winner.ms)}` : ''}`];
    if (failed.length > 0) parts.push(`${count(failed.length, 'other')} failed`);
    if (unasked > 0) parts.push(`${count(unasked, 'other')} not needed`);
    return parts.join(' · ');
  }
  const code = report?.error?.code;
  const decider = report?.error?.final ? failed.find((row) => row.code === code) : undefined;
  const parts = decider
    ? [code === 'NO_MEDIA' ? `${decider.label} found the post` : `${decider.label} says ${shortReason(code)}`]
    : [failed.length > 0 ? `${count(failed.length, 'provider')} tried, none could deliver it` : 'No provider could deliver it'];
  if (unasked > 0) parts.push(`${count(unasked, 'other')} not tried`);
  return parts.join(' · ');
}
