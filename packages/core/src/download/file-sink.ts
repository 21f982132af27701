/**
 * The .part writer: a SlabWriter (8 x 1 MiB, fixed) over one FileHandle. Writes go out in
 * order while the socket keeps being read, so network and disk overlap; a datasync runs
 * alongside every 16 MiB so the final fsync only has the tail left; bytes of a slow
 * transfer wait at most FLUSH_AFTER_MS in memory (a kill -9 loses little). The handle is
 * fsynced and closed before end() resolves; abort() still writes what arrived (resume).
 */
import type fsp from 'node:fs/promises';
import { BufferPool } from '../http/buffer-pool.js';
import { SlabWriter } from './slab-writer.js';

const SLABS = 8;
/** Shared by every download of the process (a photo post runs four at once). */
const slabs = new BufferPool(1 << 20, 4 * SLABS);
const FLUSH_AFTER_MS = 250;
const SYNC_EVERY_BYTES = 16 << 20;

export class FileSink extends SlabWriter {
  readonly #onBytes: (count: number) => void;

  constructor(opened: Promise<fsp.FileHandle>, onBytes: (count: number) => void) {
    let unsynced = 0;
    let syncing: Promise<void> | undefined;
    const handle = () => opened;
    super({
      pool: slabs,
      slabs: SLABS,
      order: 'chain',
      flushAfterMs: FLUSH_AFTER_MS,
      async writeOut(buf, length) {
        const fh = await handle();
        let done = 0;
        // Regular files rarely take a short write, but when they do, finish the rest.
        while (done < length) done += (await fh.write(buf, done, length - done)).bytesWritten;
        unsynced += length;
        if (unsynced >= SYNC_EVERY_BYTES && !syncing) {
          unsynced = 0;
          syncing = fh.datasync().finally(() => {
            syncing = undefined;
          });
          syncing.catch(() => {});
        }
      },
      async finish() {
        await syncing;
        await (await handle()).sync();
      },
      async close() {
        await syncing?.catch(() => {});
        await opened.then((fh) => fh.close()).catch(() => {});
      },
    });
    this.#onBytes = onBytes;
  }

  override write(view: Buffer): boolean {
    // Counted on arrival so progress (and an abort from it) never waits for a full slab.
    this.#onBytes(view.length);
    return super.write(view);
  }
}
