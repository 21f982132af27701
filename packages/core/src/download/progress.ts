/**
 * Progress accounting: bytes, total, a smoothed rate and ETA, emitted at most every
 * `intervalMs` plus once at the end so a UI never misses 100 %.
 */
import type { DownloadProgress } from './types.js';

export class ProgressMeter {
  #bytes: number;
  #total: number | undefined;
  #rate = 0;
  #windowStart = Date.now();
  #windowBytes = 0;
  #lastEmit = 0;
  readonly #onProgress: ((p: DownloadProgress) => void) | undefined;
  readonly #intervalMs: number;

  constructor(startBytes: number, total: number | undefined, onProgress?: (p: DownloadProgress) => void, intervalMs = 200) {
    this.#bytes = startBytes;
    this.#total = total;
    this.#onProgress = onProgress;
    this.#intervalMs = intervalMs;
  }

  get bytes(): number {
    return this.#bytes;
  }

  add(count: number): void {
    this.#bytes += count;
    this.#windowBytes += count;
    const now = Date.now();
    const elapsed = now - this.#windowStart;
    if (elapsed >= 250) {
      const instant = (this.#windowBytes * 1000) / elapsed;
      // Exponential smoothing keeps the ETA from jumping with every burst.
      this.#rate = this.#rate === 0 ? instant : this.#rate * 0.7 + instant * 0.3;
      this.#windowStart = now;
      this.#windowBytes = 0;
    }
    if (now - this.#lastEmit >= this.#intervalMs) {
      this.#lastEmit = now;
      this.emit();
    }
  }

  emit(): void {
    if (!this.#onProgress) return;
    const progress: DownloadProgress = { bytes: this.#bytes, rate: Math.round(this.#rate) };
    if (this.#total !== undefined) {
      progress.total = this.#total;
      if (this.#rate > 0) progress.etaSec = Math.max(0, Math.round((this.#total - this.#bytes) / this.#rate));
      if (this.#bytes >= this.#total) progress.etaSec = 0;
    }
    this.#onProgress(progress);
  }
}
