/**
 * `--compare`: every provider side by side (outcome, kind found, items, best quality,
 * watermark, time, or error code), then one hint line per failed provider. This is
 * the "why did my story fail" view, so the reasons are the point.
 */
import { describeReason, type Attempt, type MediaItem, type ResolveReport } from '@tiksaver/core';
import { cliHint, flagOf } from '../setting-flags.js';
import { codeWords, formatMs, oneLine } from './format.js';
import { describeRoutes } from './routes-line.js';
import { renderTable } from './table.js';
import type { Colors } from './terminal.js';

function itemCounts(items: MediaItem[]): string {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(item.type, (counts.get(item.type) ?? 0) + 1);
  return [...counts].map(([type, n]) => `${n} ${n > 1 && type !== 'audio' ? `${type}s` : type}`).join(', ') || '0';
}

function bestQuality(items: MediaItem[]): string {
  const videos = items.filter((i) => i.type === 'video');
  if (videos.length) {
    const best = [...videos].sort((a, b) => (b.height ?? 0) - (a.height ?? 0) || (b.bitrate ?? 0) - (a.bitrate ?? 0))[0]!;
    return best.quality ? qualityOnly(best.quality) : best.height ? `${best.height}p` : '?';
  }
  const images = items.filter((i) => i.type === 'image');
  if (images.length) {
    const best = [...images].sort((a, b) => (b.width ?? 0) * (b.height ?? 0) - (a.width ?? 0) * (a.height ?? 0))[0]!;
    return best.quality ?? (best.width && best.height ? `${best.width}x${best.height}` : '-');
  }
  return items[0]?.quality ?? '-';
}

/**
 * Provider labels carry notes after the quality ("SD, no watermark", cobalt's "original, no
 * watermark, via cobalt tunnel, download within 90 s"); the table has a watermark column,
 * so the cell keeps the quality alone.
 */
function qualityOnly(label: string): string {
  return label.split(', ')[0] ?? label;
}

function watermark(items: MediaItem[]): string {
  const videos = items.filter((i) => i.type === 'video');
  if (!videos.length) return '-';
  if (videos.some((v) => v.watermark === false)) return 'no';
  if (videos.every((v) => v.watermark === true)) return 'yes';
  return '?';
}

function outcomeCell(a: Attempt, c: Colors): string {
  if (a.outcome === 'ok') return c.green('ok');
  if (a.outcome === 'failed') return c.red('failed');
  return c.dim(a.outcome);
}

export function renderCompare(report: ResolveReport, c: Colors): string[] {
  const header = ['PROVIDER', 'OUTCOME', 'KIND', 'ITEMS', 'BEST QUALITY', 'WATERMARK', 'TIME', 'ERROR'].map((h) => c.bold(h));
  const rows = report.attempts.map((a) => {
    const items = a.result?.items ?? [];
    const ok = a.outcome === 'ok' && a.result;
    return [
      a.provider,
      outcomeCell(a, c),
      ok ? a.result!.kind : '-',
      ok ? itemCounts(items) : '-',
      ok ? bestQuality(items) : '-',
      ok ? watermark(items) : '-',
      a.outcome === 'skipped' ? '-' : formatMs(a.durationMs),
      a.error ? c.red(a.error.code) : a.outcome === 'skipped' || a.outcome === 'cancelled' ? c.dim(a.reason ? describeReason(a.reason, flagOf) : '') : '',
    ];
  });
  const lines = renderTable(header, rows);
  const notes = report.attempts.filter((a) => a.error);
  if (notes.length) {
    lines.push('');
    for (const a of notes) {
      lines.push(`${c.bold(a.provider)}: ${codeWords(a.error!.code)}: ${oneLine(a.error!.message)}`);
      lines.push(`  ${c.dim(cliHint(a.error!.hint))}`);
    }
  }
  const routed = report.attempts.map((a) => [a.provider, describeRoutes(a)] as const).filter(([, line]) => line);
  if (routed.length) {
    lines.push('');
    for (const [provider, line] of routed) lines.push(`${c.bold(provider)} routes: ${line}`);
  }
  const okCount = report.attempts.filter((a) => a.outcome === 'ok').length;
  lines.push('');
  if (report.ok) {
    lines.push(`${okCount} of ${report.attempts.length} providers could deliver it; the default chain would use ${c.bold(report.provider ?? '?')}.`);
  } else if (report.error) {
    lines.push(`${c.red('No provider could deliver it.')} ${cliHint(report.error.hint)}`);
  }
  return lines;
}
