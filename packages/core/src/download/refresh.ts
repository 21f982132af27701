/**
 * A media request refused with 403 re-resolves the post once before giving up. TikTok's
 * CDN binds a media URL to the page response that listed it (reference tiktok-web.md §0:
 * 403 "to any client that did not also fetch the page"), so a resolution that went stale
 * (a cached report, a session the CDN dropped) needs a fresh page visit, not a retry of
 * the same URL. One re-resolve per post, shared by all its items; the downloader
 * (`refresh` option), the web media stream, zip and MP3 call the same function.
 */
import { isTiksaverError } from '../errors.js';
import type { MediaItem, Resolution } from '../schemas.js';

/** Gives the same item from a fresh resolution, or undefined when there is none. */
export type RefreshItem = (item: MediaItem) => Promise<MediaItem | undefined>;

/** Whether the error (or one it wraps) is a media host's 401/403 refusal. */
export function isRefusedMedia(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if (isTiksaverError(e) && (e.detail?.status === 403 || e.detail?.status === 401)) return true;
  }
  return false;
}

/** The item at the same place (same type, same position among that type) in another resolution. */
export function sameItem(from: Resolution, to: Resolution, item: MediaItem): MediaItem | undefined {
  const ofType = (r: Resolution) => r.items.filter((i) => i.type === item.type);
  const position = ofType(from).indexOf(item);
  const fresh = ofType(to);
  return fresh[position >= 0 ? position : 0] ?? (fresh.length === 1 ? fresh[0] : undefined);
}

/**
 * A RefreshItem for one post: the first call runs `reResolve` (its failure means "no
 * fresh copy", never a new error), later calls share its answer.
 */
export function refreshOnce(resolution: Resolution, reResolve: () => Promise<Resolution | undefined>): RefreshItem {
  let fresh: Promise<Resolution | undefined> | undefined;
  return async (item) => {
    fresh ??= reResolve().catch(() => undefined);
    const next = await fresh;
    return next ? sameItem(resolution, next, item) : undefined;
  };
}

/** Runs `fetch` for an item; on a media refusal, once more for the refreshed item. */
export async function withRefreshedItem<T>(item: MediaItem, fetch: (item: MediaItem) => Promise<T>, refresh: RefreshItem | undefined): Promise<T> {
  try {
    return await fetch(item);
  } catch (error) {
    if (!refresh || !isRefusedMedia(error)) throw error;
    const fresh = await refresh(item);
    if (!fresh) throw error;
    return fetch(fresh);
  }
}
