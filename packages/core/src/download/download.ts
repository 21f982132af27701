/**
 * The streaming downloader (issue 4): `<name>.part`, fsync and atomic rename, resume with
 * Range + If-Range, restart when the server ignores Range or the validator changed, length
 * verification, progress, AbortSignal, the item's headers, and fallback URLs in order.
 */
import fsp from 'node:fs/promises';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import { TiksaverError, toTiksaverError, type ErrorCode } from '../errors.js';
import { host, transportError } from '../http/failures.js';
import { mergeHeaders } from '../http/headers.js';
import { withRefreshedItem } from './refresh.js';
import type { HttpResponse } from '../http/types.js';
import type { MediaItem } from '../schemas.js';
import { commitPart, exists, fileExists, ifRangeValue, partPaths, readPart, writeMeta, type PartMeta } from './part-file.js';
import { ProgressMeter } from './progress.js';
import { outputPath } from './template.js';
import type { DownloadOptions, DownloadResult } from './types.js';

/** Codes that no other URL can fix. */
const STOP: ReadonlySet<ErrorCode> = new Set(['CANCELLED', 'FILE_EXISTS', 'INVALID_INPUT', 'MISCONFIGURED']);

export async function download(item: MediaItem, options: DownloadOptions): Promise<DownloadResult> {
  const finalPath = outputPath(options.dir ?? process.cwd(), options.template, options.fields, {
    restrictFilenames: options.restrictFilenames ?? false,
  });
  return downloadTo(item, finalPath, options);
}

/** Same as download() with the destination already decided (saveResolution, extractAudio). */
export async function downloadTo(item: MediaItem, finalPath: string, options: Omit<DownloadOptions, 'fields'>): Promise<DownloadResult> {
  const { refresh, ...once } = options;
  return withRefreshedItem(item, (current) => downloadOnce(current, finalPath, once), refresh);
}

async function downloadOnce(item: MediaItem, finalPath: string, options: Omit<DownloadOptions, 'fields' | 'refresh'>): Promise<DownloadResult> {
  if (!options.force && (await exists(finalPath))) throw fileExists(finalPath);
  await fsp.mkdir(path.dirname(finalPath), { recursive: true }).catch((cause) => {
    throw new TiksaverError('DOWNLOAD_FAILED', `Cannot create directory ${path.dirname(finalPath)}: ${(cause as Error).message}`, { cause });
  });
  const urls = [...new Set([item.url, ...(item.fallbackUrls ?? [])])];
  const failures: Array<{ url: string; code: ErrorCode; message: string }> = [];
  let last: TiksaverError | undefined;
  for (const url of urls) {
    try {
      return await fetchInto(item, url, finalPath, options, options.resume ?? true);
    } catch (error) {
      last = options.signal?.aborted ? new TiksaverError('CANCELLED', 'Download cancelled', { cause: error }) : toTiksaverError(error, 'DOWNLOAD_FAILED');
      if (STOP.has(last.code)) throw last;
      failures.push({ url, code: last.code, message: last.message });
    }
  }
  if (urls.length === 1) throw last!;
  throw new TiksaverError(last!.code, `All ${urls.length} URLs failed; last: ${last!.message}`, {
    cause: last,
    ...(last!.retryAfterMs !== undefined && { retryAfterMs: last!.retryAfterMs }),
    detail: { attempts: failures },
  });
}

/** Request headers for a media file: raw bytes (no content-encoding), plus the item's own. */
export function mediaHeaders(item: MediaItem): Record<string, string> {
  return mergeHeaders({ accept: '*/*', 'accept-encoding': 'identity' }, item.headers);
}

