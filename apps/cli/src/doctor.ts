/**
 * `tiksaver doctor <link>`: explains a link without downloading anything: what kind it
 * is, its id, whether it looks like a story, and what to do next. Short links are only
 * expanded with --online (one request to TikTok's redirector, nothing downloaded).
 */
import { ERROR_CODES, parseLink, type ParsedLink } from '@tiksaver/core';
import { EXIT } from './exit-codes.js';
import { normalizeOptions, UsageError, type RawOptions } from './options.js';
import { createRuntime } from './runtime.js';
import { createTerminal, type Terminal } from './ui/terminal.js';

const KIND_TEXT: Record<string, string> = {
  story: 'a story (disappears about 24 hours after posting)',
  video: 'a video post',
  photo: 'a photo post (slideshow)',
  short: 'a short share link (vm./vt.tiktok.com or tiktok.com/t/)',
  profile: "a creator's profile, not one story or post",
  live: 'a LIVE stream (not saved by tiksaver)',
  music: 'a sound page (lists videos using a sound)',
  tag: 'a hashtag page',
  search: 'a search page',
  'not-tiktok': 'not a TikTok link',
  invalid: 'no link found in the text',
};

export interface Diagnosis {
  link: ParsedLink;
  usable: boolean;
  looksLikeStory: 'yes' | 'no' | 'unknown';
  advice: string;
  code?: string;
}

export function diagnose(link: ParsedLink): Diagnosis {
  const quoted = `'${link.url ?? link.input}'`;
  switch (link.kind) {
    case 'story':
      return { link, usable: true, looksLikeStory: 'yes', advice: `Save it soon, before it expires: tiksaver ${quoted}` };
    case 'video':
    case 'photo':
      if (link.comment) {
        return {
          link,
          usable: false,
          looksLikeStory: 'no',
          code: 'WRONG_LINK_KIND',
          advice: `This link points at a comment. To save the ${link.kind} itself, use its link without the comment: https://www.tiktok.com/@${link.username ?? '_'}/${link.kind}/${link.id}`,
        };
      }
      return { link, usable: true, looksLikeStory: 'no', advice: `Save it with: tiksaver ${quoted}` };
    case 'short':
      return {
        link,
        usable: true,
        looksLikeStory: 'unknown',
        advice: `tiksaver expands short links first (follows TikTok's redirect), then saves what it points at. To see where it leads without saving: tiksaver doctor --online ${quoted}`,
      };
    case 'not-tiktok':
      return { link, usable: false, looksLikeStory: 'no', code: 'NOT_TIKTOK', advice: ERROR_CODES.NOT_TIKTOK.hint };
    case 'invalid':
      return { link, usable: false, looksLikeStory: 'no', code: 'INVALID_INPUT', advice: ERROR_CODES.INVALID_INPUT.hint };
    case 'profile':
      return {
        link,
        usable: false,
        looksLikeStory: 'no',
        code: 'WRONG_LINK_KIND',
        advice: `This is @${link.username ?? '?'}'s profile. Open the story itself (tap their profile picture when it has a ring), tap Share, then Copy link, and paste that.`,
      };
    default:
      return { link, usable: false, looksLikeStory: 'no', code: 'WRONG_LINK_KIND', advice: ERROR_CODES.WRONG_LINK_KIND.hint };
  }
}

function print(term: Terminal, d: Diagnosis, expandedFrom?: string): void {
  const { c } = term;
  const row = (label: string, value: string | undefined) => value && term.out(`${c.dim(`${label}:`.padEnd(12))}${value}`);
  row('Input', d.link.input);
  if (expandedFrom) row('Expanded', `${expandedFrom} -> ${d.link.url}`);
  row('Link', d.link.url);
  row('Kind', `${d.link.kind}: ${KIND_TEXT[d.link.kind] ?? d.link.kind}`);
  row('Id', d.link.id);
  row('Creator', d.link.username ? `@${d.link.username}` : undefined);
  row('Comment', d.link.comment);
  row('Story?', d.looksLikeStory === 'yes' ? 'yes' : d.looksLikeStory === 'no' ? 'no' : 'cannot tell before the short link is expanded');
  row(d.usable ? 'Next' : 'Problem', `${d.code ? `${d.code}: ` : ''}${d.advice}`);
}

export async function doctor(args: string[], raw: RawOptions, env: Record<string, string | undefined>): Promise<number> {
  let options;
  try {
    options = normalizeOptions([], raw, env);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`tiksaver doctor: ${error.message}\n`);
      return EXIT.USAGE;
    }
    throw error;
  }
  const term = createTerminal({ quiet: options.quiet, progress: false, verbose: options.verbose, env });
  const input = args.join(' ');
  let link = parseLink(input);
  let expandedFrom: string | undefined;
  if (link.kind === 'short' && raw.online) {
    const runtime = await createRuntime(options, env, term);
    try {
      const { expandLink } = await import('@tiksaver/core');
      const expanded = await expandLink(link, runtime.http, { signal: AbortSignal.timeout(options.timeoutMs ?? 15_000) });
      expandedFrom = link.url;
      link = expanded;
    } catch (error) {
      const e = error as { code?: string; message?: string; hint?: string };
      term.err(`tiksaver doctor: could not expand the short link: ${e.code ?? ''} ${e.message ?? String(error)}`);
      if (e.hint) term.err(e.hint);
    } finally {
      await runtime.close();
    }
  }
  const d = diagnose(link);
  if (options.json) term.out(JSON.stringify({ ...d, ...(expandedFrom && { expandedFrom }) }));
  else print(term, d, expandedFrom);
  return d.usable ? EXIT.OK : EXIT.BAD_LINK;
}
