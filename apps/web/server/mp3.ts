/**
 * "Sound only" when a provider delivered only the video: the server saves the video to a
 * temporary directory, core's extractAudio (ffmpeg) makes the MP3, and the MP3 is streamed
 * and deleted. A temp file, not a pipe, because an MP4 may keep its index (moov) at the end,
 * which ffmpeg cannot reach on a non-seekable input.
 *
 * Bounded: at most `maxConcurrent` ffmpeg processes run at once (the others wait in a
 * queue; 40 requests once ran 25 at once). Temp directories never outlive their request:
 * removed when the MP3 stream closes, on failure or abort, at process exit, and swept at
 * start-up after a crash (kill -9 runs no exit handler).
 */
import { createReadStream, createWriteStream, rmSync } from 'node:fs';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pLimit from 'p-limit';
import { FFMPEG_HINT, TiksaverError, extractAudio, hasFfmpeg } from '@tiksaver/core';

export const MP3_DIR_PREFIX = 'tiksaver-mp3-';
export const DEFAULT_FFMPEG_CONCURRENCY = 2;

let available: Promise<boolean> | undefined;

/** Whether ffmpeg can be run (checked once per process). */
export function mp3Available(): Promise<boolean> {
  available ??= hasFfmpeg();
  return available;
}

export interface Mp3Stream {
  body: ReadableStream;
  size: number;
}

export interface Mp3Converter {
  toMp3(source: Readable, ext: string, signal: AbortSignal): Promise<Mp3Stream>;
  /** ffmpeg processes running now (for tests and logs). */
  readonly running: number;
}

const liveDirs = new Set<string>();
let exitHookInstalled = false;

function trackDir(dir: string): () => void {
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once('exit', () => {
      for (const live of liveDirs) rmSync(live, { recursive: true, force: true });
    });
  }
  liveDirs.add(dir);
  let done = false;
  return () => {
    if (done) return;
    done = true;
    liveDirs.delete(dir);
    void rm(dir, { recursive: true, force: true });
  };
}

/** Removes MP3 temp directories older than `maxAgeMs` (left by a process that was killed). */
export async function sweepStaleMp3Dirs(maxAgeMs = 60 * 60_000, root = tmpdir()): Promise<number> {
  let removed = 0;
  const names = await readdir(root).catch(() => [] as string[]);
  for (const name of names) {
    if (!name.startsWith(MP3_DIR_PREFIX)) continue;
    const dir = join(root, name);
    const info = await stat(dir).catch(() => undefined);
    if (!info || liveDirs.has(dir) || Date.now() - info.mtimeMs < maxAgeMs) continue;
    await rm(dir, { recursive: true, force: true });
    removed++;
  }
  return removed;
}

export function createMp3Converter({ maxConcurrent = DEFAULT_FFMPEG_CONCURRENCY } = {}): Mp3Converter {
  const limit = pLimit(Math.max(1, maxConcurrent));
  let running = 0;
  return {
    get running() {
      return running;
    },
    async toMp3(source, ext, signal) {
      if (!(await mp3Available())) {
        source.destroy();
        throw new TiksaverError('NO_MEDIA', 'This server cannot make MP3s: ffmpeg is not installed', { hint: FFMPEG_HINT });
      }
      const dir = await mkdtemp(join(tmpdir(), MP3_DIR_PREFIX));
      const cleanup = trackDir(dir);
      try {
        const input = join(dir, `in.${ext.replace(/[^a-z0-9]/gi, '') || 'mp4'}`);
        await pipeline(source, createWriteStream(input), { signal });
        const output = await limit(async () => {
          if (signal.aborted) throw new TiksaverError('CANCELLED', 'The MP3 conversion was cancelled.');
          running++;
          try {
            return await extractAudio(input, join(dir, 'out.mp3'), { signal });
          } finally {
            running--;
          }
        });
        const { size } = await stat(output);
        const stream = createReadStream(output);
        stream.once('close', cleanup);
        return { body: Readable.toWeb(stream) as ReadableStream, size };
      } catch (error) {
        source.destroy();
        cleanup();
        throw error;
      }
    },
  };
}
