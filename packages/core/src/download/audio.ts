/**
 * MP3 from a video with ffmpeg (Debian's package) when it is on PATH. Without it the answer
 * is NO_MEDIA with a hint naming exactly what to install or choose instead.
 */
import { spawn } from 'node:child_process';
import fsp from 'node:fs/promises';
import { TiksaverError } from '../errors.js';
import type { Hint } from '../hints.js';
import { exists, fileExists } from './part-file.js';

export interface ExtractAudioOptions {
  /** ffmpeg binary; default "ffmpeg" looked up on PATH. */
  ffmpegPath?: string;
  signal?: AbortSignal;
  force?: boolean;
}

/** The other ways out are the CLI's; the web, which has no `want` setting, drops them. */
export const FFMPEG_HINT: Hint = [
  'MP3 needs ffmpeg. Install it (Debian/Ubuntu: sudo apt install ffmpeg; macOS: brew install ffmpeg; Windows: winget install ffmpeg)',
  { optional: [', or ask for the video (', { setting: 'want' }, ' video) or the original audio as delivered (', { setting: 'audioFormat' }, ' original)'] },
  '.',
];

/** true when ffmpeg can be started. */
export async function hasFfmpeg(ffmpegPath = 'ffmpeg'): Promise<boolean> {
  return new Promise((resolve) => {
    const child = spawn(ffmpegPath, ['-version'], { stdio: 'ignore' });
    child.on('error', () => resolve(false));
    child.on('close', (code) => resolve(code === 0));
  });
}

export async function extractAudio(videoPath: string, mp3Path: string, options: ExtractAudioOptions = {}): Promise<string> {
  const ffmpeg = options.ffmpegPath ?? 'ffmpeg';
  if (!(await hasFfmpeg(ffmpeg))) {
    throw new TiksaverError('NO_MEDIA', 'Cannot make an MP3: ffmpeg is not installed', { hint: FFMPEG_HINT });
  }
  if (!options.force && (await exists(mp3Path))) throw fileExists(mp3Path);
  const part = `${mp3Path}.part`;
  const args = ['-hide_banner', '-loglevel', 'error', '-nostdin', '-y', '-i', videoPath, '-vn', '-map', '0:a:0', '-c:a', 'libmp3lame', '-q:a', '2', '-f', 'mp3', part];
  const stderr: string[] = [];
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(ffmpeg, args, { stdio: ['ignore', 'ignore', 'pipe'], ...(options.signal && { signal: options.signal }) });
    child.stderr.on('data', (d: Buffer) => stderr.push(d.toString()));
    child.on('error', reject);
    child.on('close', resolve);
  }).catch(async (error) => {
    await fsp.rm(part, { force: true });
    if (options.signal?.aborted) throw new TiksaverError('CANCELLED', 'Audio extraction cancelled', { cause: error });
    throw new TiksaverError('DOWNLOAD_FAILED', `ffmpeg failed to start: ${(error as Error).message}`, { cause: error });
  });
  if (code !== 0) {
    await fsp.rm(part, { force: true });
    const message = stderr.join('').trim().split('\n').slice(-3).join(' ');
    const noAudio = /matches no streams|does not contain any stream|Output file .* does not contain/i.test(message);
    throw new TiksaverError(noAudio ? 'NO_MEDIA' : 'DOWNLOAD_FAILED', noAudio ? 'The video has no audio track' : `ffmpeg could not extract the audio: ${message || `exit code ${code}`}`, {
      detail: { videoPath, exitCode: code },
    });
  }
  await fsp.rename(part, mp3Path);
  return mp3Path;
}
