/**
 * The operator page (/status, only with TIKSAVER_STATUS=1): provider health as a table with
 * a bar chart of the last hour per provider, and the store's (Redis') connection state.
 * Rendered on the server as plain HTML and SVG, no script, refreshed every 15 s; it reads the
 * same figures as GET /api/providers. Put it behind your own auth on a public instance.
 */
import type { Hono } from 'hono';
import type { HealthReport, HealthRow, ProviderHealthTracker } from './provider-health.js';
import { HEALTH_WINDOW_MS, MINUTE_MS } from './store/index.js';

const CSS = `body{font:14px/1.4 system-ui,sans-serif;margin:2rem;color:#1d1d1f;background:#fafafa}
h1{font-size:1.3rem}table{border-collapse:collapse;width:100%;background:#fff}
th,td{padding:.45rem .6rem;border-bottom:1px solid #e3e3e6;text-align:left;vertical-align:middle}
th{font-weight:600;background:#f2f2f4}td.num{text-align:right;font-variant-numeric:tabular-nums}
tr.route td:first-child{padding-left:1.6rem;color:#555}.state{display:inline-block;padding:.2rem .6rem;border-radius:1rem;font-weight:600}
.ok{background:#e3f6e8;color:#135c2a}.bad{background:#fde7e7;color:#8a1111}.muted{color:#777}.err{max-width:28rem;overflow-wrap:anywhere}
svg{display:block}`;

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

function ago(at: number | undefined, now: number): string {
  if (at === undefined) return '<span class="muted">never</span>';
  const sec = Math.max(0, Math.round((now - at) / 1000));
  return sec < 90 ? `${sec} s ago` : sec < 5400 ? `${Math.round(sec / 60)} min ago` : `${Math.round(sec / 3600)} h ago`;
}

/** 60 one-minute bars, ok stacked under failed, scaled to the busiest minute. */
function chart(row: HealthRow, now: number): string {
  const width = 240;
  const height = 32;
  const bar = width / 60;
  const first = Math.floor((now - HEALTH_WINDOW_MS) / MINUTE_MS) * MINUTE_MS + MINUTE_MS;
  const peak = Math.max(1, ...row.minutes.map((m) => m.ok + m.failed));
  const bars = row.minutes
    .map((m) => {
      const x = ((m.minute - first) / MINUTE_MS) * bar;
      if (x < 0) return '';
      const okH = (m.ok / peak) * height;
      const failH = (m.failed / peak) * height;
      return `<rect x="${x.toFixed(1)}" y="${(height - okH).toFixed(1)}" width="${(bar - 0.5).toFixed(1)}" height="${okH.toFixed(1)}" fill="#2f9e55"/>` +
        `<rect x="${x.toFixed(1)}" y="${(height - okH - failH).toFixed(1)}" width="${(bar - 0.5).toFixed(1)}" height="${failH.toFixed(1)}" fill="#d33c3c"/>`;
    })
    .join('');
  return `<svg width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${row.ok} ok and ${row.failed} failed in the last hour"><rect width="${width}" height="${height}" fill="#f2f2f4"/>${bars}</svg>`;
}

function rowHtml(row: HealthRow, now: number, route: boolean): string {
  const rate = row.successRate === undefined ? '<span class="muted">–</span>' : `${Math.round(row.successRate * 100)} %`;
  const error = row.lastError ? `<code>${escapeHtml(row.lastError.code)}</code> ${escapeHtml(row.lastError.message)} <span class="muted">(${ago(row.lastError.at, now)})</span>` : '<span class="muted">none</span>';
  return `<tr${route ? ' class="route"' : ''}><td>${escapeHtml(row.provider)}</td><td class="num">${rate}</td><td class="num">${row.ok}</td><td class="num">${row.failed}</td><td>${chart(row, now)}</td><td>${ago(row.lastOkAt, now)}</td><td class="err">${error}</td></tr>`;
}

export function renderStatusPage(report: HealthReport, now = Date.now()): string {
  const { store } = report;
  const state =
    store.mode === 'memory'
      ? '<span class="state ok">memory (single instance)</span>'
      : store.connected
        ? `<span class="state ok">Redis connected</span> <span class="muted">since ${ago(store.since, now)}</span>`
        : `<span class="state bad">Redis unreachable</span> <span class="muted">since ${ago(store.since, now)}${store.lastError ? `: ${escapeHtml(store.lastError)}` : ''}; figures below are this instance's only, rate limits are per instance</span>`;
  // Providers first, each followed by its routes (native/<route>).
  const rows = [...report.providers].sort((a, b) => a.provider.localeCompare(b.provider));
  const body = rows.map((row) => rowHtml(row, now, row.provider.includes('/'))).join('\n');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta http-equiv="refresh" content="15"><title>tiksaver status</title><link rel="stylesheet" href="/status.css"></head><body>
<h1>tiksaver status</h1>
<p>Store: ${state}</p>
<p class="muted">Outcomes of the last hour across ${report.scope === 'cluster' ? 'every instance sharing this Redis' : 'this instance'}; a certain verdict (expired, private) counts as ok. Refreshes every 15 s. Same data: <a href="/api/providers">/api/providers</a>.</p>
<table><thead><tr><th>Provider</th><th>Success</th><th>Ok</th><th>Failed</th><th>Last hour (per minute)</th><th>Last ok</th><th>Last error</th></tr></thead>
<tbody>${body || '<tr><td colspan="7" class="muted">No resolutions yet.</td></tr>'}</tbody></table>
</body></html>`;
}

export function mountStatusPage(app: Hono, health: ProviderHealthTracker): void {
  app.get('/status.css', (c) => c.body(CSS, 200, { 'Content-Type': 'text/css; charset=utf-8', 'Cache-Control': 'no-store' }));
  app.get('/status', async (c) => c.html(renderStatusPage(await health.read()), 200, { 'Cache-Control': 'no-store' }));
}
