/**
 * `tiksaver --stories LINK_OR_@NAME` (issue 14): list the creator's current stories through
 * @tiksaver/providers' listStories, then save each one by id like any pasted link (the normal
 * engine, fallback and naming), with a line per story and a tally. Only stories that are up
 * right now, and only public ones: nothing here gets around a private account.
 */
import { renderErrorHints, renderReportHints, TiksaverError, toTiksaverError, type SerializedError } from '@tiksaver/core';
import { emptyListHint, listStories, resolveProfileTarget, NATIVE_DEFAULT_BASE_URL, noStorySentence, type ProfileRef, type StoryListing, type StorySummary } from '@tiksaver/providers';
import { EXIT, combineExitCodes } from './exit-codes.js';
import type { CliOptions } from './options.js';
import { archivedLine, exitCodeForError, processInput, type InputOutcome } from './process-input.js';
import type { Runtime } from './runtime.js';
import { withoutFileCookies } from './redact.js';
import { cliHint, flagOf } from './setting-flags.js';
import { describeExpiry } from './ui/format.js';
import { printVerdict } from './ui/summary.js';
import type { Terminal } from './ui/terminal.js';

/** Names of the --cookies cookies, to keep their values out of --json. */
export function fileCookieNames(runtime: Runtime): Set<string> {
  return new Set(runtime.cookies?.names ?? []);
}

export interface StoriesOutcome {
  exitCode: number;
  /** One per current story (a story the archive already lists has no report). */
  outcomes: Array<{ story: StorySummary; outcome?: InputOutcome }>;
  saved: number;
  failed: number;
  skipped: number;
}

/** --stories wording on top of the shared parser: name the flag. */
export async function profileTarget(text: string, http: Runtime['http'], signal: AbortSignal): Promise<ProfileRef> {
  try {
    return await resolveProfileTarget(text, http, signal);
  } catch (error) {
    if (!(error instanceof TiksaverError) || error.code !== 'WRONG_LINK_KIND') throw error;
    throw new TiksaverError(error.code, `--stories takes a creator's profile link or @name, not ${String(error.detail?.what ?? 'this')}`, {
      hint: "Give the creator's profile, e.g. tiksaver --stories https://www.tiktok.com/@creator (or @creator). For one story or post, drop --stories.",
    });
  }
}

function storyLine(term: Terminal, story: StorySummary, index: number, count: number): void {
  const expiry = describeExpiry(story.expiresAt);
  if (term.mode === 'live') {
    term.err(term.c.bold(`\nStory ${index + 1}/${count}: ${story.kind} ${story.id}${expiry ? ` (${expiry})` : ''}`));
  } else {
    term.err(`story ${index + 1}/${count} id=${story.id} kind=${story.kind}${story.expiresAt ? ` expires=${story.expiresAt}` : ''}`);
  }
}

function printList(term: Terminal, listing: StoryListing): void {
  const { c } = term;
  const n = listing.stories.length;
  if (term.mode === 'live') {
    term.err(`${c.green('✓')} @${listing.author.username} has ${n} current ${n === 1 ? 'story' : 'stories'} (nothing saved, --dry-run):`);
    for (const s of listing.stories) {
      term.err(`  ${s.kind.padEnd(5)} ${c.bold(s.id)}  ${c.dim(describeExpiry(s.expiresAt) ?? 'expiry unknown')}  ${c.dim(s.url)}`);
    }
  } else {
    for (const s of listing.stories) {
      term.err(`story id=${s.id} kind=${s.kind}${s.createdAt ? ` created=${s.createdAt}` : ''}${s.expiresAt ? ` expires=${s.expiresAt}` : ''} url=${s.url}`);
    }
  }
}

