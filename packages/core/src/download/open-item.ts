/**
 * openItem: the one way to open a media item as a stream (issue 16, issue 18). Tries the
 * item's URL, then its fallback URLs in order, with the item's headers (Referer, Cookie,
 * identity encoding), an optional Range, and the caller's signal, over the client's media
 * transport. Used by the downloader, the zip and the web media stream.
 */
import { TiksaverError, toTiksaverError, type ErrorCode } from '../errors.js';
import { host } from '../http/failures.js';
import { mergeHeaders } from '../http/headers.js';
import type { HttpClient, HttpResponse } from '../http/types.js';
import type { MediaItem } from '../schemas.js';

/** Codes that no other URL can fix. */
export const STOP_CODES: ReadonlySet<ErrorCode> = new Set(['CANCELLED', 'FILE_EXISTS', 'INVALID_INPUT', 'MISCONFIGURED']);

export interface UrlFailure {
  url: string;
  code: ErrorCode;
  message: string;
}

export interface OpenItemOptions {
  http: HttpClient;
  /** Over mediaHeaders(item): Range, If-Range ... */
  headers?: Record<string, string>;
  /** Statuses besides 2xx the caller handles itself (206, 416). */
  okStatuses?: number[];
  signal?: AbortSignal;
  retries?: number;
  /** First URL to try (index into itemUrls(item)); default 0. */
  from?: number;
  /** Try only the URL at `from`. */
  single?: boolean;
  /** Failures of earlier URLs are added here (the caller's running record). */
  failures?: UrlFailure[];
}

export interface OpenedItem {
  response: HttpResponse;
  /** Index into itemUrls(item) of the URL that answered. */
  index: number;
  url: string;
}

/** The item's URL and then its fallbacks, without repeats. */
export function itemUrls(item: MediaItem): string[] {
  return [...new Set([item.url, ...(item.fallbackUrls ?? [])])];
}

/** Request headers for a media file: raw bytes (no content-encoding), plus the item's own. */
export function mediaHeaders(item: MediaItem): Record<string, string> {
  return mergeHeaders({ accept: '*/*', 'accept-encoding': 'identity' }, item.headers);
}

export async function openItem(item: MediaItem, options: OpenItemOptions): Promise<OpenedItem> {
  const urls = itemUrls(item);
  const failures = options.failures ?? [];
  const from = options.from ?? 0;
  const to = options.single ? Math.min(from + 1, urls.length) : urls.length;
  let last: TiksaverError | undefined;
  for (let index = from; index < to; index++) {
    const url = urls[index]!;
    try {
      const response = await options.http.request(url, {
        media: true,
        headers: mergeHeaders(mediaHeaders(item), options.headers),
        ...(options.okStatuses && { okStatuses: options.okStatuses }),
        ...(options.retries !== undefined && { retries: options.retries }),
        ...(options.signal && { signal: options.signal }),
      });
      refuseHtml(response, item);
      return { response, index, url };
    } catch (error) {
      last = options.signal?.aborted ? new TiksaverError('CANCELLED', 'Download cancelled', { cause: error }) : toTiksaverError(error, 'DOWNLOAD_FAILED');
      if (STOP_CODES.has(last.code)) throw last;
      failures.push({ url, code: last.code, message: last.message });
    }
  }
  throw allUrlsFailed(urls.length, failures, last);
}

/** The error after every URL failed: the last one's code, every attempt in detail. */
export function allUrlsFailed(count: number, failures: UrlFailure[], last: TiksaverError | undefined): TiksaverError {
  if (!last) return new TiksaverError('DOWNLOAD_FAILED', 'The item has no URL to download');
  if (count === 1) return last;
  return new TiksaverError(last.code, `All ${count} URLs failed; last: ${last.message}`, {
    cause: last,
    ...(last.retryAfterMs !== undefined && { retryAfterMs: last.retryAfterMs }),
    detail: { attempts: failures },
  });
}

function refuseHtml(res: HttpResponse, item: MediaItem): void {
  const type = (res.header('content-type') ?? '').toLowerCase();
  // CDNs answer expired or unsigned links with a 200 HTML page; saving it as .mp4 would lie.
  if (res.status < 300 && type.startsWith('text/html') && item.ext.toLowerCase() !== 'html') {
    res.dump().catch(() => {});
    throw new TiksaverError('UPSTREAM_CHANGED', `Expected ${item.type} from ${host(res.url)} but got an HTML page`, {
      detail: { url: res.url, contentType: type },
    });
  }
}
