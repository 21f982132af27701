/**
 * Saves a resolution's selected items: all of them through one bounded pool (p-limit) so a
 * photo post's images download concurrently, with the names and conversions planFiles gives
 * them. The results say what was written: a converted MP3 with its own size and item.
 */
import fsp from 'node:fs/promises';
import pLimit from 'p-limit';
import { TiksaverError } from '../errors.js';
import type { Resolution } from '../schemas.js';
import { extractAudio, FFMPEG_HINT, hasFfmpeg } from './audio.js';
import { downloadTo } from './download.js';
import { exists, fileExists } from './part-file.js';
import { splitExt } from './sanitize.js';
import { planFiles } from './plan.js';
import type { DownloadResult, SaveOptions } from './types.js';

export async function saveResolution(resolution: Resolution, options: SaveOptions): Promise<DownloadResult[]> {
  const items = resolution.items;
  if (items.length === 0) throw new TiksaverError('NO_MEDIA', `Nothing to save for ${resolution.id}`);
  const plan = planFiles(resolution, options);
  const converts = plan.some((file) => file.convert);
  if (options.audioFormat === 'mp3' && !converts && !items.some((i) => i.type === 'audio')) {
    throw new TiksaverError('NO_MEDIA', 'No audio or video to make an MP3 from');
  }
  if (converts && !(await hasFfmpeg())) {
    throw new TiksaverError('NO_MEDIA', 'MP3 was asked for but only a video is available and ffmpeg is not installed', { hint: FFMPEG_HINT });
  }
  if (!options.force) {
    for (const file of plan) if (file.convert && (await exists(file.path))) throw fileExists(file.path);
  }
  const limit = pLimit(Math.max(1, options.concurrency ?? 4));
  const controller = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, controller.signal]) : controller.signal;
  const { onProgress, ...rest } = options;
  const jobs = plan.map((file, i) =>
    limit(async () => {
      const target = file.convert ? `${splitExt(file.path).stem}.video-for-mp3` : file.path;
      const result = await downloadTo(file.item, target, {
        ...rest,
        signal,
        ...(onProgress && { onProgress: (p) => onProgress(i, p) }),
      });
      if (!file.convert) return result;
      try {
        await extractAudio(target, file.path, { signal, ...(options.force && { force: true }) });
      } finally {
        await fsp.rm(target, { force: true });
      }
      // Report what is on disk: the MP3's size and an audio item, not the video fetched for it.
      const { size } = await fsp.stat(file.path);
      return { ...result, path: file.path, bytes: size, item: file.convert.item };
    }),
  );
  try {
    return await Promise.all(jobs);
  } catch (error) {
    // One failure stops the rest; finished files stay, unfinished ones keep their .part.
    controller.abort();
    await Promise.allSettled(jobs);
    throw error;
  }
}