async function fetchInto(item: MediaItem, url: string, finalPath: string, options: Omit<DownloadOptions, 'fields'>, resume: boolean): Promise<DownloadResult> {
  const { part, meta: metaPath } = partPaths(finalPath);
  const existing = resume ? await readPart(finalPath) : { size: 0 };
  if (!resume) await removePart(finalPath);
  const validator = ifRangeValue(existing.meta);
  // Resume only when something can prove the bytes on disk belong to the same file.
  const tryRange = existing.size > 0 && (validator !== undefined || existing.meta?.total !== undefined);
  const headers = mediaHeaders(item);
  if (tryRange) {
    headers.range = `bytes=${existing.size}-`;
    if (validator) headers['if-range'] = validator;
  }
  const res = await options.http.request(url, { headers, okStatuses: [206, 416], ...(options.signal && { signal: options.signal }) });
  const range = parseContentRange(res.header('content-range'));

  if (res.status === 416) {
    await res.dump();
    if (tryRange && range?.total === existing.size) return finish(item, res.url, finalPath, existing.size, true, options, false);
    await removePart(finalPath);
    if (resume) return fetchInto(item, url, finalPath, options, false);
    throw new TiksaverError('DOWNLOAD_FAILED', `Server refused the range request for ${host(res.url)} (416)`, { detail: { url: res.url } });
  }
  const etag = res.header('etag');
  if (res.status === 206) {
    const sameFile = tryRange && range?.start === existing.size && (!existing.meta?.etag || !etag || etag === existing.meta.etag) &&
      (existing.meta?.total === undefined || range.total === undefined || range.total === existing.meta.total);
    if (!sameFile) {
      // A partial answer we cannot line up with the bytes on disk: start over from zero.
      await res.dump();
      await removePart(finalPath);
      if (resume) return fetchInto(item, url, finalPath, options, false);
      throw new TiksaverError('DOWNLOAD_FAILED', `Unexpected partial response from ${host(res.url)}`, { detail: { url: res.url } });
    }
  }
  checkMediaType(res, item);

  const resumed = res.status === 206;
  const start = resumed ? existing.size : 0;
  const declared = resumed ? range?.total : contentLength(res);
  const meta: PartMeta = { url: res.url, ...(etag && { etag }), ...(res.header('last-modified') && { lastModified: res.header('last-modified')! }), ...(declared !== undefined && { total: declared }) };
  const meter = new ProgressMeter(start, declared, options.onProgress);
  try {
    // The body is taken up before any await: bytes still buffered in the stream when the
    // connection drops would otherwise be discarded instead of kept for the resume.
    await writeBody(res, part, resumed, meter, writeMeta(finalPath, meta));
  } catch (error) {
    throw bodyError(error, res.url, meter.bytes, declared, options.signal);
  }
  if (declared !== undefined && meter.bytes !== declared) {
    throw truncated(res.url, meter.bytes, declared);
  }
  meter.emit();
  await fsp.rm(metaPath, { force: true });
  // writeBody has fsynced the .part already.
  return finish(item, res.url, finalPath, meter.bytes, resumed, options, true);
}

/**
 * Writes the body in ~1 MiB batches with one writev each (far fewer thread-pool round trips
 * than a WriteStream's per-chunk writes; 'data' events cost less than async iteration). The
 * socket keeps being read while a batch is on its way to disk: the body is paused only when
 * MAX_PENDING_BYTES wait for the disk, so network and disk overlap instead of taking turns
 * (that serialisation cost ~30 % of the throughput in bench/download.mjs). Every
 * SYNC_EVERY_BYTES a datasync runs alongside the writes so the kernel flushes while bytes
 * still arrive and the final fsync only has the tail left. On a body error the bytes in hand
 * are still written, so a resume loses nothing.
 */
async function writeBody(res: HttpResponse, part: string, append: boolean, meter: ProgressMeter, ready: Promise<void>): Promise<void> {
  const body = res.body;
  const opened = ready.then(() => fsp.open(part, append ? 'a' : 'w'));
  opened.catch(() => {});
  let batch: Buffer[] = [];
  let size = 0;
  let pending = 0;
  let paused = false;
  let unsynced = 0;
  let syncing: Promise<void> | undefined;
  let writing: Promise<void> = opened.then(() => {});
  let flushTimer: NodeJS.Timeout | undefined;
  const written = (handle: fsp.FileHandle, bytes: number): void => {
    pending -= bytes;
    unsynced += bytes;
    if (unsynced >= SYNC_EVERY_BYTES && !syncing) {
      unsynced = 0;
      syncing = handle.datasync().finally(() => {
        syncing = undefined;
      });
      // Awaited (and its error surfaced) by the next flush or the final sync.
      syncing.catch(() => {});
    }
    if (paused && pending < MAX_PENDING_BYTES) {
      paused = false;
      body.resume();
    }
  };
  const flush = (): Promise<void> => {
    if (size > 0) {
      const buffers = batch;
      const bytes = size;
      batch = [];
      size = 0;
      pending += bytes;
      writing = writing.then(async () => {
        const handle = await opened;
        await writeAll(handle, buffers, bytes);
        written(handle, bytes);
      });
      writing.catch((error: unknown) => body.destroy(error as Error));
    }
    return writing;
  };
  body.on('data', (chunk: Buffer) => {
    batch.push(chunk);
    size += chunk.length;
    // Counted on arrival so progress (and an abort from it) never waits for a full batch.
    meter.add(chunk.length);
    // A slow transfer (--limit-rate, a trickling CDN) would take long to fill a batch, so
    // bytes never wait in memory longer than FLUSH_AFTER_MS: a crash or kill -9 loses at
    // most that much, and the .part on disk shows real progress.
    flushTimer ??= setTimeout(() => {
      flushTimer = undefined;
      void flush();
    }, FLUSH_AFTER_MS);
    if (size >= WRITE_BATCH_BYTES) {
      void flush();
      if (pending >= MAX_PENDING_BYTES && !paused) {
        paused = true;
        body.pause();
      }
    }
  });
  try {
    await finished(body);
    await flush();
    await syncing;
    await (await opened).sync();
  } catch (error) {
    await flush().catch(() => {});
    throw error;
  } finally {
    clearTimeout(flushTimer);
    await syncing?.catch(() => {});
    await opened.then((handle) => handle.close()).catch(() => {});
  }
}

