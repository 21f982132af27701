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
  // Writes still waiting for their callback: a client that leaves fails them at once. (Not
  // a Promise.race against one "closed" promise per write: each race stays subscribed to it
  // until the stream ends, ~2 KB per socket read, ~3 MB of heap per 256 MiB stream.)
  const waiting = new Set<(error: Error) => void>();
  let gone: Error | undefined;
  const onClose = () => {
    if (!out.writableFinished) {
      gone = new Error('The client closed the connection');
      for (const fail of waiting) fail(gone);
      waiting.clear();
      body.destroy(gone);
    }
  };
  out.once('close', onClose);
  const settle = (start: (done: (error?: Error | null) => void) => void) =>
    new Promise<void>((resolve, reject) => {
      if (gone) return reject(gone);
      waiting.add(reject);
      start((error) => {
        waiting.delete(reject);
        if (error) reject(error);
        else resolve();
      });
    });
  const sink = new SlabWriter({
    pool: slabs,
    slabs: SLABS,
    order: 'overlap',
    flushEachWrite: true,
    writeOut: (buf, length) => settle((done) => out.write(buf.subarray(0, length), done)),
    finish: () => settle((done) => out.end(() => done())),
  });
  try {
    await pipeMediaBody(body, sink);
  } finally {
    out.off('close', onClose);
  }
}
