/**
 * `tiksaver doctor <link>`: explains a link without downloading anything: what kind it
 * is, its id, whether it looks like a story, and what to do next (wording from core's
 * describeLink, shared with the web link doctor). Short links are only expanded with
 * --online (one request to TikTok's redirector, nothing downloaded).
 */
import { describeLink, ERROR_CODES, expandLink, inspectLink, parseLink, toTiksaverError, type ParsedLink } from '@tiksaver/core';
import { EXIT } from './exit-codes.js';
import { optionsOrUsageError, type RawOptions } from './options.js';
import { createRuntime } from './runtime.js';
import { cliHint } from './setting-flags.js';
import { createTerminal, type Terminal } from './ui/terminal.js';

export interface Diagnosis {
  link: ParsedLink;
  /** true when tiksaver can try to resolve it (story, video, photo, short link). */
  usable: boolean;
  /** 'maybe': /video/ links also open stories (reference/tiktok-web.md §1), only the page tells. */
  looksLikeStory: 'yes' | 'no' | 'maybe' | 'unknown';
  code?: string;
  /** What kind of page or garbage an invalid or wrong link is (e.g. 'media-file'). */
  note?: string;
  summary: string;
  hint: string;
  /** Profile links: the command that saves the creator's current stories. */
  stories?: string;
}

/** Plain words for the notes worth showing next to the kind. */
const NOTE_WORDS: Record<string, string> = { 'media-file': 'media file link', malformed: 'cut off or mistyped', home: 'home page' };

export function diagnose(link: ParsedLink): Diagnosis {
  const d = describeLink(link);
  const looksLikeStory = link.kind === 'story' ? 'yes' : link.kind === 'short' ? 'unknown' : link.kind === 'video' ? 'maybe' : 'no';
  const note = link.kind === 'invalid' ? inspectLink(link.input).note : undefined;
  const stories = link.kind === 'profile' && link.username ? `tiksaver --stories '${link.url ?? `@${link.username}`}'` : undefined;
  return { link, usable: d.resolvable, looksLikeStory, ...(d.code && { code: d.code }), ...(note && { note }), summary: d.summary, hint: d.hint, ...(stories && { stories }) };
}

function print(term: Terminal, d: Diagnosis, expandedFrom?: string): void {
  const { c } = term;
  const row = (label: string, value: string | undefined) => value && term.out(`${c.dim(`${label}:`.padEnd(10))}${value}`);
  row('Input', d.link.input);
  if (expandedFrom) row('Expanded', `${expandedFrom} -> ${d.link.url}`);
  row('Link', d.link.url);
  row('Kind', d.note && NOTE_WORDS[d.note] ? `${d.link.kind} (${NOTE_WORDS[d.note]})` : d.link.kind);
  row('Id', d.link.id);
  row('Creator', d.link.username ? `@${d.link.username}` : undefined);
  row('Account', d.link.secUid ? `internal id ${d.link.secUid} (not a username)` : undefined);
  row('Comment', d.link.comment);
  const story = {
    yes: 'yes',
    no: 'no',
    maybe: 'maybe: stories also open under /video/ links; tiksaver finds out when it opens the page',
    unknown: 'cannot tell until the short link is expanded (tiksaver does that first; see --online)',
  }[d.looksLikeStory];
  row('Story?', story);
  row('What', d.summary);
  row(d.usable ? 'Next' : 'Problem', `${d.code ? `${c.red(d.code)}: ` : ''}${d.hint}`);
  if (d.link.others?.length) row('Also', `${d.link.others.join(', ')} (the text holds ${d.link.others.length + 1} links: tiksaver resolves each in turn)`);
  if (d.usable) row('Run', `tiksaver '${d.link.url ?? d.link.input}'`);
  if (d.stories) row('Stories', `${d.stories}  saves @${d.link.username}'s current stories (public accounts, stories up right now)`);
}

export async function doctor(args: string[], raw: RawOptions, env: Record<string, string | undefined>): Promise<number> {
  const options = optionsOrUsageError([], raw, env, 'tiksaver doctor');
  if (!options) return EXIT.USAGE;
  const term = createTerminal({ quiet: options.quiet, progress: false, verbose: options.verbose, env });
  const input = args.join(' ');
  let link = parseLink(input);
  let expandedFrom: string | undefined;
  if (link.kind === 'short' && raw.online) {
    const runtime = await createRuntime(options, env, term);
    try {
      const expanded = await expandLink(link, runtime.http, { signal: AbortSignal.timeout(options.timeoutMs ?? 15_000) });
      expandedFrom = link.url;
      link = expanded;
    } catch (error) {
      const e = toTiksaverError(error, 'NETWORK');
      term.err(`tiksaver doctor: following the short link failed: ${e.code}: ${e.message}`);
      term.err(cliHint(e.hint));
      return ERROR_CODES[e.code].exitCode;
    } finally {
      await runtime.close();
    }
  }
  const d = diagnose(link);
  if (options.json) term.out(JSON.stringify({ ...d, ...(expandedFrom && { expandedFrom }) }));
  else print(term, d, expandedFrom);
  return d.usable ? EXIT.OK : EXIT.BAD_LINK;
}
