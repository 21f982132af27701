/**
 * Pulls the URL out of whatever a user pasted. Share texts are localized ("¡Echa un vistazo
 * a este TikTok que encontré! https://vt.tiktok.com/ZS9VgfLQo/", reference/tiktok-web.md §2,
 * cobalt #1553), so we never match the wording: we split on whitespace and look at tokens.
 *
 * Everything here is a linear scan over the input with anchored, non-nested regexes, so
 * 100 KB of pasted text costs a split and a few string checks, never a backtracking blow-up.
 */

/** Longest token we treat as a URL; real share links are < 300 chars. */
const MAX_URL_LENGTH = 4096;

/** Schemes that must never be followed or echoed back as a link. */
const UNSAFE_SCHEME = /^(?:javascript|data|vbscript|file|blob|about|filesystem):/i;

/** TikTok app deep links seen in the wild: snssdk1233://aweme/detail/ID, tiktok://aweme/detail/ID. */
const APP_DEEP_LINK = /^(?:snssdk\d{1,5}|tiktok|musically):\/\/aweme\/detail\/(\d{1,30})(?:[/?#]|$)/i;

/**
 * Characters that end a URL glued to the text around it: brackets, quotes and the CJK and
 * full-width punctuation that share texts in Asian locales put right after the link
 * (e.g. "https://vt.tiktok.com/ZS.../」"), plus the invisible zero-width and direction
 * marks that chat apps insert. Letters never end a URL here: tags and searches are
 * written in every script (`/tag/fypシ`, `search?q=50대`, reference/tiktok-web.md §0).
 */
const PUNCTUATION_TERMINATOR = /[\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff<>"'`\u00ab\u00bb\u2018-\u201f\u2026\u3000-\u303f\u30fb\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65]/;

/** Punctuation plus CJK letters: the old, stricter cut, tried as the alternative reading. */
const URL_TERMINATOR = /[\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff<>"'`\u00ab\u00bb\u2018-\u201f\u2026\u3000-\u30ff\u3400-\u9fff\uac00-\ud7af\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65]/;

/** Trailing punctuation that belongs to the sentence, not the URL. */
const TRAILING_PUNCTUATION = '.,;:!?)]}';

const HOST_PREFIX = /^(?:[a-z0-9-]{1,63}\.){1,10}[a-z]{2,24}(?::\d{1,5})?$/i;

/**
 * One URL found in the text. `url` runs to the next whitespace (minus punctuation);
 * `alternative` is the same token cut at the first CJK letter, for share texts that glue
 * words right after the link ("https://vm.tiktok.com/ZM.../复制此链接"). The caller, which
 * knows TikTok's path forms, decides which reading makes sense.
 */
export interface UrlToken {
  url: URL;
  alternative?: URL;
}

export type FoundUrls =
  | { type: 'urls'; urls: UrlToken[] }
  | { type: 'deep-link'; id: string }
  | { type: 'unsafe-scheme' }
  | { type: 'none' };

export interface FindUrlsOptions {
  /** URLs worth collecting past the first one (e.g. TikTok hosts); the rest are skipped cheaply. */
  keep: (url: URL) => boolean;
  /** At most this many URLs are returned (default 20), so a huge paste costs bounded work. */
  limit?: number;
}

/** Every kept URL of the text in order, plus the first other URL (when nothing is kept, that one is the answer). */
export function findUrls(text: string, { keep, limit = 20 }: FindUrlsOptions): FoundUrls {
  const trimmed = text.trim();
  if (UNSAFE_SCHEME.test(trimmed)) return { type: 'unsafe-scheme' };
  const deep = APP_DEEP_LINK.exec(trimmed);
  if (deep) return { type: 'deep-link', id: deep[1]! };

  const urls: UrlToken[] = [];
  let firstOther: UrlToken | undefined;
  for (const token of trimmed.split(/\s+/)) {
    // Once some other URL is known, only a kept (TikTok) one can change the answer: skip the rest cheaply.
    if (firstOther && !/tiktok/i.test(token)) continue;
    const found = tokenToUrls(token);
    if (!found) continue;
    if (keep(found.url) || (found.alternative && keep(found.alternative))) {
      urls.push(found);
      if (urls.length >= limit) break;
    } else firstOther ??= found;
  }
  if (urls.length === 0 && firstOther) urls.push(firstOther);
  return urls.length > 0 ? { type: 'urls', urls } : { type: 'none' };
}

function tokenToUrls(token: string): UrlToken | undefined {
  const url = tokenToUrl(token, PUNCTUATION_TERMINATOR);
  const alternative = tokenToUrl(token, URL_TERMINATOR);
  if (!url) return alternative && { url: alternative };
  return alternative && alternative.href !== url.href ? { url, alternative } : { url };
}

function tokenToUrl(token: string, terminator: RegExp): URL | undefined {
  if (token.length < 4) return undefined;
  const schemeAt = token.search(/https?:\/\//i);
  if (schemeAt < 0 && !token.includes('.')) return undefined; // no scheme, no host: a plain word
  let candidate = schemeAt >= 0 ? token.slice(schemeAt) : stripLeadingPunctuation(token);
  if (schemeAt < 0 && !HOST_PREFIX.test(hostOf(candidate.slice(0, 300)).split(URL_TERMINATOR, 1)[0]!)) {
    // A scheme-less TikTok link glued to the words before it ("看这个vm.tiktok.com/ZM.../"):
    // walk back from "tiktok" over host characters (a scan, not a backtracking regex).
    candidate = gluedTikTokHost(candidate) ?? candidate;
  }
  // Words may follow the link without a space (Chinese share texts): look at a URL-sized
  // prefix only, so the work per token stays bounded.
  candidate = cutAt(candidate.slice(0, MAX_URL_LENGTH + 1), terminator);
  if (candidate.length > MAX_URL_LENGTH) return undefined;
  let cut = candidate.length;
  while (cut > 0 && TRAILING_PUNCTUATION.includes(candidate[cut - 1]!)) cut--;
  candidate = candidate.slice(0, cut);
  if (candidate.length < 4) return undefined;

  if (schemeAt < 0) {
    // Without a scheme only host-looking text counts: "tiktok.com/@x/video/1" or
    // "www.example.com", never "e.g." or "notes.txt".
    const hostPart = hostOf(candidate);
    if (!HOST_PREFIX.test(hostPart)) return undefined;
    const hasPath = hostPart.length < candidate.length;
    if (!hasPath && !/^www\./i.test(hostPart) && !/(?:^|\.)tiktokv?\.com$/i.test(hostPart)) return undefined;
    candidate = `https://${candidate}`;
  }
  try {
    const url = new URL(candidate);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
    if (!url.hostname.includes('.')) return undefined;
    return url;
  } catch {
    return undefined;
  }
}

/** CJK letters (not punctuation): they end a URL, except inside a `/@username` segment. */
const CJK_LETTER = /[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]/;

const TERMINATORS = new RegExp(URL_TERMINATOR.source, 'g');

function cutAt(text: string, terminator: RegExp): string {
  if (terminator !== URL_TERMINATOR) {
    const at = text.search(terminator);
    return at < 0 ? text : text.slice(0, at);
  }
  const terminators = TERMINATORS; // synchronous use only: lastIndex is reset here
  terminators.lastIndex = 0;
  for (let match = terminators.exec(text); match; match = terminators.exec(text)) {
    const at = match.index;
    const segmentStart = text.lastIndexOf('/', at) + 1;
    if (segmentStart > 0 && text[segmentStart] === '@' && CJK_LETTER.test(text[at]!)) {
      // "/@みく/video/1": a username typed in its own script, not words after the link.
      // Inside it only non-letters (。, quotes, zero-width marks) end the URL.
      const rest = text.slice(at);
      const segmentEnd = rest.search(/[/?#]/);
      const segment = segmentEnd < 0 ? rest : rest.slice(0, segmentEnd);
      const stop = [...segment].findIndex((ch) => URL_TERMINATOR.test(ch) && !CJK_LETTER.test(ch));
      if (stop >= 0) return text.slice(0, at) + [...segment].slice(0, stop).join('');
      if (segmentEnd < 0) return text;
      terminators.lastIndex = at + segmentEnd;
      continue;
    }
    return text.slice(0, at);
  }
  return text;
}

function hostOf(text: string): string {
  return text.split(/[/?#]/, 1)[0]!;
}

function gluedTikTokHost(text: string): string | undefined {
  const at = text.toLowerCase().indexOf('tiktok');
  if (at <= 0) return undefined;
  let start = at;
  while (start > 0 && /[a-z0-9.-]/i.test(text[start - 1]!)) start--;
  // Don't let "nottiktok.com" become "tiktok.com": only cut at a non-host character.
  return start > 0 ? text.slice(start) : undefined;
}

function stripLeadingPunctuation(token: string): string {
  let i = 0;
  while (i < token.length && /[(<[{"'`\u00ab\u2018-\u201f\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff\u3008-\u3011\uff08]/.test(token[i]!)) i++;
  return token.slice(i);
}
