/**
 * Media assets: the real small files under packages/sandbox/media (made once with Debian's
 * ffmpeg, see media/README.md) and deterministic synthetic files of any size, streamed
 * without buffering. serveMedia answers HEAD, Range, If-None-Match and If-Range like a CDN.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import type { MediaAssetRef } from './types.js';

/** Resolved relative to this module: src/ (tests) and dist/ (built) both sit one level below the package. */
export const MEDIA_DIR = fileURLToPath(new URL('../media/', import.meta.url));

/** Distinct sample images on disk (image n uses file n % IMAGE_COUNT). */
export const IMAGE_COUNT = 6;
const LAST_MODIFIED = 'Mon, 18 Nov 2024 10:00:00 GMT';

interface FileAsset {
  kind: 'file';
  data: Buffer;
  etag: string;
  contentType: string;
}
interface SyntheticAsset {
  kind: 'synthetic';
  size: number;
  etag: string;
  contentType: string;
}
export type ResolvedAsset = FileAsset | SyntheticAsset;

const fileCache = new Map<string, FileAsset>();

export function mediaFileName(asset: MediaAssetRef): string {
  switch (asset.type) {
    case 'video':
      return asset.watermark ? 'sample-wm.mp4' : 'sample.mp4';
    case 'image':
      return `image-${((asset.n ?? 0) % IMAGE_COUNT) + 1}.${asset.format === 'webp' ? 'webp' : 'jpg'}`;
    case 'audio':
      return 'music.mp3';
    default:
      throw new Error(`asset type ${asset.type} has no file`);
  }
}

const CONTENT_TYPES: Record<string, string> = {
  mp4: 'video/mp4',
  jpg: 'image/jpeg',
  webp: 'image/webp',
  mp3: 'audio/mpeg',
  bin: 'application/octet-stream',
};

export function loadFile(name: string): FileAsset {
  let cached = fileCache.get(name);
  if (!cached) {
    const data = readFileSync(MEDIA_DIR + name);
    const ext = name.split('.').pop() ?? 'bin';
    cached = {
      kind: 'file',
      data,
      etag: `"${createHash('sha1').update(data).digest('hex').slice(0, 20)}"`,
      contentType: CONTENT_TYPES[ext] ?? 'application/octet-stream',
    };
    fileCache.set(name, cached);
  }
  return cached;
}

export function synthetic(size: number, ext: 'bin' | 'mp4' = 'bin'): SyntheticAsset {
  return { kind: 'synthetic', size, etag: `"syn-${size.toString(16)}"`, contentType: CONTENT_TYPES[ext]! };
}

export function resolveAsset(asset: MediaAssetRef): ResolvedAsset {
  if (asset.type === 'synthetic') return synthetic(asset.n ?? 1024 * 1024, 'mp4');
  return loadFile(mediaFileName(asset));
}

// Deterministic filler: a 64 KiB xorshift block, varied per block index.
const BLOCK = 64 * 1024;
const block = (() => {
  const b = Buffer.alloc(BLOCK);
  let x = 0x2545f491;
  for (let i = 0; i < BLOCK; i += 4) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    b.writeInt32LE(x | 0, i);
  }
  return b;
})();

/** Byte i of a synthetic file is block[i % BLOCK] ^ (blockIndex & 0xff): cheap and checkable. */
export function syntheticStream(start: number, endInclusive: number): Readable {
  let pos = start;
  return new Readable({
    highWaterMark: BLOCK,
    read() {
      if (pos > endInclusive) {
        this.push(null);
        return;
      }
      const blockIndex = Math.floor(pos / BLOCK);
      const offset = pos % BLOCK;
      const len = Math.min(BLOCK - offset, endInclusive - pos + 1);
      const chunk = Buffer.from(block.subarray(offset, offset + len));
      const mask = blockIndex & 0xff;
      if (mask) for (let i = 0; i < chunk.length; i++) chunk[i]! ^= mask;
      pos += len;
      this.push(chunk);
    },
  });
}

/** The bytes a synthetic file holds in [start, end] (tests compare downloads with it). */
export function syntheticBytes(start: number, endInclusive: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    syntheticStream(start, endInclusive)
      .on('data', (c: Buffer) => parts.push(c))
      .on('end', () => resolve(Buffer.concat(parts)))
      .on('error', reject);
  });
}

function sizeOf(a: ResolvedAsset): number {
  return a.kind === 'file' ? a.data.length : a.size;
}

/** Parses a single `bytes=` range; undefined = serve whole, null = unsatisfiable. */
export function parseRange(header: string | undefined, size: number): { start: number; end: number } | undefined | null {
  if (!header) return undefined;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m) return undefined; // multi-range or garbage: serve the whole file, as many CDNs do
  const [, a, b] = m;
  if (a === '' && b === '') return undefined;
  let start: number;
  let end: number;
  if (a === '') {
    const suffix = Number(b);
    if (suffix === 0) return null;
    start = Math.max(0, size - suffix);
    end = size - 1;
  } else {
    start = Number(a);
    end = b === '' ? size - 1 : Math.min(Number(b), size - 1);
  }
  if (start >= size || start > end) return null;
  return { start, end };
}

export function sendAsset(req: IncomingMessage, res: ServerResponse, asset: ResolvedAsset, extraHeaders: Record<string, string> = {}): void {
  const size = sizeOf(asset);
  const headers: Record<string, string | number> = {
    'Content-Type': asset.contentType,
    'Accept-Ranges': 'bytes',
    ETag: asset.etag,
    'Last-Modified': LAST_MODIFIED,
    'Cache-Control': 'max-age=3600',
    ...extraHeaders,
  };
  const inm = req.headers['if-none-match'];
  if (inm && inm.split(',').some((t) => t.trim() === asset.etag || t.trim() === '*')) {
    res.writeHead(304, headers).end();
    return;
  }
  const ifRange = req.headers['if-range'];
  const rangeAllowed = !ifRange || ifRange === asset.etag || ifRange === LAST_MODIFIED;
  const range = rangeAllowed ? parseRange(req.headers.range, size) : undefined;
  if (range === null) {
    res.writeHead(416, { ...headers, 'Content-Range': `bytes */${size}`, 'Content-Length': 0 }).end();
    return;
  }
  const start = range?.start ?? 0;
  const end = range?.end ?? size - 1;
  const status = range ? 206 : 200;
  if (range) headers['Content-Range'] = `bytes ${start}-${end}/${size}`;
  headers['Content-Length'] = size === 0 ? 0 : end - start + 1;
  res.writeHead(status, headers);
  if (req.method === 'HEAD' || size === 0) {
    res.end();
    return;
  }
  if (asset.kind === 'file') {
    res.end(asset.data.subarray(start, end + 1));
    return;
  }
  const stream = syntheticStream(start, end);
  res.on('close', () => stream.destroy());
  stream.pipe(res);
}
