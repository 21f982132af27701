/**
 * The body of a lean media response (./media-request.ts). Two ways to consume it:
 * - as a Readable (zip, ffmpeg, error snippets): each socket read is copied into a fresh
 *   Buffer, like any Node stream;
 * - with pipeTo(sink) (the downloader, the web media stream): the bytes are handed over as
 *   views into the socket's one read buffer, and the sink copies them into its own fixed
 *   slabs. Nothing is allocated per read, so RSS stays flat over any file size: V8 frees
 *   ArrayBuffers only at a GC, and per-read buffers (undici, node:http) pile up to ~40-60 MB
 *   before one comes (bench/README.md).
 * Flow control, --limit-rate, the idle timeout and the floor speed live here, on the socket,
 * so they hold for both ways.
 */
import { Readable } from 'node:stream';
import { TiksaverError } from '../errors.js';
import { host } from './failures.js';

/** Where pipeTo() delivers bytes. `write` gets a view valid only during the call. */
export interface ByteSink {
  /** Returns false when it cannot take another full read yet; it calls `resume` once it can. */
  write(view: Buffer): boolean;
  /** The body ended; resolves when everything is written. */
  end(): Promise<void>;
  /** The body failed; resolves once the bytes already taken are written (kept for resume). */
  abort(error: Error): Promise<void>;
  /** Set by pipeTo before the first write: call when there is room again. */
  resume?: () => void;
  /** Set by pipeTo: a write failed (disk full, client gone); stops the body. */
  onError?: (error: Error) => void;
}

export interface BodyLimits {
  /** Bytes per second cap (--limit-rate). */
  limitRateBps?: number;
  /** No byte for this long while nobody holds the flow back: TIMEOUT. */
  idleTimeoutMs?: number;
  /** Below `bps` on average over `ms`: TIMEOUT (curl --speed-limit / --speed-time). */
  lowSpeed?: { bps: number; ms: number };
}

export interface BodySource {
  pause(): void;
  resume(): void;
  destroy(error?: Error): void;
}

export class MediaBody extends Readable {
  readonly #url: string;
  readonly #limits: BodyLimits;
  #source: BodySource | undefined;
  #sink: ByteSink | undefined;
  /** Until a consumer picks a way (pipeTo or reading), bytes wait here and the socket is held. */
  #mode: 'undecided' | 'sink' | 'readable' = 'undecided';
  #early: Buffer[] = [];
  #completeEarly = false;
  #heldBySink = false;
  #heldByReader = true;
  #heldByRate = false;
  #sourcePaused = false;
  #bytes = 0;
  #rateStart = 0;
  #rateTimer: NodeJS.Timeout | undefined;
  #idleTimer: NodeJS.Timeout | undefined;
  #floorTimer: NodeJS.Timeout | undefined;
  #floorMark = { at: 0, bytes: 0 };
  #ended = false;

  constructor(url: string, limits: BodyLimits) {
    super({ highWaterMark: 256 * 1024 });
    this.#url = url;
    this.#limits = limits;
  }

  /** Bytes delivered so far. */
  get bytesRead(): number {
    return this.#bytes;
  }

  /** Called by the transport once the headers are in. */
  attach(source: BodySource): void {
    this.#source = source;
    this.#rateStart = Date.now();
    // Held until a consumer picks pipeTo or reading: only the current read lands in #early.
    this.#update();
  }

