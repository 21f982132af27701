/**
 * From a loaded page to a validated itemStruct, or the error the page means: the /photo/
 * canonical refetch (gallery-dl: only /video/ pages carry video-detail), the status code,
 * the /login redirect and the age gate (reference tiktok-web.md §2).
 */
import { TiksaverError, type HttpClient } from '@tiksaver/core';
import { extractPageData, type PageData } from './extract-data.js';
import { loadItemPage, type LoadOptions, type LoadedPage } from './fetch-page.js';
import { driftError, parseItem } from './map-item.js';
import { pickVideo } from './pick-video.js';
import { VideoDetail, type ItemStruct } from './schemas.js';
import { ageRestrictedError, loginRedirectError, statusToError } from './status.js';

export type PageOutcome =
  | { ok: true; item: ItemStruct; pageUrl: string }
  | { ok: false; error: TiksaverError; statusCode?: number; noItem?: boolean };

/** Only follow a canonical URL that stays on TikTok's own web host. */
function canonicalItemUrl(canonical: string, current: string): string | undefined {
  try {
    const url = new URL(canonical.replace('/photo/', '/video/'), current);
    const here = new URL(current);
    if (url.hostname !== here.hostname || url.href === here.href) return undefined;
    return url.href;
  } catch {
    return undefined;
  }
}

/**
 * TikTok sends anonymous viewers of private and age-gated posts to /login. The login URL
 * (its redirect/type parameters) or the login page text tells which one it was.
 */
export function loginContext(loginUrl: string, html: string): 'PRIVATE' | 'AGE_RESTRICTED' {
  let url = loginUrl;
  try {
    url = decodeURIComponent(loginUrl);
  } catch {
    /* keep raw */
  }
  // Only the URL and the page title: the login page's scripts mention everything.
  const title = /<title[^>]*>([^<]*)<\/title>/i.exec(html)?.[1] ?? '';
  const text = `${url} ${title}`.toLowerCase();
  return /\bage\b|age[-_ ]?(restrict|gate|verif)|content[-_ ]?classified|mature|18\+|adult/.test(text) ? 'AGE_RESTRICTED' : 'PRIVATE';
}

function fail(error: TiksaverError, extra: { statusCode?: number; noItem?: boolean } = {}): PageOutcome {
  return { ok: false, error, ...extra };
}

export async function readItem(http: HttpClient, url: string, options: LoadOptions): Promise<PageOutcome> {
  let page: LoadedPage = await loadItemPage(http, url, options);
  if (page.type === 'data' && page.data.videoDetail === undefined && page.data.layout === 'universal' && page.data.canonical) {
    const next = canonicalItemUrl(page.data.canonical, page.pageUrl);
    if (next) {
      options.logger.debug('native: no video-detail, refetching the canonical /video/ page', { canonical: page.data.canonical });
      page = await loadItemPage(http, next, options);
    }
  }
  if (page.type === 'login') return fail(loginRedirectError(loginContext(page.loginUrl, page.html), page.loginUrl));
  if (page.status === 404 && page.data.videoDetail === undefined) {
    // TikTok's "Couldn't find this page": an app shell without item data, served as 404.
    return fail(new TiksaverError('NOT_FOUND', 'TikTok answered 404 without item data', { detail: { pageUrl: page.pageUrl, status: 404 } }), { noItem: true });
  }
  return interpretPage(page.data, page.pageUrl);
}

/** What extracted page data means: the validated item, or the error (with the raw status code). */
export function interpretPage(data: Exclude<PageData, { layout: 'waf' } | { layout: 'none' }>, pageUrl: string): PageOutcome {
  if (data.videoDetail === undefined) {
    return fail(
      new TiksaverError('UPSTREAM_CHANGED', `TikTok page data changed shape at ${data.layout === 'sigi' ? 'ItemModule' : 'webapp.video-detail'}: missing`, {
        detail: { pageUrl, layout: data.layout, path: data.layout === 'sigi' ? 'ItemModule' : 'webapp.video-detail' },
      }),
      { noItem: true },
    );
  }
  const detail = VideoDetail.safeParse(data.videoDetail);
  if (!detail.success) return fail(driftError(detail.error, 'webapp.video-detail', pageUrl));
  const statusCode = detail.data.statusCode ?? 0;
  if (statusCode !== 0) return fail(statusToError(statusCode, detail.data.statusMsg, { pageUrl }), { statusCode });
  const raw = detail.data.itemInfo?.itemStruct;
  if (raw === undefined || raw === null) {
    // cobalt: a non-empty statusMsg (e.g. "status_deleted") without an item means unavailable.
    const error = detail.data.statusMsg
      ? new TiksaverError('NOT_FOUND', `TikTok says the post is unavailable (${detail.data.statusMsg})`, {
          detail: { pageUrl, statusMsg: detail.data.statusMsg },
        })
      : new TiksaverError('UPSTREAM_CHANGED', 'TikTok page data changed shape at webapp.video-detail.itemInfo.itemStruct: missing', {
          detail: { pageUrl, layout: data.layout, path: 'webapp.video-detail.itemInfo.itemStruct' },
        });
    return fail(error, { noItem: true });
  }
  let item: ItemStruct;
  try {
    item = parseItem(raw, pageUrl);
  } catch (error) {
    return fail(error as TiksaverError);
  }
  // yt-dlp: isContentClassified with no video dict = age-gated, login needed.
  if (item.isContentClassified && !item.imagePost && (!item.video || !pickVideo(item.video))) {
    return fail(ageRestrictedError(pageUrl));
  }
  return { ok: true, item, pageUrl };
}

/**
 * Extract and validate the item of an item page in one pure step (used by the parse
 * benchmark and tools): string scan, JSON.parse, zod on video-detail and the item only.
 */
export function parseItemPage(html: string, itemId: string, pageUrl = `https://www.tiktok.com/@_/video/${itemId}`): PageOutcome {
  const data = extractPageData(html, itemId);
  if (data.layout === 'waf' || data.layout === 'none') {
    return fail(new TiksaverError(data.layout === 'waf' ? 'BLOCKED' : 'UPSTREAM_CHANGED', `TikTok page has no item data (${data.layout})`, { detail: { pageUrl, layout: data.layout } }));
  }
  return interpretPage(data, pageUrl);
}
