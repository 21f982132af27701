/**
 * Short link (vm./vt./t./www.tiktok.com/t/CODE) -> the canonical link it opens.
 *
 * Facts followed (reference/tiktok-web.md §1 and top-10 #4):
 * - read the redirect ourselves (redirect: 'manual'); never follow blindly;
 * - keep the client's normal browser user agent: since Aug 2026 a Discordbot UA gets no
 *   Location (fxTikTok #53), and we do not want TikTok's bot-specific answers either;
 * - no Location but a body starting `<a href="https://...">` is cobalt's fallback;
 * - a redirect to the home page (`https://www.tiktok.com/?_r=1`, 28 chars or fewer for
 *   gallery-dl) means the post is gone;
 * - share parameters (`?_t=...&_r=1`) are dropped (classify-url keeps no query);
 * - where it lands decides the answer: an item (TikTok Lite's `t.tiktok.com/i18n/share/
 *   video/ID/` is one, reference §0), a profile or other page (described as such), the
 *   home page (gone), another short link (read again, at most `maxHops` reads), or a
 *   host or page tiksaver does not know (said with its URL, never "deleted").
 */
import { TiksaverError, toTiksaverError } from '../errors.js';
import type { HttpClient } from '../http/types.js';
import type { ParsedLink } from '../schemas.js';
import { inspectLink } from './parse-link.js';

export interface ExpandLinkOptions {
  signal?: AbortSignal;
  /** Short links read (the first one and any it redirects to) before giving up. Default 3. */
  maxHops?: number;
  /** When the caller knows the link is a story, a dead link is EXPIRED (final) instead of NOT_FOUND. */
  story?: boolean;
}

const REDIRECT_STATUSES = [301, 302, 303, 307, 308];
/** gallery-dl: a Location of this length or less is the home page, i.e. not found. */
const HOME_PAGE_MAX_LENGTH = 28;
const BODY_PEEK_BYTES = 64 * 1024;

export async function expandLink(link: ParsedLink, http: HttpClient, options: ExpandLinkOptions = {}): Promise<ParsedLink> {
  if (link.kind !== 'short' || !link.url) return link;
  const { signal, maxHops = 3, story = false } = options;
  const start = link.url;
  let current = start;

  for (let hop = 0; hop < maxHops; hop++) {
    if (signal?.aborted) throw toTiksaverError(signal.reason, 'CANCELLED');
    const { status, target } = await readRedirect(current, http, signal).catch((error: unknown) => {
      throw toTiksaverError(error, 'NETWORK');
    });
    if (status === 404 || status === 410) throw deadLink(start, story, `TikTok answers ${status} for it`);
    if (!target) {
      // A redirect without a Location is what bot user agents get (fxTikTok #53); a 200
      // page without a link is a new shape. Neither says the post is gone.
      throw new TiksaverError('UPSTREAM_CHANGED', `The short link ${current} answered ${status} without saying where it leads.`, {
        detail: { status },
      });
    }
    const seen = inspectLink(target);
    if (seen.link.kind === 'not-tiktok') {
      throw new TiksaverError('NOT_TIKTOK', `The short link ${start} leads off TikTok, to ${target}.`, {
        hint: 'tiksaver only follows links that stay on TikTok. Copy the link again from TikTok with Share, then Copy link.',
        detail: { location: target, host: seen.site },
      });
    }
    if (seen.link.kind === 'short') {
      current = seen.link.url!;
      continue;
    }
    if (seen.link.kind !== 'invalid') {
      // An item, or a profile/music/tag page that the caller describes as such.
      const { input: _ignored, others: _none, ...fields } = seen.link;
      return { ...fields, input: link.input, expandedFrom: start, ...(link.others && { others: link.others }) };
    }
    if (isHomePage(target, seen.note)) throw deadLink(start, story, 'it leads to the TikTok home page');
    if (/\/login(?:[/?#]|$)/.test(new URL(target).pathname)) {
      throw new TiksaverError('PRIVATE', `The short link ${start} asks TikTok to sign in first.`, { detail: { location: target } });
    }
    throw new TiksaverError('UPSTREAM_CHANGED', `The short link ${start} led to a page tiksaver does not know: ${target}`, {
      hint: 'This does not mean the post is gone. Open the link in the TikTok app; if it plays, copy the post link there (Share, then Copy link) and paste that.',
      detail: { location: target },
    });
  }
  throw new TiksaverError('UPSTREAM_CHANGED', `The short link ${start} kept redirecting to other short links.`, {
    detail: { last: current },
  });
}

/** Where the short link points (absolute URL), if it says so. */
async function readRedirect(url: string, http: HttpClient, signal: AbortSignal | undefined): Promise<{ status: number; target?: string }> {
  const response = await http.request(url, {
    method: 'GET',
    redirect: 'manual',
    okStatuses: [...REDIRECT_STATUSES, 200, 404, 410],
    maxBytes: BODY_PEEK_BYTES,
    ...(signal && { signal }),
  });
  const { status } = response;
  const location = response.header('location');
  if (REDIRECT_STATUSES.includes(status) && location) {
    await response.dump();
    return withTarget(status, absolute(location, url));
  }
  if (status !== 200) {
    await response.dump();
    return { status };
  }
  // cobalt: some answers carry no Location but a body `<a href="https://...">Moved</a>`.
  // Only a short body near its start counts; a full page is not a redirect.
  const body = await response.text().catch(() => '');
  const at = body.indexOf('href="');
  if (at < 0 || at > 512) return { status };
  const end = body.indexOf('"', at + 6);
  return withTarget(status, end > at ? absolute(decodeEntities(body.slice(at + 6, end)), url) : undefined);
}

function withTarget(status: number, target: string | undefined): { status: number; target?: string } {
  return target ? { status, target } : { status };
}

function isHomePage(target: string, note: string | undefined): boolean {
  if (note === 'home') return true;
  try {
    const { pathname } = new URL(target);
    return pathname === '/' || pathname === '' || (target.length <= HOME_PAGE_MAX_LENGTH && !/\/(?:@|t\/|v\/)/.test(pathname));
  } catch {
    return false;
  }
}

function deadLink(start: string, story: boolean, why: string): TiksaverError {
  if (story) {
    return new TiksaverError('EXPIRED', `The story link ${start} no longer works: ${why}.`, { detail: { url: start } });
  }
  return new TiksaverError('NOT_FOUND', `The short link ${start} no longer works: ${why}.`, {
    hint: 'The story or post it pointed at has expired or was deleted; stories vanish after about 24 hours. Nothing can bring it back.',
    detail: { url: start },
  });
}

function absolute(location: string, base: string): string | undefined {
  try {
    return new URL(location, base).href;
  } catch {
    return undefined;
  }
}

function decodeEntities(text: string): string {
  return text.replace(/&amp;/g, '&').replace(/&#x2F;/gi, '/').replace(/&#47;/g, '/');
}
