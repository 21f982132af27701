/**
 * planFiles: the one place that decides what a resolution's items are called and which of
 * them become an MP3. The CLI saves and previews (--dry-run) with it, saveResolution
 * writes exactly these paths, and the web names its downloads and zip entries with it.
 */
import type { MediaItem, Resolution } from '../schemas.js';
import { sanitizeFilename, splitExt } from './sanitize.js';
import { DEFAULT_TEMPLATE, insideDir, renderTemplate } from './template.js';
import type { TemplateFields } from './types.js';

export interface FilePlanSettings {
  /** Output directory (-P). Default: cwd. */
  dir?: string;
  /** yt-dlp-like template (-o). Default '{author}_{id}{index}.{ext}'. */
  template?: string;
  restrictFilenames?: boolean;
  /** The provider that delivered the resolution ({provider}). */
  provider?: string;
  /** 'mp3': a video standing in for the sound (no audio item picked) becomes an MP3 with ffmpeg. */
  audioFormat?: 'original' | 'mp3';
}

export interface PlannedFile {
  /** The item as it is fetched. */
  item: MediaItem;
  /** Where the file ends up (absolute, inside `dir`), after any conversion. */
  path: string;
  /** The same name as one file name ("a/b.mp4" -> "a_b.mp4"): a browser download, a zip entry. */
  name: string;
  /** Set when the fetched item is converted; `item` is what is on disk afterwards. */
  convert?: { to: 'mp3'; item: MediaItem };
}

function fieldsFor(resolution: Resolution, item: MediaItem, position: number, sameType: number, provider?: string): TemplateFields {
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

/**
 * Every item of the resolution, in order (pick them first with selectItems). Throws
 * INVALID_INPUT for a template that is absolute, climbs out of `dir` or renders empty. */
export function planFiles(resolution: Resolution, settings: FilePlanSettings = {}): PlannedFile[] {
  const items = resolution.items;
  const toMp3 = settings.audioFormat === 'mp3' && !items.some((i) => i.type === 'audio');
  const relative = uniqueNames(
    items.map((item) => {
      const ofType = items.filter((i) => i.type === item.type);
      const fields = fieldsFor(resolution, item, ofType.indexOf(item) + 1, ofType.length, settings.provider);
      const rendered = renderTemplate(settings.template ?? DEFAULT_TEMPLATE, fields, { restrictFilenames: settings.restrictFilenames ?? false });
      // A video kept only for its sound is named as the video, with .mp3 for its extension.
      return toMp3 && item.type === 'video' ? mp3Name(rendered) : rendered;
    }),
  );
  const dir = settings.dir ?? process.cwd();
  return items.map((item, i) => {
    const file = relative[i]!;
    const converted = toMp3 && item.type === 'video';
    return {
      item,
      path: insideDir(dir, file),
      name: sanitizeFilename(file.replaceAll('/', '_'), { restrict: settings.restrictFilenames ?? false }),
      ...(converted && { convert: { to: 'mp3' as const, item: mp3Item(item) } }),
    };
  });
}

/** The name of the MP3 made from a file: the same stem, ".mp3". */
export function mp3Name(file: string): string {
  return `${splitExt(file).stem}.mp3`;
}

/** What an MP3 made from a video is: an audio item, without the video's picture fields. */
function mp3Item(video: MediaItem): MediaItem {
  const { width: _w, height: _h, codec: _c, watermark: _wm, ...rest } = video;
  return { ...rest, type: 'audio', ext: 'mp3', mimeType: 'audio/mpeg', quality: 'MP3 from the video' };
}

/** Two items rendering to one name get "_2", "_3"... in item order, so names are stable. */
function uniqueNames(names: string[]): string[] {
  const seen = new Set<string>();
  return names.map((name) => {
    let candidate = name;
    for (let n = 2; seen.has(candidate); n++) {
      const { stem, ext } = splitExt(name);
      candidate = `${stem}_${n}${ext}`;
    }
    seen.add(candidate);
    return candidate;
  });
}
