/**
 * What happened to one input, after attempts and downloads: saved paths, the provider
 * that delivered, quality and watermark labels, downgrade warnings, the story's remaining
 * lifetime, or the verdict with its hint. Live mode writes sentences; plain mode writes
 * key=value lines:
 *   saved <path> bytes=<n> provider=<id> type=<t> quality=<q> watermark=yes|no|unknown
 *   failed <CODE> <message>   /   hint <text>
 */
import type { DownloadResult, MediaItem, ResolveReport, SerializedError } from '@tiksaver/core';
import { cliHint } from '../setting-flags.js';
import { codeWords, describeExpiry, formatBytes, oneLine } from './format.js';
import type { Terminal } from './terminal.js';

export const REPOST_REMINDER = 'Please ask the creator before reposting their work.';

function watermarkLabel(item: MediaItem): string {
  if (item.watermark === true) return 'watermarked';
  if (item.watermark === false) return 'no watermark';
  return 'watermark unknown';
}

function itemLabels(item: MediaItem): string {
  return [item.quality ?? (item.width && item.height ? `${item.width}x${item.height}` : undefined), item.type === 'video' ? watermarkLabel(item) : undefined]
    .filter(Boolean)
    .join(' · ');
}

/** Warnings about what the user got compared with what they could have expected. */
export function downgradeWarnings(
  report: ResolveReport,
  items: MediaItem[],
  downloads: DownloadResult[] = [],
  /** The --audio-format the user chose, if any. */
  audioFormat?: 'mp3' | 'original',
): string[] {
  const warnings: string[] = [];
  const earlierFailures = report.attempts.filter((a) => a.outcome === 'failed');
  if (items.some((i) => i.type === 'video' && i.watermark === true)) {
    const why = earlierFailures.length ? ` (${earlierFailures.map((a) => `${a.provider}: ${codeWords(a.error?.code ?? '')}`).join(', ')})` : '';
    warnings.push(`Only a watermarked copy was available${why}.`);
  }
  if (report.want === 'audio' && items.length && items.every((i) => i.type !== 'audio')) {
    const converted = downloads.length > 0 && downloads.every((d) => d.path.endsWith('.mp3'));
    warnings.push(
      converted || downloads.length === 0
        ? 'No separate sound track was offered; the sound is taken from the video.'
        : audioFormat === 'original'
          ? 'No separate sound track was offered, so the video was saved as it is (--audio-format original). Use --audio-format mp3 to get the sound only.'
          : 'No separate sound track was offered and ffmpeg is not installed, so the video was saved. Install ffmpeg to get the sound only.',
    );
  }
  return warnings;
}

export interface SummaryInput {
  report: ResolveReport;
  items: MediaItem[];
  downloads: DownloadResult[];
  saveError?: SerializedError;
  dryRun: boolean;
  /** The --audio-format the user chose, if any. */
  audioFormat?: 'mp3' | 'original';
  /** Dry run: where each item would be saved. */
  plannedPaths?: string[];
}

export function printVerdict(term: Terminal, error: SerializedError): void {
  const { c } = term;
  if (term.mode === 'live') {
    term.err(`${c.red(c.bold('✗'))} ${c.bold(codeWords(error.code))} ${c.dim(`(${error.code})`)}: ${oneLine(error.message)}`);
    term.err(`  ${cliHint(error.hint)}`);
  } else {
    term.err(`failed ${error.code} ${oneLine(error.message)}`);
    term.err(`hint ${cliHint(error.hint)}`);
  }
}

export function printSummary(term: Terminal, input: SummaryInput): void {
  const { report, items, downloads, saveError, dryRun } = input;
  const { c } = term;
  const live = term.mode === 'live';
  if (!report.ok || !report.result) {
    if (report.error) printVerdict(term, report.error);
    return;
  }
  const result = report.result;
  const by = result.author?.username ? ` by @${result.author.username}` : '';
  const expiry = result.kind === 'story' ? describeExpiry(result.expiresAt) : undefined;
  const warnings = downgradeWarnings(report, items, downloads, input.audioFormat);

  if (live) {
    if (dryRun) {
      term.err(`${c.green('✓')} Found ${result.kind}${by} via ${c.bold(report.provider ?? '?')}: ${items.length} item${items.length === 1 ? '' : 's'} would be saved`);
      items.forEach((item, i) => {
        const where = input.plannedPaths?.[i];
        const labels = [item.type, itemLabels(item)].filter(Boolean).join(' · ');
        term.err(where ? `  ${c.bold(where)}  ${c.dim(labels)}` : `  ${item.type.padEnd(5)} ${item.ext.padEnd(4)} ${c.dim(itemLabels(item))}`);
      });
    } else if (downloads.length) {
      term.err(`${c.green('✓')} Saved ${downloads.length} file${downloads.length === 1 ? '' : 's'} via ${c.bold(report.provider ?? '?')} (${result.kind}${by}):`);
      for (const d of downloads) {
        term.err(`  ${c.bold(d.path)}  ${c.dim(`${formatBytes(d.bytes)}${d.resumed ? ', resumed' : ''} · ${itemLabels(d.item)}`)}`);
      }
    }
    if (expiry) term.err(`  ${c.yellow('⏳')} This story ${expiry}.`);
    for (const w of warnings) term.err(`  ${c.yellow('⚠')} ${w}`);
  } else {
    if (dryRun) {
      term.err(`found ${result.kind} id=${result.id} provider=${report.provider} items=${items.length}`);
      for (const where of input.plannedPaths ?? []) term.err(`would-save ${where}`);
    }
    for (const d of downloads) {
      const wm = d.item.watermark === undefined ? 'unknown' : d.item.watermark ? 'yes' : 'no';
      // Images: their pixel size is their quality, as in the live summary.
      term.err(
        `saved ${d.path} bytes=${d.bytes} provider=${report.provider} type=${d.item.type} quality=${JSON.stringify(d.item.quality ?? (d.item.width && d.item.height ? `${d.item.width}x${d.item.height}` : ''))} watermark=${wm}${d.resumed ? ' resumed=yes' : ''}`,
      );
    }
    if (expiry && result.expiresAt) term.err(`expires ${result.expiresAt} (${expiry.replace(/^expires /, '')})`);
    for (const w of warnings) term.err(`warning ${w}`);
  }
  if (saveError) printVerdict(term, saveError);
}
