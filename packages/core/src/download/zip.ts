/**
 * A streaming zip of a post's items for the web app, built with yazl. Entries are stored,
 * not deflated: media is already compressed. Each item is fetched only when yazl reaches it.
 */
import type { Readable } from 'node:stream';
import yazl from 'yazl';
import { toTiksaverError } from '../errors.js';
import type { HttpClient } from '../http/types.js';
import type { MediaItem } from '../schemas.js';
import { openItem } from './open-item.js';
import { withRefreshedItem, type RefreshItem } from './refresh.js';
import { sanitizeFilename } from './sanitize.js';

export interface ZipOptions {
  http: HttpClient;
  /** Entry names in item order; default 01.jpg, 02.jpg ... */
  names?: string[];
  signal?: AbortSignal;
  /** Asked once when the media host refuses an item with 403 (see refresh.ts). */
  refresh?: RefreshItem;
  /** Bodies already fetched, by item index (the web route fetches the first before it answers). */
  opened?: Array<Readable | undefined>;
}

export function zipItems(items: MediaItem[], options: ZipOptions): Readable {
  const zip = new yazl.ZipFile();
  const out = zip.outputStream as Readable;
  const width = Math.max(2, String(items.length).length);
  const used = new Set<string>();
  items.forEach((item, i) => {
    let name = sanitizeFilename(options.names?.[i] ?? `${String(i + 1).padStart(width, '0')}.${item.ext}`);
    while (used.has(name)) name = `${i + 1}_${name}`;
    used.add(name);
    zip.addReadStreamLazy(name, { compress: false, mtime: new Date() }, (cb) => {
      const opened = options.opened?.[i];
      (opened ? Promise.resolve(opened) : withRefreshedItem(item, (current) => fetchItem(current, options), options.refresh)).then(
        (stream) => {
          // yazl pipes the body without watching it: a body that breaks off mid-item would
          // leave the zip waiting forever, so its error fails the zip.
          stream.once('error', (error: unknown) => zip.emit('error', error));
          cb(null, stream);
        },
        (error) => cb(error, undefined as never),
      );
    });
  });
  zip.on('error', (error: unknown) => out.destroy(toTiksaverError(error, 'DOWNLOAD_FAILED')));
  zip.end();
  return out;
}

async function fetchItem(item: MediaItem, options: ZipOptions): Promise<Readable> {
  const { response } = await openItem(item, { http: options.http, ...(options.signal && { signal: options.signal }) });
  return response.body;
}
