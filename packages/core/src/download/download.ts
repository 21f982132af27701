/**
 * The streaming downloader (issue 4, issue 18): `<name>.part`, fsync and atomic rename,
 * resume with Range + If-Range only with a strong validator, restart when the server
 * ignores Range or the validator changed, length verification, progress, AbortSignal, the
 * item's headers, and fallback URLs in order (openItem). Bodies come over the client's lean
 * media transport into a FileSink: fixed slabs, no per-read allocation.
 */
import fsp from 'node:fs/promises';
import path from 'node:path';
import { TiksaverError } from '../errors.js';
import { host, transportError } from '../http/failures.js';
import { withRefreshedItem } from './refresh.js';
import type { HttpResponse } from '../http/types.js';
import type { MediaItem } from '../schemas.js';
import { FileSink } from './file-sink.js';
import { openItem, type OpenUrl } from './open-item.js';
import { commitPart, exists, fileExists, ifRangeValue, partPaths, readPart, writeMeta, type PartMeta } from './part-file.js';
import { ProgressMeter } from './progress.js';
import { pipeMediaBody } from './slab-writer.js';
import { outputPath } from './template.js';
import type { DownloadOptions, DownloadResult } from './types.js';

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
  // openItem moves on to the next URL when one fails to open or breaks off during the
  // body (cut, too slow), so a dripping host gives way to the next URL too.
  const resume = options.resume ?? true;
  return openItem(item, { http: options.http, okStatuses: [206, 416], ...(options.signal && { signal: options.signal }) }, (open) =>
    fetchInto(item, open, finalPath, options, resume),
  );
}

async function fetchInto(item: MediaItem, open: OpenUrl, finalPath: string, options: Omit<DownloadOptions, 'fields'>, resume: boolean): Promise<DownloadResult> {
  const { part, meta: metaPath } = partPaths(finalPath);
  const existing = resume ? await readPart(finalPath) : { size: 0 };
  if (!resume) await removePart(finalPath);
  // Resume only when a strong validator can prove the bytes on disk belong to the same
  // file (RFC 9110 §13.1.5); without one, a file changed at the same size would be spliced.
  const validator = ifRangeValue(existing.meta);
  const tryRange = existing.size > 0 && validator !== undefined;
  if (existing.size > 0 && !tryRange) await removePart(finalPath);
  const res = await open(tryRange ? { range: `bytes=${existing.size}-`, 'if-range': validator! } : {});
  const range = parseContentRange(res.header('content-range'));

  if (res.status === 416) {
    await res.dump();
    if (tryRange && range?.total === existing.size) return finish(item, res.url, finalPath, existing.size, true, options, false);
    await removePart(finalPath);
    if (resume) return fetchInto(item, open, finalPath, options, false);
    throw new TiksaverError('DOWNLOAD_FAILED', `Server refused the range request for ${host(res.url)} (416)`, { detail: { url: res.url } });
  }
  const etag = res.header('etag');
  const lastModified = res.header('last-modified');
  if (res.status === 206) {
    const known = existing.meta;
    const sameFile = tryRange && range?.start === existing.size && (!known?.etag || !etag || etag === known.etag) &&
      (known?.etag || !known?.lastModified || !lastModified || lastModified === known.lastModified) &&
      (known?.total === undefined || range.total === undefined || range.total === known.total);
    if (!sameFile) {
      // A partial answer we cannot line up with the bytes on disk: start over from zero.
      await res.dump();
      await removePart(finalPath);
      if (resume) return fetchInto(item, open, finalPath, options, false);
      throw new TiksaverError('DOWNLOAD_FAILED', `Unexpected partial response from ${host(res.url)}`, { detail: { url: res.url } });
    }
  }

  const resumed = res.status === 206;
  const start = resumed ? existing.size : 0;
  const declared = resumed ? range?.total : contentLength(res);
  const date = res.header('date');
  const meta: PartMeta = {
    url: res.url,
    ...(etag && { etag }),
    ...(lastModified && { lastModified }),
    ...(date && { date }),
    ...(declared !== undefined && { total: declared }),
  };
  const meter = new ProgressMeter(start, declared, options.onProgress);
  // The body is taken up before any await: bytes still buffered in the stream when the
  // connection drops would otherwise be discarded instead of kept for the resume.
  const ready = writeMeta(finalPath, meta).then(() => fsp.open(part, resumed ? 'a' : 'w'));
  ready.catch(() => {});
  try {
    await pipeMediaBody(res.body, new FileSink(ready, (n) => meter.add(n)));
  } catch (error) {
    const failure = bodyError(error, res.url, meter.bytes, declared, options.signal);
    // Bytes of a body that lied about its length are no base for a resume.
    if (failure.detail?.reason === 'length-mismatch') await removePart(finalPath);
    throw failure;
  }
  if (declared !== undefined && meter.bytes !== declared) {
    throw truncated(res.url, meter.bytes, declared);
  }
  meter.emit();
  await fsp.rm(metaPath, { force: true });
  // The sink has fsynced the .part already.
  return finish(item, res.url, finalPath, meter.bytes, resumed, options, true);
}

async function finish(item: MediaItem, url: string, finalPath: string, bytes: number, resumed: boolean, options: Omit<DownloadOptions, 'fields'>, synced: boolean): Promise<DownloadResult> {
  const { part, meta } = partPaths(finalPath);
  if (!options.force && (await exists(finalPath))) throw fileExists(finalPath);
  await commitPart(part, finalPath, path.dirname(finalPath), { synced });
  await fsp.rm(meta, { force: true });
  return { path: finalPath, bytes, resumed, url, item };
}

function bodyError(error: unknown, url: string, bytes: number, total: number | undefined, signal?: AbortSignal): TiksaverError {
  if (signal?.aborted) return new TiksaverError('CANCELLED', `Download cancelled after ${bytes} bytes; the .part file is kept for resuming`, { cause: error });
  const mapped = transportError(error, url, signal);
  if (mapped.code === 'TIMEOUT' || mapped.code === 'CANCELLED') return mapped;
  // The transport already said what is wrong with this body (more bytes than declared): a
  // rerun would fetch the same lie, so no "run again to resume" on top of it.
  if (mapped.code === 'DOWNLOAD_FAILED' && mapped.detail?.reason === 'length-mismatch') return mapped;
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

