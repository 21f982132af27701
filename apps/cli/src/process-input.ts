/**
 * One input from start to finish: resolve (with live attempt lines), pick the items the
 * user wants, save them (with progress bars), then summarise. Returns the exit code for
 * this input and the JSON record (ResolveReport + `downloads`) for --json.
 */
import { stat } from 'node:fs/promises';
import {
  ERROR_CODES,
  fieldsFor,
  hasFfmpeg,
  isErrorCode,
  outputPath,
  refreshOnce,
  saveResolution,
  selectItems,
  TiksaverError,
  toTiksaverError,
  type DownloadResult,
  type MediaItem,
  type Resolution,
  type ResolveReport,
  type SerializedError,
} from '@tiksaver/core';
import { EXIT } from './exit-codes.js';
import type { CliOptions } from './options.js';
import type { Runtime } from './runtime.js';
import { AttemptsView } from './ui/attempts-view.js';
import { renderCompare } from './ui/compare-table.js';
import { createProgressView } from './ui/progress-view.js';
import { printSummary } from './ui/summary.js';
import type { Terminal } from './ui/terminal.js';

export interface InputOutcome {
  exitCode: number;
  report: ResolveReport;
  downloads: DownloadResult[];
  error?: SerializedError;
  /** Not saved because the download archive already lists the item. */
  skipped?: 'archive';
}

/** The sentence for an item the download archive already lists. */
export function archivedLine(term: Terminal, id: string, archivePath: string): void {
  if (term.quiet) return;
  if (term.mode === 'live') term.err(`${term.c.dim('↷')} Already saved: tiktok ${id} is in the download archive ${archivePath}; skipped.`);
  else term.err(`skipped id=${id} reason=archive archive=${archivePath}`);
}

/** A profile link without --stories: say what --stories would do (no request was made). */
function storiesTip(term: Terminal, report: ResolveReport): void {
  const link = report.link;
  if (report.error?.code !== 'WRONG_LINK_KIND' || link?.kind !== 'profile' || !link.username) return;
  const cmd = `tiksaver --stories '${link.url ?? `@${link.username}`}'`;
  if (term.mode === 'live') term.err(`  To save @${link.username}'s current stories instead: ${term.c.bold(cmd)}`);
  else term.err(`hint-stories ${cmd}`);
}

export function exitCodeForError(error: SerializedError | undefined): number {
  if (!error) return EXIT.INTERNAL;
  if (error.code === 'CANCELLED') return EXIT.INTERRUPTED;
  return isErrorCode(error.code) ? ERROR_CODES[error.code].exitCode : EXIT.INTERNAL;
}

function fileLabel(item: MediaItem, index: number, count: number): string {
  const n = count > 1 ? ` ${index + 1}/${count}` : '';
  return `${item.type}${n} (.${item.ext})`;
}

/**
 * Sound only: MP3 where possible. A video handed back for `audio` (no separate sound
 * track) becomes an MP3 when ffmpeg is on PATH; without ffmpeg the video is kept and the
 * summary says so, unless the user insisted on --audio-format mp3 (then it fails clearly).
 */
async function chooseAudioFormat(runtime: Runtime, options: CliOptions, items: MediaItem[]): Promise<'mp3' | 'original' | undefined> {
  if (runtime.config.audioFormat) return runtime.config.audioFormat;
  if (options.want !== 'audio' || items.some((i) => i.type === 'audio')) return undefined;
  return (await hasFfmpeg()) ? 'mp3' : 'original';
}

/**
 * A video turned into an MP3 comes back with the video's item and byte count; report
 * what is on disk instead: the MP3's size, and an audio item derived from the video.
 */
async function describeConversion(d: DownloadResult): Promise<DownloadResult> {
  if (d.item.type !== 'video' || !d.path.toLowerCase().endsWith('.mp3')) return d;
  const bytes = await stat(d.path).then((s) => s.size, () => d.bytes);
  const { width: _w, height: _h, codec: _c, watermark: _wm, ...rest } = d.item;
  return { ...d, bytes, item: { ...rest, type: 'audio', ext: 'mp3', mimeType: 'audio/mpeg', quality: 'MP3 from the video' } };
}

/** Where each item would be saved: the same names saveResolution gives them. */
function plannedPaths(result: Resolution, items: MediaItem[], runtime: Runtime, provider: string | undefined, mp3: boolean): string[] {
  return items.map((item) => {
    const ofType = items.filter((i) => i.type === item.type);
    const fields = fieldsFor(result, item, ofType.indexOf(item) + 1, ofType.length, provider);
    const path = outputPath(runtime.config.outputDir ?? process.cwd(), runtime.config.outputTemplate, fields, {
      restrictFilenames: runtime.config.restrictFilenames,
    });
    // A video kept only for its sound becomes <name>.mp3 (as saveResolution names it).
    return mp3 && item.type === 'video' ? path.replace(/\.[^./]+$/, '') + '.mp3' : path;
  });
}

