/**
 * What one loaded page says about an item: the validated itemStruct, a verdict from the
 * data (status code, /login redirect, age gate), or why the route held nothing (stub,
 * 404, refusal). The /photo/ canonical refetch happens here too (gallery-dl: only /video/
 * pages carry the item). Reference tiktok-web.md §0 and §2.
 */
import { TiksaverError } from '@tiksaver/core';
import { extractPageData, type PageData, type ScopeName } from './extract-data.js';
import type { LoadedPage } from './fetch-page.js';
import { driftError, parseItem } from './map-item.js';
import { pickVideo } from './pick-video.js';
import type { RouteRead } from './request.js';
import { VideoDetail, type ItemStruct } from './schemas.js';
import { ageRestrictedError, loginRedirectError, statusToError } from './errors.js';

export interface FoundItem {
  item: ItemStruct;
  scope: ScopeName;
}

export type PageOutcome =
  | { ok: true; item: ItemStruct; pageUrl: string; scope: ScopeName }
  | { ok: false; error: TiksaverError; statusCode?: number; noItem?: boolean };

/** Only follow a canonical URL that stays on TikTok's own web host. */
function canonicalItemUrl(canonical: string, current: string): string | undefined {
  try {
    const url = new URL(canonical.replace('/photo/', '/video/'), current);
    const here = new URL(current);
    if (url.hostname !== here.hostname || url.pathname === here.pathname) return undefined;
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

/** A page without item data, by HTTP status: 404 is "not here", 4xx/5xx a refusal, 200 a stub. */
function emptyHeld(status: number): 'stub' | 'not-found' | 'refused' {
  if (status === 404 || status === 410) return 'not-found';
  return status >= 400 ? 'refused' : 'stub';
}

/**
 * The route reader for an item: one loaded page (and, when it points elsewhere, its
 * canonical /video/ page on the same route) to a RouteRead.
 */
export async function readItemPage(
  page: LoadedPage,
  itemId: string,
  refetch: (url: string) => Promise<LoadedPage>,
): Promise<RouteRead<FoundItem>> {
  if (page.type === 'waf') return { held: 'waf', note: 'bot challenge came back after it was solved' };
  if (page.type === 'login') return { held: 'data', error: loginRedirectError(loginContext(page.loginUrl, page.html), page.loginUrl), note: 'login redirect' };
  let data = extractOrError(page.html, itemId, page.pageUrl);
  if ('error' in data) return { held: 'error', error: data.error, note: data.error.message };
  if (data.layout === 'universal' && data.scopes.length === 0 && data.canonical) {
    const next = canonicalItemUrl(data.canonical, page.pageUrl);
    if (next) {
      const again = await refetch(next);
      return readItemPage(again, itemId, async () => again);
    }
  }
  if (data.layout === 'waf' || data.layout === 'none' || data.scopes.length === 0) {
    const held = emptyHeld(page.status);
    const what = data.layout === 'none' ? 'no data blob' : data.layout === 'waf' ? 'bot challenge' : 'app shell without the item';
    return { held, note: `${what} (HTTP ${page.status}, ${page.bytes} bytes)` };
  }
  const outcome = interpretPage(data, page.pageUrl);
  if (outcome.ok) return { held: 'data', value: { item: outcome.item, scope: outcome.scope }, note: `item in ${outcome.scope}` };
  if (outcome.error.code === 'UPSTREAM_CHANGED') return { held: 'error', error: outcome.error, note: outcome.error.message };
  return { held: 'data', error: outcome.error, ...(outcome.statusCode !== undefined && { statusCode: outcome.statusCode }), note: outcome.statusCode !== undefined ? `status ${outcome.statusCode}` : outcome.error.code };
}

function extractOrError(html: string, itemId: string, pageUrl: string): PageData | { error: TiksaverError } {
  try {
    return extractPageData(html, itemId);
  } catch (error) {
    if (error instanceof TiksaverError) {
      return { error: new TiksaverError(error.code, error.message, { cause: error.cause, detail: { ...error.detail, pageUrl } }) };
    }
    throw error;
  }
}

/**
 * What extracted page data means: the first scope that holds the item wins; without one,
 * the first scope's status code gives the verdict.
 */
export function interpretPage(data: Exclude<PageData, { layout: 'waf' } | { layout: 'none' }>, pageUrl: string): PageOutcome {
  if (data.scopes.length === 0) {
    const path = data.layout === 'sigi' ? 'ItemModule' : 'webapp.reflow.video.detail / webapp.video-detail';
    return fail(new TiksaverError('UPSTREAM_CHANGED', `TikTok page data changed shape at ${path}: missing`, { detail: { pageUrl, layout: data.layout, path } }), { noItem: true });
  }
  let verdict: PageOutcome | undefined;
  for (const { scope, detail: raw } of data.scopes) {
    const detail = VideoDetail.safeParse(raw);
    if (!detail.success) {
      verdict ??= fail(driftError(detail.error, scope, pageUrl));
      continue;
    }
    const statusCode = detail.data.statusCode ?? 0;
    const item = detail.data.itemInfo?.itemStruct;
    if (item !== undefined && item !== null && statusCode === 0) return found(item, scope, pageUrl);
    if (statusCode !== 0) {
      verdict ??= fail(statusToError(statusCode, detail.data.statusMsg, { pageUrl }), { statusCode });
    } else if (detail.data.statusMsg) {
      // cobalt: a non-empty statusMsg (e.g. "status_deleted") without an item means unavailable.
      verdict ??= fail(
        new TiksaverError('NOT_FOUND', `TikTok says the post is unavailable (${detail.data.statusMsg})`, { detail: { pageUrl, statusMsg: detail.data.statusMsg } }),
        { noItem: true },
      );
    } else {
      verdict ??= fail(
        new TiksaverError('UPSTREAM_CHANGED', `TikTok page data changed shape at ${scope}.itemInfo.itemStruct: missing`, {
          detail: { pageUrl, layout: data.layout, path: `${scope}.itemInfo.itemStruct` },
        }),
        { noItem: true },
      );
    }
  }
  return verdict!;
}

function found(raw: unknown, scope: ScopeName, pageUrl: string): PageOutcome {
  let item: ItemStruct;
  try {
    item = parseItem(raw, pageUrl, scope);
  } catch (error) {
    return fail(error as TiksaverError);
  }
  // yt-dlp: isContentClassified with no video dict = age-gated, login needed.
  if (item.isContentClassified && !item.imagePost && (!item.video || !pickVideo(item.video))) {
    return fail(ageRestrictedError(pageUrl));
  }
  return { ok: true, item, pageUrl, scope };
}

/**
 * Extract and validate the item of an item page in one pure step (used by the parse
 * benchmark and tools): string scan, JSON.parse, zod on the detail and the item only.
 */
export function parseItemPage(html: string, itemId: string, pageUrl = `https://www.tiktok.com/@_/video/${itemId}`): PageOutcome {
  const data = extractPageData(html, itemId);
  if (data.layout === 'waf' || data.layout === 'none') {
    return fail(new TiksaverError(data.layout === 'waf' ? 'BLOCKED' : 'UPSTREAM_CHANGED', `TikTok page has no item data (${data.layout})`, { detail: { pageUrl, layout: data.layout } }));
  }
  return interpretPage(data, pageUrl);
}
