/**
 * Saves a resolution's selected items: all of them through one bounded pool (p-limit) so a
 * photo post's images download concurrently, with names fixed up front in item order.
 */
import fsp from 'node:fs/promises';
import pLimit from 'p-limit';
import { TiksaverError } from '../errors.js';
import type { MediaItem, Resolution } from '../schemas.js';
import { extractAudio, FFMPEG_HINT, hasFfmpeg } from './audio.js';
import { downloadTo } from './download.js';
import { exists, fileExists } from './part-file.js';
import { splitExt } from './sanitize.js';
import { outputPath } from './template.js';
import type { DownloadResult, SaveOptions, TemplateFields } from './types.js';

export function fieldsFor(resolution: Resolution, item: MediaItem, position: number, sameType: number, provider?: string): TemplateFields {
  const author = resolution.author?.username ?? resolution.author?.nickname;
  return {
    id: resolution.id,
    kind: resolution.kind,
    ext: item.ext,
    type: item.type,
    count: sameType,
    ...(sameType > 1 && { index: item.index ?? position }),
    ...(author && { author }),
    ...(resolution.createdAt && { date: resolution.createdAt }),
    ...(provider && { provider }),
    ...(resolution.caption && { caption: resolution.caption }),
    ...(item.quality && { quality: item.quality }),
  };
}

export async function saveResolution(resolution: Resolution, options: SaveOptions): Promise<DownloadResult[]> {
  const items = resolution.items;
  if (items.length === 0) throw new TiksaverError('NO_MEDIA', `Nothing to save for ${resolution.id}`);
  const wantMp3 = options.audioFormat === 'mp3' && !items.some((i) => i.type === 'audio');
  if (wantMp3 && !items.some((i) => i.type === 'video')) throw new TiksaverError('NO_MEDIA', 'No audio or video to make an MP3 from');
  if (wantMp3 && !(await hasFfmpeg())) {
    throw new TiksaverError('NO_MEDIA', 'MP3 was asked for but only a video is available and ffmpeg is not installed', { hint: FFMPEG_HINT });
  }
  const dir = options.dir ?? process.cwd();
  const paths = uniquePaths(
    items.map((item) => {
      const ofType = items.filter((i) => i.type === item.type);
      const fields = fieldsFor(resolution, item, ofType.indexOf(item) + 1, ofType.length, options.provider);
      return outputPath(dir, options.template, fields, { restrictFilenames: options.restrictFilenames ?? false });
    }),
  );
  // Where a video becomes an MP3 (only when one was asked for), decided once per item.
  const mp3Paths = items.map((item, i) => (wantMp3 && item.type === 'video' ? `${splitExt(paths[i]!).stem}.mp3` : undefined));
  if (!options.force) {
    for (const mp3 of mp3Paths) if (mp3 && (await exists(mp3))) throw fileExists(mp3);
  }
  const limit = pLimit(Math.max(1, options.concurrency ?? 4));
  const controller = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, controller.signal]) : controller.signal;
  const jobs = items.map((item, i) =>
    limit(async () => {
      const mp3 = mp3Paths[i];
      const target = mp3 ? `${paths[i]}.video-for-mp3` : paths[i]!;
      const { onProgress, ...rest } = options;
      const result = await downloadTo(item, target, {
        ...rest,
        signal,
        ...(onProgress && { onProgress: (p) => onProgress(i, p) }),
      });
      if (!mp3) return result;
      try {
        await extractAudio(target, mp3, { signal, ...(options.force && { force: true }) });
      } finally {
        await fsp.rm(target, { force: true });
      }
      return { ...result, path: mp3 };
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

/** Two items rendering to one name get "_2", "_3"... in item order, so names are stable. */
function uniquePaths(paths: string[]): string[] {
  const seen = new Set<string>();
  return paths.map((p) => {
    let candidate = p;
    for (let n = 2; seen.has(candidate); n++) {
      const { stem, ext } = splitExt(p);
      candidate = `${stem}_${n}${ext}`;
    }
    seen.add(candidate);
    return candidate;
  });
}