export async function processInput(input: string, runtime: Runtime, options: CliOptions, term: Terminal, signal: AbortSignal): Promise<InputOutcome> {
  const view = new AttemptsView(term);
  view.start(runtime.order);
  let report: ResolveReport;
  try {
    report = await runtime.resolver.resolve(input, {
      // The order chosen by the registry (subset and exclude applied): the engine lists exactly these.
      providers: runtime.order,
      ...(options.want && { want: options.want }),
      signal,
      onEvent: (event) => view.onEvent(event),
    });
  } finally {
    view.finish({ erase: options.compare && !options.json });
  }

  if (options.compare) {
    if (!options.json) for (const line of renderCompare(report, term.cOut)) term.out(line);
    // --compare is a diagnosis: it succeeds when some provider could deliver.
    if (report.ok) return { exitCode: EXIT.OK, report, downloads: [] };
    return { exitCode: exitCodeForError(report.error), report, downloads: [], ...(report.error && { error: report.error }) };
  }

  if (!report.ok || !report.result) {
    if (signal.aborted && report.error?.code === 'CANCELLED') {
      const error = new TiksaverError('CANCELLED', 'Stopped by Ctrl-C before any provider answered.', {
        hint: 'Nothing was saved. Run the same command again to start over.',
      }).toJSON();
      printSummary(term, { report: { ...report, error }, items: [], downloads: [], dryRun: options.dryRun });
      return { exitCode: exitCodeForError(error), report, downloads: [], error };
    }
    printSummary(term, { report, items: [], downloads: [], dryRun: options.dryRun });
    storiesTip(term, report);
    return { exitCode: exitCodeForError(report.error), report, downloads: [], ...(report.error && { error: report.error }) };
  }

  const items = selectItems(report.result, options.want ?? report.want ?? 'auto');
  if (options.printUrls) {
    for (const item of items) term.out(item.url);
  }
  if (options.dryRun) {
    const mp3 = (await chooseAudioFormat(runtime, options, items)) === 'mp3' && !items.some((i) => i.type === 'audio');
    const planned = plannedPaths(report.result, items, runtime, report.provider, mp3);
    if (!term.quiet) printSummary(term, { report, items, downloads: [], dryRun: true, plannedPaths: planned });
    return { exitCode: EXIT.OK, report, downloads: [] };
  }

  if (runtime.archive?.has(report.result.id)) {
    archivedLine(term, report.result.id, runtime.archive.path);
    return { exitCode: EXIT.OK, report, downloads: [], skipped: 'archive' };
  }
  const audioFormat = await chooseAudioFormat(runtime, options, items);
  const want = options.want ?? report.want ?? 'auto';
  // A 403 from the media host (stale page session) re-resolves once, the winner asked first.
  const refresh = refreshOnce({ ...report.result, items }, async () => {
    const first = report.provider;
    const again = await runtime.resolver.resolve(input, {
      providers: first ? [first, ...runtime.order.filter((id) => id !== first)] : runtime.order,
      strategy: 'sequential',
      want,
      signal,
    });
    return again.ok && again.result ? { ...again.result, items: selectItems(again.result, want) } : undefined;
  });
  const progress = term.quiet ? undefined : createProgressView(term, items.map((item, i) => fileLabel(item, i, items.length)));
  let downloads: DownloadResult[] = [];
  let saveError: SerializedError | undefined;
  try {
    downloads = await saveResolution(
      { ...report.result, items },
      {
        http: runtime.http,
        ...(report.provider && { provider: report.provider }),
        ...(runtime.config.outputDir !== undefined && { dir: runtime.config.outputDir }),
        ...(runtime.config.outputTemplate !== undefined && { template: runtime.config.outputTemplate }),
        force: options.force,
        restrictFilenames: runtime.config.restrictFilenames,
        ...(audioFormat && { audioFormat }),
        refresh,
        signal,
        ...(progress && { onProgress: (index: number, p: Parameters<typeof progress.update>[1]) => progress.update(index, p) }),
      },
    );
    downloads = await Promise.all(downloads.map(describeConversion));
  } catch (error) {
    saveError = signal.aborted
      ? new TiksaverError('CANCELLED', 'Stopped by Ctrl-C.', {
          hint: 'What was downloaded is kept as .part; run the same command again to resume. (Ctrl-C twice quits at once.)',
        }).toJSON()
      : toTiksaverError(error, 'DOWNLOAD_FAILED').toJSON();
  } finally {
    progress?.stop();
  }
  if (!term.quiet || saveError) printSummary(term, {
      report,
      items,
      downloads,
      dryRun: false,
      ...(saveError && { saveError }),
      ...(runtime.config.audioFormat && { audioFormat: runtime.config.audioFormat }),
    });
  // The post was resolved, so any failure from here on is a save failure (exit 7 in the
  // table), whatever its code (NETWORK, TIMEOUT, BLOCKED...); Ctrl-C keeps its own code.
  if (saveError) return { exitCode: saveError.code === 'CANCELLED' ? exitCodeForError(saveError) : EXIT.SAVE_FAILED, report, downloads, error: saveError };
  await runtime.archive?.add(report.result.id);
  return { exitCode: EXIT.OK, report, downloads };
}
