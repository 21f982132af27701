/**
 * parseLink: whatever the user pasted -> a ParsedLink. Never throws; bad input comes back
 * as kind `invalid` or `not-tiktok`, and linkError() turns that into a TiksaverError.
 */
import type { ParsedLink } from '../schemas.js';
import { classifyTikTokUrl, type Classified, type LinkNote } from './classify-url.js';
import { findUrls, type UrlToken } from './find-url.js';
import { isDouyinHost, isTikTokCdnHost, isTikTokHost, normalizeHost } from './hosts.js';

export type { LinkNote } from './classify-url.js';

export interface LinkInspection {
  link: ParsedLink;
  /** What kind of page or garbage it was, for describeLink's wording. */
  note?: LinkNote;
  /** Host of a non-TikTok link, or the TikTok page name for `tiktok-page`. */
  site?: string;
}

/** A bare post id pasted on its own (ids are ~19 digits). */
const BARE_ID = /^\d{15,25}$/;

export function parseLink(input: string): ParsedLink {
  return inspectLink(input).link;
}

/** parseLink plus the detail describeLink needs to word its message. */
export function inspectLink(rawInput: string): LinkInspection {
  const input = typeof rawInput === 'string' ? rawInput.trim() : '';
  if (!input) return { link: { kind: 'invalid', input }, note: 'empty' };
  if (BARE_ID.test(input)) return fromClassified(input, postById(input));

  const found = findUrls(input, { keep: (url) => isTikTokHost(url.hostname) || isTikTokCdnHost(url.hostname) });
  switch (found.type) {
    case 'unsafe-scheme':
      return { link: { kind: 'invalid', input }, note: 'unsafe-scheme' };
    case 'none':
      return { link: { kind: 'invalid', input }, note: 'no-link' };
    case 'deep-link':
      return fromClassified(input, postById(found.id));
  }
  // Several links in one share text: an item (story, post, short link) beats a profile or
  // another page, then text order decides; the other items stay visible as `others`.
  const seen = found.urls.map((token) => inspectToken(input, token));
  const chosen = seen.reduce((best, candidate) => (rank(candidate) < rank(best) ? candidate : best));
  const others = [...new Set(seen.filter((s) => s !== chosen && isItem(s) && s.link.url).map((s) => s.link.url!))].filter(
    (url) => url !== chosen.link.url,
  );
  if (others.length > 0) chosen.link.others = others;
  return chosen;
}

/** Lower is better: items, then other TikTok links, then broken TikTok links, then other sites. */
function rank(seen: LinkInspection): number {
  if (isItem(seen)) return 0;
  if (seen.link.kind === 'not-tiktok') return 3;
  return seen.link.kind === 'invalid' ? 2 : 1;
}

function isItem(seen: LinkInspection): boolean {
  const { kind } = seen.link;
  return kind === 'story' || kind === 'video' || kind === 'photo' || kind === 'short';
}

/** The better of a token's two readings (to the next space, or cut at the first CJK letter). */
function inspectToken(input: string, token: UrlToken): LinkInspection {
  const whole = inspectUrl(input, token.url);
  if (!token.alternative) return whole;
  const cut = inspectUrl(input, token.alternative);
  return rank(cut) < rank(whole) ? cut : whole;
}

function inspectUrl(input: string, url: URL): LinkInspection {
  const host = normalizeHost(url.hostname);
  if (isTikTokHost(host)) return fromClassified(input, classifyTikTokUrl(url));
  if (isTikTokCdnHost(host)) return { link: { kind: 'invalid', input }, note: 'media-file', site: host };
  return {
    link: { kind: 'not-tiktok', input, url: url.href },
    note: isDouyinHost(host) ? 'douyin' : 'other-site',
    site: host,
  };
}

function postById(id: string): Classified {
  return { kind: 'video', id, url: `https://www.tiktok.com/@_/video/${id}` };
}

function fromClassified(input: string, c: Classified): LinkInspection {
  const link: ParsedLink = { kind: c.kind, input };
  // `invalid` links carry no URL (schema), whatever the classifier saw.
  if (c.url !== undefined && c.kind !== 'invalid') link.url = c.url;
  if (c.id !== undefined) link.id = c.id;
  if (c.username !== undefined) link.username = c.username;
  if (c.comment !== undefined) link.comment = c.comment;
  if (c.secUid !== undefined) link.secUid = c.secUid;
  return {
    link,
    ...(c.note && { note: c.note }),
    ...(c.page && { site: c.page }),
  };
}
