/**
 * The .part writer: a SlabWriter (32 x 256 KiB, fixed) over one FileHandle. Writes go out
 * in order while the socket keeps being read, so network and disk overlap; bytes of a slow
 * transfer wait at most FLUSH_AFTER_MS in memory (a kill -9 loses little). The handle is
 * fsynced once and closed before end() resolves; abort() still writes what arrived (resume).
 *
 * Why 256 KiB writes (measured, bench/README.md): with 1 MiB writes the kernel fills the
 * page cache with large folios, and on a VM whose balloon reports free memory to the host
 * (Firecracker here), a large folio taken from reported memory is faulted in page by page
 * during the copy: 256 MiB after an idle moment or after another program's small writes
 * cost ~0.5 s of system time instead of ~0.1 s (dd bs=1M vs bs=256K shows the same).
 * Writes of 256 KiB and less never hit it; 512 KiB does half the time.
 * No datasync along the way: starting one every 32 or 64 MiB (without waiting for it) did
 * not shorten the run; the final fsync's cost here is CPU the transfer needs too.
 */
import type fsp from 'node:fs/promises';
import { BufferPool } from '../http/buffer-pool.js';
import { SlabWriter } from './slab-writer.js';

const SLAB_BYTES = 256 * 1024;
const SLABS = 32;
/** Shared by every download of the process (a photo post runs four at once). */
const slabs = new BufferPool(SLAB_BYTES, 4 * SLABS);
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