function printTally(term: Terminal, listing: StoryListing, result: StoriesOutcome, archivePath?: string): void {
  const { c } = term;
  const who = `@${listing.author.username}`;
  const total = listing.stories.length;
  const allArchived = result.skipped === total;
  const nothingNew = `all ${total} current ${total === 1 ? 'story' : 'stories'} of ${who} were already saved (download archive ${archivePath}).`;
  if (term.mode !== 'live') {
    if (allArchived) term.err(`nothing-new ${nothingNew}`);
    term.err(`stories author=${listing.author.username} saved=${result.saved} failed=${result.failed} already=${result.skipped} total=${total}`);
    for (const { story, outcome } of result.outcomes) {
      if (outcome && outcome.exitCode !== EXIT.OK) term.err(`failed-story id=${story.id} ${outcome.error?.code ?? 'ERROR'} ${outcome.error?.message ?? ''}`.trimEnd());
    }
    return;
  }
  if (allArchived) {
    term.err(`\n${c.bold('Nothing new:')} ${nothingNew}`);
    return;
  }
  const parts = [`${result.saved} saved`, `${result.failed} failed`, ...(result.skipped ? [`${result.skipped} already saved`] : [])];
  term.err(`\n${c.bold(`Stories of ${who}:`)} ${parts.join(', ')} (of ${total}).`);
  for (const { story, outcome } of result.outcomes) {
    if (!outcome || outcome.exitCode === EXIT.OK) continue;
    term.err(`  ${c.red('✗')} ${story.kind} ${story.id}: ${outcome.error?.code ?? 'ERROR'} ${c.dim(outcome.error?.message ?? '')}`);
  }
}

export async function runStories(input: string, runtime: Runtime, options: CliOptions, term: Terminal, signal: AbortSignal): Promise<StoriesOutcome> {
  const empty = { outcomes: [], saved: 0, failed: 0, skipped: 0 };
  let listing: StoryListing;
  try {
    const http = runtime.http.fork();
    const target = await profileTarget(input, http, signal);
    listing = await listStories(
      { http, signal, logger: runtime.logger, baseUrl: runtime.config.baseUrls.native ?? NATIVE_DEFAULT_BASE_URL },
      target,
    );
  } catch (error) {
    const e: SerializedError = (signal.aborted ? new TiksaverError('CANCELLED', 'Stopped by Ctrl-C while listing the stories.') : toTiksaverError(error, 'NETWORK')).toJSON();
    printVerdict(term, e);
    if (options.json) term.out(JSON.stringify({ type: 'stories', input, ok: false, error: renderErrorHints(e, flagOf) }));
    return { exitCode: exitCodeForError(e), ...empty };
  }
  const summaryJson = (extra: Record<string, unknown>) =>
    term.out(JSON.stringify({ type: 'stories', input, ok: true, author: listing.author, ...(listing.profileSaysStory !== undefined && { profileSaysStory: listing.profileSaysStory }), stories: listing.stories, ...extra }));

  if (listing.stories.length === 0) {
    term.err(noStorySentence(listing.author.username));
    const found = emptyListHint(listing);
    const hint = found === undefined ? undefined : cliHint(found);
    if (hint) term.err(term.mode === 'live' ? `  ${hint}` : `hint ${hint}`);
    if (options.json) summaryJson({ saved: 0, failed: 0, skipped: 0, ...(hint && { hint }) });
    return { exitCode: EXIT.NO_STORIES, ...empty };
  }
  if (options.dryRun) {
    if (!term.quiet) printList(term, listing);
    if (options.json) summaryJson({ dryRun: true });
    return { exitCode: EXIT.OK, ...empty };
  }

  const result: StoriesOutcome = { exitCode: EXIT.OK, outcomes: [], saved: 0, failed: 0, skipped: 0 };
  const count = listing.stories.length;
  for (const [index, story] of listing.stories.entries()) {
    if (signal.aborted) break;
    if (!term.quiet) storyLine(term, story, index, count);
    if (runtime.archive?.has(story.id)) {
      archivedLine(term, story.id, runtime.archive.path);
      result.skipped++;
      result.outcomes.push({ story });
      if (options.json) term.out(JSON.stringify({ type: 'story', story, skipped: 'archive' }));
      continue;
    }
    const outcome = await processInput(story.url, runtime, options, term, signal);
    result.outcomes.push({ story, outcome });
    if (outcome.skipped) result.skipped++;
    else if (outcome.exitCode === EXIT.OK) result.saved++;
    else result.failed++;
    if (options.json) {
      term.out(JSON.stringify(withoutFileCookies({ ...renderReportHints(outcome.report, flagOf), downloads: outcome.downloads, story, ...(outcome.skipped && { skipped: outcome.skipped }), ...(outcome.error && !outcome.report.error && { saveError: renderErrorHints(outcome.error, flagOf) }) }, fileCookieNames(runtime))));
    }
  }
  if (!term.quiet || result.failed) printTally(term, listing, result, runtime.archive?.path);
  if (options.json) summaryJson({ saved: result.saved, failed: result.failed, skipped: result.skipped });
  if (signal.aborted) return { ...result, exitCode: EXIT.INTERRUPTED };
  result.exitCode = combineExitCodes(result.outcomes.map((o) => o.outcome?.exitCode ?? EXIT.OK));
  return result;
}