  /** Fast path: deliver every byte to `sink`. Must be called before reading the stream. */
  pipeTo(sink: ByteSink): Promise<void> {
    if (this.#mode !== 'undecided') throw new Error('MediaBody.pipeTo after the body was read');
    this.#mode = 'sink';
    this.#sink = sink;
    sink.resume = () => {
      this.#heldBySink = false;
      this.#update();
    };
    sink.onError = (error) => this.fail(error);
    const done = new Promise<void>((resolve, reject) => {
      this.once('sink-done', resolve);
      this.once('sink-failed', reject);
    });
    if (this.destroyed) {
      // Failed before anyone consumed it: the sink still gets its one end/abort call.
      this.#ended = true;
      const reason = this.errored ?? new TiksaverError('CANCELLED', `Transfer from ${host(this.#url)} was stopped`);
      void sink.abort(reason).finally(() => this.emit('sink-failed', reason));
      return done;
    }
    this.#heldByReader = false;
    for (const chunk of this.#early.splice(0)) if (!sink.write(chunk)) this.#heldBySink = true;
    if (this.#completeEarly) this.#finishSink();
    else this.#update();
    return done;
  }

  /** Transport: one piece of body bytes (a view into the read buffer). */
  deliver(view: Buffer): void {
    if (view.length === 0 || this.destroyed) return;
    this.#bytes += view.length;
    if (this.#mode === 'undecided') {
      this.#early.push(Buffer.from(view));
    } else if (this.#sink) {
      if (!this.#sink.write(view)) this.#heldBySink = true;
    } else if (!this.push(Buffer.from(view))) {
      this.#heldByReader = true;
    }
  }

  /** Transport: the current socket read is handled; apply flow control before the next. */
  afterRead(): void {
    this.#refreshIdle();
    const bps = this.#limits.limitRateBps;
    if (bps && bps > 0) {
      const wait = this.#rateStart + (this.#bytes / bps) * 1000 - Date.now();
      if (wait > 0 && !this.#rateTimer) {
        this.#heldByRate = true;
        this.#rateTimer = setTimeout(() => {
          this.#rateTimer = undefined;
          this.#heldByRate = false;
          this.#update();
        }, wait);
      }
    }
    this.#update();
  }

  /** Transport: every body byte is in; it is checking that nothing follows before complete(). */
  settle(): void {
    this.#stopWatchdogs();
  }

  /** Transport: the body is complete. */
  complete(): void {
    if (this.#ended || this.#completeEarly) return;
    this.#stopWatchdogs();
    if (this.#mode === 'undecided') this.#completeEarly = true;
    else if (this.#sink) this.#finishSink();
    else {
      this.#ended = true;
      this.push(null);
    }
  }

  #finishSink(): void {
    this.#ended = true;
    void this.#sink!.end().then(
      () => {
        this.emit('sink-done');
        this.destroy();
      },
      (error: Error) => this.#failSink(error),
    );
  }

  /** Transport or watchdog: the body failed. */
  fail(error: Error): void {
    if (this.#ended || this.destroyed) return;
    this.#ended = true;
    this.#early = [];
    this.#stopWatchdogs();
    this.#source?.destroy();
    if (this.#sink) {
      const sink = this.#sink;
      void sink.abort(error).then(
        () => this.#failSink(error),
        () => this.#failSink(error),
      );
    } else {
      // Failed before anyone consumed it (the extra bytes of a lying length can arrive with
      // the headers): nobody listens for 'error' yet, so keep it on `errored` for pipeTo or
      // the reader instead of an uncaught exception.
      if (this.#mode === 'undecided' && this.listenerCount('error') === 0) this.once('error', () => {});
      this.destroy(error);
    }
  }

  override _read(): void {
    if (this.#mode === 'undecided') {
      this.#mode = 'readable';
      for (const chunk of this.#early.splice(0)) this.push(chunk);
      if (this.#completeEarly) {
        this.#ended = true;
        this.push(null);
        return;
      }
    }
    this.#heldByReader = false;
    this.#update();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.#stopWatchdogs();
    this.#source?.destroy();
    if (!this.#ended && this.#sink) {
      // Destroyed from outside (the web client went away): stop the sink too.
      this.#ended = true;
      const reason = error ?? new TiksaverError('CANCELLED', `Transfer from ${host(this.#url)} was stopped`);
      void this.#sink.abort(reason).finally(() => this.emit('sink-failed', reason));
    }
    callback(error);
  }

  #failSink(error: Error): void {
    this.emit('sink-failed', error);
    this.destroy();
  }

  #update(): void {
    if (!this.#source || this.#ended) return;
    const hold = this.#heldBySink || this.#heldByReader || this.#heldByRate;
    if (hold === this.#sourcePaused) return;
    this.#sourcePaused = hold;
    if (hold) {
      this.#source.pause();
      // Waiting for the disk, the web client or --limit-rate is not the upstream's fault.
      this.#pauseWatchdogs();
    } else {
      this.#source.resume();
      this.#armWatchdogs();
    }
  }

  #armWatchdogs(): void {
    this.#refreshIdle();
    const low = this.#limits.lowSpeed;
    if (!low || low.bps <= 0 || low.ms <= 0 || this.#floorTimer) return;
    this.#floorMark = { at: Date.now(), bytes: this.#bytes };
    this.#floorTimer = setInterval(() => {
      const now = Date.now();
      const elapsed = now - this.#floorMark.at;
      if (elapsed < low.ms) return;
      const got = this.#bytes - this.#floorMark.bytes;
      if ((got * 1000) / elapsed < low.bps) {
        this.fail(
          new TiksaverError('TIMEOUT', `Transfer from ${host(this.#url)} stayed below ${formatRate(low.bps)} for ${Math.round(low.ms / 1000)} s`, {
            detail: { url: this.#url, reason: 'low-speed', bytes: this.#bytes, limitBps: low.bps, timeMs: low.ms },
          }),
        );
        return;
      }
      this.#floorMark = { at: now, bytes: this.#bytes };
    }, Math.max(50, Math.min(1000, low.ms / 4)));
    this.#floorTimer.unref?.();
  }

  #refreshIdle(): void {
    const ms = this.#limits.idleTimeoutMs;
    if (!ms || ms <= 0) return;
    if (this.#idleTimer) this.#idleTimer.refresh();
    else {
      this.#idleTimer = setTimeout(() => {
        this.fail(new TiksaverError('TIMEOUT', `Timed out talking to ${host(this.#url)} (body stalled)`, { detail: { url: this.#url, reason: 'idle', bytes: this.#bytes } }));
      }, ms);
    }
  }

  #pauseWatchdogs(): void {
    clearTimeout(this.#idleTimer);
    this.#idleTimer = undefined;
    clearInterval(this.#floorTimer);
    this.#floorTimer = undefined;
  }

  #stopWatchdogs(): void {
    this.#pauseWatchdogs();
    clearTimeout(this.#rateTimer);
    this.#rateTimer = undefined;
  }
}

export function formatRate(bps: number): string {
  if (bps >= 1 << 20) return `${Math.round((bps / (1 << 20)) * 10) / 10} MiB/s`;
  if (bps >= 1024) return `${Math.round((bps / 1024) * 10) / 10} KiB/s`;
  return `${bps} B/s`;
}
