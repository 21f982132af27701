/**
 * The .part writer: a SlabWriter (8 x 1 MiB, fixed) over one FileHandle. Writes go out in
 * order while the socket keeps being read, so network and disk overlap; bytes of a slow
 * transfer wait at most FLUSH_AFTER_MS in memory (a kill -9 loses little). The handle is
 * fsynced once and closed before end() resolves; abort() still writes what arrived (resume).
 * No datasync along the way: on this VM a datasync every 16 MiB doubled the system time of a
 * 256 MiB download (~600 vs ~250 ms, writes wait on each flush; bench/README.md).
 */
import type fsp from 'node:fs/promises';
import { BufferPool } from '../http/buffer-pool.js';
import { SlabWriter } from './slab-writer.js';

const SLABS = 8;
/** Shared by every download of the process (a photo post runs four at once). */
const slabs = new BufferPool(1 << 20, 4 * SLABS);
const FLUSH_AFTER_MS = 250;

export class FileSink extends SlabWriter {
  readonly #onBytes: (count: number) => void;

  constructor(opened: Promise<fsp.FileHandle>, onBytes: (count: number) => void) {
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
      },
      async finish() {
        await (await handle()).sync();
      },
      async close() {
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
