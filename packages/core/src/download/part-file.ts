/**
 * The .part file and its sidecar: `<name>.part` holds the bytes, `<name>.part.json` the
 * validator (ETag / Last-Modified), URL and total needed to resume it safely.
 */
import fs from 'node:fs/promises';
import { TiksaverError } from '../errors.js';

export interface PartMeta {
  url: string;
  etag?: string;
  lastModified?: string;
  /** The response's Date: tells whether Last-Modified is a strong validator. */
  date?: string;
  total?: number;
}

export function partPaths(finalPath: string): { part: string; meta: string } {
  return { part: `${finalPath}.part`, meta: `${finalPath}.part.json` };
}

export async function readPart(finalPath: string): Promise<{ size: number; meta?: PartMeta }> {
  const { part, meta } = partPaths(finalPath);
  const size = await fs.stat(part).then((s) => s.size, () => 0);
  if (size === 0) return { size: 0 };
  try {
    return { size, meta: JSON.parse(await fs.readFile(meta, 'utf8')) as PartMeta };
  } catch {
    return { size };
  }
}

export async function writeMeta(finalPath: string, meta: PartMeta): Promise<void> {
  await fs.writeFile(partPaths(finalPath).meta, JSON.stringify(meta));
}

/**
 * The If-Range value, or undefined when nothing strong enough exists (then the download
 * restarts from zero). RFC 9110 §13.1.5: never a weak ETag, and a date only when there is no
 * ETag at all and the date is strong (§8.8.2.2: the response's Date at least one second after
 * Last-Modified; sidecars written before Date was kept are taken as they are).
 */
export function ifRangeValue(meta: PartMeta | undefined): string | undefined {
  if (!meta) return undefined;
  if (meta.etag) return meta.etag.trim().startsWith('W/') ? undefined : meta.etag;
  if (!meta.lastModified) return undefined;
  const modified = Date.parse(meta.lastModified);
  if (Number.isNaN(modified)) return undefined;
  if (meta.date !== undefined) {
    const date = Date.parse(meta.date);
    if (Number.isNaN(date) || date - modified < 1000) return undefined;
  }
  return meta.lastModified;
}

export async function exists(file: string): Promise<boolean> {
  return fs.access(file).then(() => true, () => false);
}

export function fileExists(file: string): TiksaverError {
  return new TiksaverError('FILE_EXISTS', `${file} already exists`, { detail: { path: file } });
}

/**
 * fsync the file (unless the writer already did, on the handle it wrote with), atomically
 * rename it into place, then fsync the directory (best effort).
 */
export async function commitPart(part: string, finalPath: string, dir: string, { synced = false }: { synced?: boolean } = {}): Promise<void> {
  if (!synced) {
    const handle = await fs.open(part, 'r+');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  }
  await fs.rename(part, finalPath);
  const dirHandle = await fs.open(dir, 'r').catch(() => undefined);
  if (dirHandle) await dirHandle.sync().catch(() => {}).finally(() => dirHandle.close());
}
