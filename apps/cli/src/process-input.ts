/**
 * One input from start to finish: resolve (with live attempt lines), pick the items the
 * user wants, save them (with progress bars), then summarise. Returns the exit code for
 * this input and the JSON record (ResolveReport + `downloads`) for --json.
 */
import {
  ERROR_CODES,
  hasFfmpeg,
  isErrorCode,
  planFiles,
  refreshOnce,
  saveResolution,
  selectItems,
  TiksaverError,
  toTiksaverError,
  type DownloadResult,
  type MediaItem,
  type FilePlanSettings,
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

/** How files are named and converted, for the plan (--dry-run) and for saveResolution alike. */
function fileSettings(runtime: Runtime, provider: string | undefined, audioFormat: 'mp3' | 'original' | undefined): FilePlanSettings {
  return {
    ...(runtime.config.outputDir !== undefined && { dir: runtime.config.outputDir }),
    ...(runtime.config.outputTemplate !== undefined && { template: runtime.config.outputTemplate }),
    restrictFilenames: runtime.config.restrictFilenames,
    ...(provider && { provider }),
    ...(audioFormat && { audioFormat }),
  };
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

  const want = options.want ?? report.want ?? 'auto';
  const items = selectItems(report.result, want);
  const selected = { ...report.result, items };
  if (options.printUrls) {
    for (const item of items) term.out(item.url);
  }
  if (options.dryRun) {
    const plan = planFiles(selected, fileSettings(runtime, report.provider, await chooseAudioFormat(runtime, options, items)));
    if (!term.quiet) printSummary(term, { report, items, downloads: [], dryRun: true, plannedPaths: plan.map((file) => file.path) });
    return { exitCode: EXIT.OK, report, downloads: [] };
  }

  if (runtime.archive?.has(report.result.id)) {
    archivedLine(term, report.result.id, runtime.archive.path);
    return { exitCode: EXIT.OK, report, downloads: [], skipped: 'archive' };
  }
  const audioFormat = await chooseAudioFormat(runtime, options, items);
  // A 403 from the media host (stale page session) re-resolves once, the winner asked first.
  const refresh = refreshOnce(selected, async () => {
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
      selected,
      {
        http: runtime.http,
        ...fileSettings(runtime, report.provider, audioFormat),
        force: options.force,
        refresh,
        signal,
        ...(progress && { onProgress: (index: number, p: Parameters<typeof progress.update>[1]) => progress.update(index, p) }),
      },
    );
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
