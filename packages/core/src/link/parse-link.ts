/**
 * parseLink: whatever the user pasted -> a ParsedLink. Never throws; bad input comes back
 * as kind `invalid` or `not-tiktok`, and linkError() turns that into a TiksaverError.
 */
import type { ParsedLink } from '../schemas.js';
import { classifyTikTokUrl, type Classified, type LinkNote } from './classify-url.js';
import { findUrl } from './find-url.js';
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

  const found = findUrl(input, { prefer: (url) => isTikTokHost(url.hostname) });
  switch (found.type) {
    case 'unsafe-scheme':
      return { link: { kind: 'invalid', input }, note: 'unsafe-scheme' };
    case 'none':
      return { link: { kind: 'invalid', input }, note: 'no-link' };
    case 'deep-link':
      return fromClassified(input, postById(found.id));
  }
  const { url } = found;
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
  return {
    link,
    ...(c.note && { note: c.note }),
    ...(c.page && { site: c.page }),
  };
}
