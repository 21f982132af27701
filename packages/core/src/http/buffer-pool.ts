/**
 * Buffers of one size kept for the next transfer. Each transfer takes a read buffer and its
 * slabs from here and gives them back when it is done, so a server streaming file after
 * file reuses the same few MB instead of leaving each transfer's buffers for a GC that V8
 * only runs when ~64 MB of external memory have piled up.
 */
export class BufferPool {
  readonly #free: Buffer[] = [];
  readonly size: number;
  readonly #keep: number;

  constructor(size: number, keep: number) {
    this.size = size;
    this.#keep = keep;
  }

  take(): Buffer {
    return this.#free.pop() ?? Buffer.allocUnsafeSlow(this.size);
  }

  /** Only once nothing (a socket, a pending write) can touch `buffer` any more. */
  give(buffer: Buffer): void {
    if (buffer.length === this.size && this.#free.length < this.#keep && !this.#free.includes(buffer)) this.#free.push(buffer);
  }
}
