/**
 * Streams a media body into an HTTP response (the web media route) with backpressure and
 * a fixed memory bound: 8 slabs of one socket read each, every slab written as soon as it
 * holds a read and reused once the response has flushed it. A client that reads slowly
 * pauses the upstream socket; one that goes away stops it.
 */
import type { Readable } from 'node:stream';
import { BufferPool } from '../http/buffer-pool.js';
import { READ_BUFFER_BYTES } from '../http/media-request.js';
import { pipeMediaBody, SlabWriter } from './slab-writer.js';

/** The part of http.ServerResponse this needs. */
export interface ResponseLike {
  write(chunk: Uint8Array, callback: (error?: Error | null) => void): boolean;
  end(callback: () => void): unknown;
  once(event: 'close', listener: () => void): unknown;
  off(event: 'close', listener: () => void): unknown;
  readonly writableFinished: boolean;
}

const SLABS = 8;
/** Shared by every stream of the server; enough for a few at once, more are allocated. */
const slabs = new BufferPool(READ_BUFFER_BYTES, 4 * SLABS);

export async function streamToResponse(body: Readable, out: ResponseLike): Promise<void> {
  let gone: (error: Error) => void = () => {};
  const closed = new Promise<never>((_, reject) => {
    gone = reject;
  });
  closed.catch(() => {});
  const onClose = () => {
    if (!out.writableFinished) {
      const error = new Error('The client closed the connection');
      gone(error);
      body.destroy(error);
    }
  };
  out.once('close', onClose);
  const sink = new SlabWriter({
    pool: slabs,
    slabs: SLABS,
    order: 'overlap',
    flushEachWrite: true,
    writeOut: (buf, length) =>
      Promise.race([
        new Promise<void>((resolve, reject) => {
          out.write(buf.subarray(0, length), (error) => (error ? reject(error) : resolve()));
        }),
        closed,
      ]),
    finish: () => Promise.race([new Promise<void>((resolve) => out.end(resolve)), closed]),
  });
  try {
    await pipeMediaBody(body, sink);
  } finally {
    out.off('close', onClose);
  }
}
