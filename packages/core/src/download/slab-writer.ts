/**
 * A ByteSink over a fixed set of slabs: incoming views are copied into the current slab,
 * full (or flushed) slabs go to `writeOut`, and a slab is reused once its write is done.
 * Memory is slabs x slabBytes whatever the file size, and nothing is allocated per read, so
 * the GC has nothing to catch up with (issue 18: RSS growth under 24 MB). When fewer than
 * one socket read's worth of room is left, write() says so and the body pauses its socket;
 * the finished write that frees room resumes it.
 */
import { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import type { BufferPool } from '../http/buffer-pool.js';
import { MediaBody, type ByteSink } from '../http/media-body.js';
import { READ_BUFFER_BYTES } from '../http/media-request.js';

export interface SlabWriterOptions {
  /** Where slabs come from (and go back to once every write is done); its size is the slab size. */
  pool: BufferPool;
  /** At most this many slabs at once. */
  slabs: number;
  /** Writes buf[0, length). Resolves when buf may be reused. */
  writeOut(buf: Buffer, length: number): Promise<void>;
  /** 'chain': one write at a time, in order (files); 'overlap': each write starts at once (sockets keep order). */
  order: 'chain' | 'overlap';
  /** Hand over a partly filled slab after each write() (low latency for streaming). */
  flushEachWrite?: boolean;
  /** Hand over a partly filled slab after this long (a slow transfer still reaches disk). */
  flushAfterMs?: number;
  /** Called once after the last write when the body ended (fsync). */
  finish?(): Promise<void>;
  /** Called once at the end either way (close). */
  close?(): Promise<void>;
}

export class SlabWriter implements ByteSink {
  resume?: () => void;
  onError?: (error: Error) => void;
  readonly #o: SlabWriterOptions;
  readonly #free: Buffer[] = [];
  readonly #owned: Buffer[] = [];
  readonly #slabBytes: number;
  #current: Buffer | undefined;
  #used = 0;
  #pending = 0;
  #chain: Promise<void> = Promise.resolve();
  #idle: Array<() => void> = [];
  #error: Error | undefined;
  #timer: NodeJS.Timeout | undefined;
  #wantsResume = false;

  constructor(options: SlabWriterOptions) {
    this.#o = options;
    this.#slabBytes = options.pool.size;
  }

  write(view: Buffer): boolean {
    if (this.#error) return false;
    let offset = 0;
    while (offset < view.length) {
      // Past the limit only for a source that ignores `false`.
      this.#current ??= this.#free.pop() ?? this.#newSlab();
      const n = Math.min(view.length - offset, this.#slabBytes - this.#used);
      view.copy(this.#current, this.#used, offset, offset + n);
      this.#used += n;
      offset += n;
      if (this.#used === this.#slabBytes) this.#flush();
    }
    if (this.#o.flushEachWrite) this.#flush();
    else if (this.#used > 0 && this.#o.flushAfterMs && !this.#timer) {
      // Armed once and left to fire (a flush does not cancel it): clearing and setting a
      // timer for every socket read cost more than the writes it guards. At worst it hands
      // over a partly filled slab a little early, a few times a second.
      this.#timer = setTimeout(this.#onTimer, this.#o.flushAfterMs);
    }
    const room = this.#room() >= READ_BUFFER_BYTES;
    if (!room) this.#wantsResume = true;
    return room;
  }

  readonly #onTimer = () => {
    this.#timer = undefined;
    this.#flush();
  };

  #stopTimer(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  async end(): Promise<void> {
    this.#stopTimer();
    this.#flush();
    try {
      await this.#drained();
      if (this.#error) throw this.#error;
      await this.#o.finish?.();
    } finally {
      await this.#o.close?.();
      this.#release();
    }
  }

  async abort(_error: Error): Promise<void> {
    // The bytes already taken still go out: a .part keeps everything that arrived.
    this.#stopTimer();
    this.#flush();
    await this.#drained().catch(() => {});
    await this.#o.close?.().catch(() => {});
    this.#release();
  }

  #newSlab(): Buffer {
    const slab = this.#o.pool.take();
    this.#owned.push(slab);
    return slab;
  }

  /** Every write has settled: the slabs can serve the next transfer. */
  #release(): void {
    if (this.#pending > 0) return;
    for (const slab of this.#owned.splice(0)) this.#o.pool.give(slab);
    this.#free.length = 0;
    this.#current = undefined;
  }

  #room(): number {
    const unused = this.#o.slabs - this.#owned.length;
    return (this.#current ? this.#slabBytes - this.#used : 0) + (this.#free.length + Math.max(0, unused)) * this.#slabBytes;
  }

  #flush(): void {
    if (!this.#current || this.#used === 0 || this.#error) return;
    const slab = this.#current;
    const length = this.#used;
    this.#current = undefined;
    this.#used = 0;
    this.#pending++;
    const run = () => this.#o.writeOut(slab, length);
    const done = this.#o.order === 'chain' ? (this.#chain = this.#chain.then(run)) : run();
    done.then(
      () => this.#settled(slab),
      (error: Error) => {
        this.#error ??= error;
        this.#settled(slab);
        this.onError?.(error);
      },
    );
    if (this.#o.order === 'chain') this.#chain = this.#chain.catch(() => {});
  }

  #settled(slab: Buffer): void {
    this.#pending--;
    this.#free.push(slab);
    if (this.#pending === 0) for (const wake of this.#idle.splice(0)) wake();
    if (this.#wantsResume && !this.#error && this.#room() >= READ_BUFFER_BYTES) {
      this.#wantsResume = false;
      this.resume?.();
    }
  }

  #drained(): Promise<void> {
    if (this.#pending === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idle.push(resolve));
  }
}

/** Feeds any body into a sink: the zero-copy path for a MediaBody, 'data' events otherwise. */
export async function pipeMediaBody(body: Readable, sink: ByteSink): Promise<void> {
  if (body instanceof MediaBody && body.readableFlowing === null) return body.pipeTo(sink);
  sink.resume = () => body.resume();
  sink.onError = (error) => body.destroy(error);
  body.on('data', (chunk: Buffer) => {
    if (!sink.write(chunk)) body.pause();
  });
  try {
    await finished(body);
  } catch (error) {
    await sink.abort(error as Error);
    throw error;
  }
  await sink.end();
}
