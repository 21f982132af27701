/**
 * TikTok's CDN answers 403 unless the download looks like it comes from the page session:
 * the page's cookies (chiefly tt_chain_token), the same User-Agent, and a TikTok Referer
 * (reference tiktok-web.md top fact 6; cobalt sends the page's cookie header with the
 * media request). CDN hosts (*.tiktokcdn.com) are a different site from www.tiktok.com, so
 * the jar would not send those cookies by itself: each item carries them explicitly.
 */
import type { CookieAccess, MediaItem, Resolution } from '@tiksaver/core';

export const TIKTOK_REFERER = 'https://www.tiktok.com/';

/** Joins cookie headers, first occurrence of a name wins. */
export function mergeCookieHeaders(...headers: string[]): string {
  const seen = new Map<string, string>();
  for (const header of headers) {
    for (const part of header.split(';')) {
      const pair = part.trim();
      if (!pair) continue;
      const name = pair.split('=')[0]!;
      if (!seen.has(name)) seen.set(name, pair);
    }
  }
  return [...seen.values()].join('; ');
}

export async function attachHeaders(
  resolution: Resolution,
  options: { cookies: CookieAccess; pageUrl: string; userAgent: string; referer?: string },
): Promise<Resolution> {
  const pageCookies = await options.cookies.getCookieHeader(options.pageUrl);
  const items: MediaItem[] = [];
  for (const item of resolution.items) {
    const cookie = mergeCookieHeaders(pageCookies, await options.cookies.getCookieHeader(item.url));
    items.push({
      ...item,
      headers: {
        'User-Agent': options.userAgent,
        Referer: options.referer ?? TIKTOK_REFERER,
        ...(cookie && { Cookie: cookie }),
      },
    });
  }
  return { ...resolution, items };
}
