import type { WebReport } from '../lib/api.js';
import { formatMs } from '../lib/format.js';
import { traceSummary, type TraceRow } from '../lib/trace.js';

const STATUS_TEXT: Record<TraceRow['status'], string> = {
  waiting: 'waiting',
  running: 'trying…',
  ok: 'worked',
  failed: 'failed',
  skipped: 'skipped',
  cancelled: 'stopped',
  'not-tried': 'not tried',
};

/** The provider trace: one line (live while resolving) that opens into every provider's row. */
export function Trace({ rows, busy, report, labels = {} }: { rows: TraceRow[]; busy: boolean; report?: WebReport; labels?: Record<string, string> }) {
  if (rows.length === 0) return null;
  return (
    <details className="trace" data-testid="trace">
      <summary>
        {busy && <span className="spinner" aria-hidden="true" />}
        <span className="trace-summary" role="status" aria-live="polite">
          {traceSummary(rows, busy, report)}
        </span>
      </summary>
      <ol className="trace-list" aria-label="Providers" aria-busy={busy}>
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
            {row.routes && <span className="trace-reason trace-routes">{row.routes}</span>}
          </li>
        ))}
      </ol>
    </details>
  );
}