const WRITE_BATCH_BYTES = 1 << 20;
/** How long arrived bytes may wait in memory for a full batch while the disk is idle. */
const FLUSH_AFTER_MS = 250;
/** Bytes handed to the disk but not yet written before the socket is paused. */
const MAX_PENDING_BYTES = 4 << 20;
const SYNC_EVERY_BYTES = 16 << 20;

async function writeAll(handle: fsp.FileHandle, buffers: Buffer[], size: number): Promise<void> {
  let { bytesWritten } = await handle.writev(buffers);
  // Regular files rarely take a short write, but when they do, finish the rest.
  while (bytesWritten < size) {
    const rest = Buffer.concat(buffers).subarray(bytesWritten);
    const { bytesWritten: n } = await handle.write(rest);
    bytesWritten += n;
  }
}

async function finish(item: MediaItem, url: string, finalPath: string, bytes: number, resumed: boolean, options: Omit<DownloadOptions, 'fields'>, synced: boolean): Promise<DownloadResult> {
  const { part, meta } = partPaths(finalPath);
  if (!options.force && (await exists(finalPath))) throw fileExists(finalPath);
  await commitPart(part, finalPath, path.dirname(finalPath), { synced });
  await fsp.rm(meta, { force: true });
  return { path: finalPath, bytes, resumed, url, item };
}

function checkMediaType(res: HttpResponse, item: MediaItem): void {
  const type = (res.header('content-type') ?? '').toLowerCase();
  // CDNs answer expired or unsigned links with a 200 HTML page; saving it as .mp4 would lie.
  if (type.startsWith('text/html') && item.ext.toLowerCase() !== 'html') {
    res.dump().catch(() => {});
    throw new TiksaverError('UPSTREAM_CHANGED', `Expected ${item.type} from ${host(res.url)} but got an HTML page`, {
      detail: { url: res.url, contentType: type },
    });
  }
}

function bodyError(error: unknown, url: string, bytes: number, total: number | undefined, signal?: AbortSignal): TiksaverError {
  if (signal?.aborted) return new TiksaverError('CANCELLED', `Download cancelled after ${bytes} bytes; the .part file is kept for resuming`, { cause: error });
  const mapped = transportError(error, url, signal);
  if (mapped.code === 'TIMEOUT' || mapped.code === 'CANCELLED') return mapped;
  const err = error as NodeJS.ErrnoException;
  if (err?.syscall === 'write' || err?.code === 'ENOSPC' || err?.code === 'EACCES' || err?.code === 'EROFS') {
    return new TiksaverError('DOWNLOAD_FAILED', `Could not write the file: ${err.message}`, { cause: error, final: true });
  }
  return truncated(url, bytes, total, error);
}

function truncated(url: string, bytes: number, total: number | undefined, cause?: unknown): TiksaverError {
  return new TiksaverError('DOWNLOAD_FAILED', `Transfer from ${host(url)} ended after ${bytes}${total !== undefined ? ` of ${total}` : ''} bytes; the .part file is kept, run again to resume`, {
    ...(cause !== undefined && { cause }),
    detail: { url, bytes, ...(total !== undefined && { total }), reason: 'truncated' },
  });
}

async function removePart(finalPath: string): Promise<void> {
  const { part, meta } = partPaths(finalPath);
  await Promise.all([fsp.rm(part, { force: true }), fsp.rm(meta, { force: true })]);
}

function parseContentRange(value: string | undefined): { start?: number; end?: number; total?: number } | undefined {
  if (!value) return undefined;
  const match = /^bytes\s+(?:(\d+)-(\d+)|\*)\/(\d+|\*)$/i.exec(value.trim());
  if (!match) return undefined;
  return {
    ...(match[1] !== undefined && { start: Number(match[1]), end: Number(match[2]) }),
    ...(match[3] !== '*' && { total: Number(match[3]) }),
  };
}

function contentLength(res: HttpResponse): number | undefined {
  if (res.header('content-encoding') && res.header('content-encoding') !== 'identity') return undefined;
  const value = Number(res.header('content-length'));
  return res.header('content-length') !== undefined && Number.isFinite(value) ? value : undefined;
}

