/**
 * "Sound only" when a provider delivered only the video: the server saves the video to a
 * temporary directory, core's extractAudio (ffmpeg) makes the MP3, and the MP3 is streamed
 * and deleted. A temp file, not a pipe, because an MP4 may keep its index (moov) at the end,
 * which ffmpeg cannot reach on a non-seekable input.
 */
import { createReadStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { createWriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { FFMPEG_HINT, TiksaverError, extractAudio, hasFfmpeg } from '@tiksaver/core';

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

export async function toMp3(source: Readable, ext: string, signal: AbortSignal): Promise<Mp3Stream> {
  if (!(await mp3Available())) {
    source.destroy();
    throw new TiksaverError('NO_MEDIA', 'This server cannot make MP3s: ffmpeg is not installed', { hint: FFMPEG_HINT });
  }
  const dir = await mkdtemp(join(tmpdir(), 'tiksaver-mp3-'));
  const cleanup = () => void rm(dir, { recursive: true, force: true });
  try {
    const input = join(dir, `in.${ext.replace(/[^a-z0-9]/gi, '') || 'mp4'}`);
    await pipeline(source, createWriteStream(input), { signal });
    const output = await extractAudio(input, join(dir, 'out.mp3'), { signal });
    const { size } = await stat(output);
    const stream = createReadStream(output);
    stream.once('close', cleanup);
    return { body: Readable.toWeb(stream) as ReadableStream, size };
  } catch (error) {
    cleanup();
    throw error;
  }
}
