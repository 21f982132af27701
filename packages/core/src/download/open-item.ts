/**
 * openItem: the one way to open a media item as a stream (issue 16, issue 18). Tries the
 * item's URL, then its fallback URLs in order, with the item's headers (Referer, Cookie,
 * identity encoding), an optional Range, and the caller's signal, over the client's media
 * transport. Used by the downloader (which also moves on when a body breaks off), the zip
 * and the web media stream and MP3; nothing else loops over an item's URLs.
 */
import { TiksaverError, toTiksaverError, type ErrorCode } from '../errors.js';
import { host } from '../http/failures.js';
import { mergeHeaders } from '../http/headers.js';
import type { HttpClient, HttpResponse } from '../http/types.js';
import type { MediaItem } from '../schemas.js';

/** Codes that no other URL can fix. */
const STOP_CODES: ReadonlySet<ErrorCode> = new Set(['CANCELLED', 'FILE_EXISTS', 'INVALID_INPUT', 'MISCONFIGURED']);

export interface UrlFailure {
  url: string;
  code: ErrorCode;
  message: string;
}

export interface OpenItemOptions {
  http: HttpClient;
  /** Over mediaHeaders(item): Range, If-Range ... (with `use`, it passes its own to `open`). */
  headers?: Record<string, string>;
  /** Statuses besides 2xx the caller handles itself (206, 416). */
  okStatuses?: number[];
  signal?: AbortSignal;
  retries?: number;
}

export interface OpenedItem {
  response: HttpResponse;
  /** Index into itemUrls(item) of the URL that answered. */
  index: number;
  url: string;
}

/** Requests the URL being tried, with mediaHeaders(item) and `headers` over them. */
export type OpenUrl = (headers?: Record<string, string>) => Promise<HttpResponse>;

/** The item's URL and then its fallbacks, without repeats. */
export function itemUrls(item: MediaItem): string[] {
  return [...new Set([item.url, ...(item.fallbackUrls ?? [])])];
}

/** Request headers for a media file: raw bytes (no content-encoding), plus the item's own. */
export function mediaHeaders(item: MediaItem): Record<string, string> {
  return mergeHeaders({ accept: '*/*', 'accept-encoding': 'identity' }, item.headers);
}

/**
 * The item's URL, then its fallbacks in order, until one answers. With `use`, each URL is
 * handed to it as `open` (which it may call again, e.g. to restart without a Range) and a
 * failure inside `use` (a body cut short, a host too slow) moves on to the next URL too.
 * Codes no other URL can fix stop at once; when every URL failed, the last code wins and
 * every attempt is in the detail.
 */
export function openItem(item: MediaItem, options: OpenItemOptions): Promise<OpenedItem>;
export function openItem<T>(item: MediaItem, options: OpenItemOptions, use: (open: OpenUrl) => Promise<T>): Promise<T>;
export async function openItem<T>(item: MediaItem, options: OpenItemOptions, use?: (open: OpenUrl) => Promise<T>): Promise<T | OpenedItem> {
  const urls = itemUrls(item);
  const failures: UrlFailure[] = [];
  let last: TiksaverError | undefined;
  for (const [index, url] of urls.entries()) {
    const open: OpenUrl = (headers) => request(item, url, options, headers);
    try {
      if (use) return await use(open);
      return { response: await open(options.headers), index, url };
    } catch (error) {
      last = options.signal?.aborted ? new TiksaverError('CANCELLED', 'Download cancelled', { cause: error }) : toTiksaverError(error, 'DOWNLOAD_FAILED');
      if (STOP_CODES.has(last.code)) throw last;
      failures.push({ url, code: last.code, message: last.message });
    }
  }
  throw allUrlsFailed(urls.length, failures, last);
}

async function request(item: MediaItem, url: string, options: OpenItemOptions, headers: Record<string, string> | undefined): Promise<HttpResponse> {
  const response = await options.http.request(url, {
    media: true,
    headers: mergeHeaders(mediaHeaders(item), headers),
    ...(options.okStatuses && { okStatuses: options.okStatuses }),
    ...(options.retries !== undefined && { retries: options.retries }),
    ...(options.signal && { signal: options.signal }),
  });
  refuseHtml(response, item);
  return response;
}

/** The error after every URL failed: the last one's code, every attempt in detail. */
function allUrlsFailed(count: number, failures: UrlFailure[], last: TiksaverError | undefined): TiksaverError {
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
