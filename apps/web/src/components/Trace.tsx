import type { TraceRow } from '../lib/trace.js';
import { formatMs } from '../lib/format.js';

const STATUS_TEXT: Record<TraceRow['status'], string> = {
  waiting: 'waiting',
  running: 'trying…',
  ok: 'worked',
  failed: 'failed',
  skipped: 'skipped',
  cancelled: 'stopped',
  'not-tried': 'not tried',
};

export function Trace({ rows, busy, labels = {} }: { rows: TraceRow[]; busy: boolean; labels?: Record<string, string> }) {
  if (rows.length === 0) return null;
  return (
    <section className="trace" aria-labelledby="trace-title">
      <h2 id="trace-title" className="section-title">
        Providers {busy && <span className="spinner" aria-hidden="true" />}
      </h2>
      <ol className="trace-list" aria-live="polite" aria-busy={busy}>
        {rows.map((row) => (
          <li key={row.provider} className={`trace-row is-${row.status}${row.winner ? ' is-winner' : ''}`} data-provider={row.provider} data-status={row.status}>
            <span className="trace-dot" aria-hidden="true" />
            <span className="trace-name">
              {labels[row.provider] ?? row.label}
              {row.winner && <span className="badge badge-winner">used</span>}
            </span>
            <span className="trace-status">{STATUS_TEXT[row.status]}</span>
            <span className="trace-time">{formatMs(row.ms)}</span>
            {row.reason && <span className="trace-reason">{row.reason}</span>}
            {row.routes && <span className="trace-routes">routes: {row.routes}</span>}
          </li>
        ))}
      </ol>
    </section>
  );
}
