/**
 * TikTok's CDN answers 403 unless the download comes from the page session that listed
 * the URL (reference tiktok-web.md §0: a playAddr "returns 403 to any client that did not
 * also fetch the page", tied to the cookies that page response set: msToken,
 * tt_chain_token, tt_csrf_token, ttwid; yt-dlp sends the post page as Referer). So each
 * item carries every cookie the winning page response set (over whatever else the jar
 * holds for that page, e.g. the WAF cookie), that page's URL as Referer, and the same
 * User-Agent. CDN hosts (*.tiktokcdn.com) are another site than www.tiktok.com, so the jar
 * would not send these by itself.
 */
import type { CookieAccess, MediaItem, Resolution } from '@tiksaver/core';

/** Joins cookie headers, first occurrence of a name wins. */
export function mergeCookieHeaders(...headers: string[]): string {
  const seen = new Map<string, string>();
  for (const header of headers) {
    for (const part of header.split(';')) {
      const pair = part.trim();
      if (!pair || !pair.includes('=')) continue;
      const name = pair.split('=')[0]!;
      if (!seen.has(name)) seen.set(name, pair);
    }
  }
  return [...seen.values()].join('; ');
}

/** `name=value` of each Set-Cookie line (attributes dropped); expired deletions skipped. */
export function cookiePairs(setCookies: readonly string[]): string {
  const pairs: string[] = [];
  for (const line of setCookies) {
    const pair = line.split(';')[0]!.trim();
    if (!pair.includes('=') || /;\s*max-age=0\b/i.test(line)) continue;
    pairs.push(pair);
  }
  return pairs.join('; ');
}

export interface PageSession {
  cookies: CookieAccess;
  /** The page that held the data: Referer for its media. */
  pageUrl: string;
  /** Set-Cookie lines of that page's response. */
  setCookies: readonly string[];
  userAgent: string;
}

export async function attachHeaders(resolution: Resolution, session: PageSession): Promise<Resolution> {
  const pageCookies = mergeCookieHeaders(cookiePairs(session.setCookies), await session.cookies.getCookieHeader(session.pageUrl));
  const items: MediaItem[] = [];
  for (const item of resolution.items) {
    const cookie = mergeCookieHeaders(pageCookies, await session.cookies.getCookieHeader(item.url));
    items.push({
      ...item,
      headers: {
        'User-Agent': session.userAgent,
        Referer: session.pageUrl,
        ...(cookie && { Cookie: cookie }),
      },
    });
  }
  return { ...resolution, items };
}
