/**
 * The main command: collect inputs, build the runtime once, process each input in turn
 * (a failing one never stops the rest), print the batch tally, pick the exit code.
 * Ctrl-C aborts the current work through one AbortSignal; .part files stay for resume.
 */
import { renderErrorHints, renderReportHints } from '@tiksaver/core';
import { EXIT, combineExitCodes } from './exit-codes.js';
import { collectInputs, splitSeveralLinks, type InputLine } from './inputs.js';
import { optionsOrUsageError, UsageError, type CliOptions, type RawOptions } from './options.js';
import { processInput, type InputOutcome } from './process-input.js';
import { createRuntime, type Runtime } from './runtime.js';
import { printSandboxNote } from './sandbox-note.js';
import { withoutFileCookies } from './redact.js';
import { flagOf } from './setting-flags.js';
import { fileCookieNames, runStories } from './stories.js';
import { REPOST_REMINDER } from './ui/summary.js';
import { createTerminal, type Terminal } from './ui/terminal.js';

export interface CliIo {
  env: Record<string, string | undefined>;
  version?: string;
}

export function terminalFor(options: Pick<CliOptions, 'quiet' | 'progress' | 'verbose'>, env: Record<string, string | undefined>): Terminal {
  return createTerminal({ quiet: options.quiet, progress: options.progress, verbose: options.verbose, env });
}

/** Turns Ctrl-C into an abort; a second Ctrl-C exits at once. */
export function onInterrupt(controller: AbortController, term: Terminal): () => void {
  let count = 0;
  const handler = () => {
    count++;
    if (count > 1) process.exit(EXIT.INTERRUPTED);
    // Live mode says it in the verdict ("Stopped by Ctrl-C") instead: a line written now
    // would be drawn over by the attempt block or the progress bars, which redraw in place.
    if (term.mode !== 'live') {
      term.err('');
      term.err('Interrupted: stopping (partial downloads are kept as .part and resume next time). Press Ctrl-C again to quit at once.');
    }
    controller.abort(new Error('Interrupted'));
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return () => {
    process.off('SIGINT', handler);
    process.off('SIGTERM', handler);
  };
}

function tally(term: Terminal, lines: InputLine[], outcomes: InputOutcome[], options: CliOptions): void {
  const ok = outcomes.filter((o) => o.exitCode === EXIT.OK).length;
  const failed = outcomes.length - ok;
  const skipped = lines.length - outcomes.length;
  const verb = options.compare || options.dryRun ? 'resolved' : 'saved';
  const parts = [`${ok} ${verb}`, `${failed} failed`, ...(skipped ? [`${skipped} not tried (interrupted)`] : [])];
  const { c } = term;
  if (term.mode === 'live') term.err(`\n${c.bold('Done:')} ${parts.join(', ')} (of ${lines.length}).`);
  else term.err(`tally ok=${ok} failed=${failed} notTried=${skipped} total=${lines.length}`);
  outcomes.forEach((o, i) => {
    if (o.exitCode === EXIT.OK) return;
    const code = o.error?.code ?? 'ERROR';
    const line = lines[i]!;
    if (term.mode === 'live') term.err(`  ${c.red('✗')} ${line.origin}: ${code} ${c.dim(line.text)}`);
    else term.err(`failed-input ${line.origin.replace(' ', '=')} ${code} ${line.text}`);
  });
}

export async function run(args: string[], raw: RawOptions, io: CliIo): Promise<number> {
  const options = optionsOrUsageError(args, raw, io.env, 'tiksaver', '(run tiksaver --help for usage)\n');
  if (!options) return EXIT.USAGE;
  const term = terminalFor(options, io.env);
  if (options.verbose) term.err(`tiksaver ${io.version ?? '?'} on node ${process.version} (${process.platform} ${process.arch})`);
  let lines: InputLine[];
  try {
    lines = await collectInputs(options.inputs, options.batchFile);
  } catch (error) {
    if (error instanceof UsageError) {
      term.err(`tiksaver: ${error.message}`);
      return EXIT.USAGE;
    }
    throw error;
  }
  const split = splitSeveralLinks(lines);
  lines = split.lines;
  for (const note of split.notes) if (!term.quiet) term.err(term.mode === 'live' ? term.c.dim(note) : `note ${note}`);
  if (lines.length === 0 && !options.sandbox) {
    term.err('tiksaver: give a TikTok link (or -a FILE). Example: tiksaver https://vm.tiktok.com/ZMabc123/');
    term.err('(run tiksaver --help for usage)');
    return EXIT.USAGE;
  }

  const controller = new AbortController();
  const detach = onInterrupt(controller, term);
  let runtime: Runtime | undefined;
  try {
    runtime = await createRuntime(options, io.env, term);
    if (options.sandbox && runtime.sandbox) {
      printSandboxNote(term, runtime.sandbox, lines.length === 0);
      if (lines.length === 0) return EXIT.OK;
    }
    if (options.stories) {
      const codes: number[] = [];
      let saved = false;
      for (const line of lines) {
        if (controller.signal.aborted) break;
        if (lines.length > 1 && !term.quiet) term.err(term.mode === 'live' ? term.c.bold(`\n${line.origin}: ${line.text}`) : `input ${line.origin.replace(' ', '=')} ${line.text}`);
        const result = await runStories(line.text, runtime, options, term, controller.signal);
        codes.push(result.exitCode);
        saved ||= result.saved > 0;
      }
      if (saved && !term.quiet) term.err(term.mode === 'live' ? term.c.dim(REPOST_REMINDER) : `note ${REPOST_REMINDER}`);
      if (controller.signal.aborted) return EXIT.INTERRUPTED;
      return combineExitCodes(codes);
    }
    const outcomes: InputOutcome[] = [];
    for (const line of lines) {
      if (controller.signal.aborted) break;
      if (lines.length > 1 && !options.json && term.mode === 'live') term.err(term.c.bold(`\n${line.origin}: ${line.text}`));
      else if (lines.length > 1 && term.mode === 'plain' && !term.quiet) term.err(`input ${line.origin.replace(' ', '=')} ${line.text}`);
      const outcome = await processInput(line.text, runtime, options, term, controller.signal);
      outcomes.push(outcome);
      // NDJSON: the ResolveReport plus what was saved (and why saving failed, if it did).
      if (options.json) term.out(JSON.stringify(withoutFileCookies({ ...renderReportHints(outcome.report, flagOf), downloads: outcome.downloads, ...(outcome.error && !outcome.report.error && { saveError: renderErrorHints(outcome.error, flagOf) }) }, fileCookieNames(runtime))));
    }
    if (lines.length > 1) tally(term, lines, outcomes, options);
    const saved = outcomes.some((o) => o.downloads.length > 0);
    if (saved && !term.quiet) term.err(term.mode === 'live' ? term.c.dim(REPOST_REMINDER) : `note ${REPOST_REMINDER}`);
    if (controller.signal.aborted) return EXIT.INTERRUPTED;
    return combineExitCodes(outcomes.map((o) => o.exitCode));
  } catch (error) {
    if (error instanceof UsageError) {
      term.err(`tiksaver: ${error.message}`);
      return EXIT.USAGE;
    }
    if (controller.signal.aborted) return EXIT.INTERRUPTED;
    throw error;
  } finally {
    detach();
    await runtime?.close();
  }
}
