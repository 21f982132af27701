/**
 * itemStruct → Resolution (issue 6 step 5). Kind: story when the link path or the item
 * says so (`is_story`, story expiry fields), photo when it has `imagePost`, else video.
 * Headers are attached afterwards by attach-headers.ts (they need the cookie jar).
 */
import { TiksaverError, type MediaItem, type ParsedLink, type Resolution } from '@tiksaver/core';
import type { z } from 'zod';
import { pickVideo, type CodecPreference } from './pick-video.js';
import { ItemStruct, type ImagePost, type MusicStruct } from './schemas.js';
import { ageRestrictedError } from './errors.js';

const DAY_MS = 24 * 60 * 60 * 1000;

export interface MapOptions {
  link: Pick<ParsedLink, 'kind' | 'url' | 'id'>;
  codec?: CodecPreference;
  /** ms since epoch; injectable for tests. */
  now?: number;
  /** Origin used to build the post URL (default https://www.tiktok.com). */
  origin?: string;
  pageUrl?: string;
}

function formatPath(path: ReadonlyArray<PropertyKey>): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i ? '.' : ''}${String(p)}`)).join('');
}

/** Zod error → UPSTREAM_CHANGED naming the first failing path, e.g. `itemStruct.video.playAddr`. */
export function driftError(error: z.ZodError, root: string, pageUrl?: string): TiksaverError {
  const issue = error.issues[0];
  const path = formatPath([root, ...(issue?.path ?? [])]);
  return new TiksaverError('UPSTREAM_CHANGED', `TikTok page data changed shape at ${path}: ${issue?.message ?? 'invalid'}`, {
    cause: error,
    detail: { path, ...(pageUrl && { pageUrl }) },
  });
}

export function parseItem(raw: unknown, pageUrl?: string, scope?: string): ItemStruct {
  const parsed = ItemStruct.safeParse(raw);
  if (!parsed.success) throw driftError(parsed.error, scope ? `${scope}.itemInfo.itemStruct` : 'itemInfo.itemStruct', pageUrl);
  return parsed.data;
}

/** Seconds or milliseconds → ms (story.ExpiredAt is ms; other fields may be seconds). */
function toMs(value: number): number {
  return value < 1e11 ? value * 1000 : value;
}

export function storyInfo(item: ItemStruct, linkKind: string): { isStory: boolean; expiresAtMs?: number } {
  const explicit = item.story?.ExpiredAt ?? item.story?.expiredAt ?? item.expiredAt ?? item.storyExpiredAt;
  const isStory = linkKind === 'story' || item.is_story === true || item.isStory === true || explicit != null;
  if (!isStory) return { isStory };
  if (explicit != null && explicit > 0) return { isStory, expiresAtMs: toMs(explicit) };
  if (item.createTime) return { isStory, expiresAtMs: toMs(item.createTime) + DAY_MS };
  return { isStory };
}

function author(item: ItemStruct): Resolution['author'] {
  const obj = typeof item.author === 'object' ? item.author : item.authorInfo;
  const username = obj?.uniqueId ?? (typeof item.author === 'string' ? item.author : undefined) ?? item.uniqueId;
  const nickname = obj?.nickname ?? item.nickname;
  if (!username && !nickname) return undefined;
  return { ...(username && { username }), ...(nickname && { nickname }) };
}

function imageExt(url: string): string {
  const path = url.split('?')[0]!.toLowerCase();
  if (/\.jpe?g|jpeg/.test(path) || /format=jpe?g/.test(url)) return 'jpg';
  if (path.includes('.webp') || path.includes('webp')) return 'webp';
  if (path.includes('.heic') || path.includes('heic')) return 'heic';
  if (path.includes('.png')) return 'png';
  return 'jpg';
}

/** cobalt picks the `.jpeg?` entry (others are webp/heic); the rest stay as fallbacks. */
export function pickImages(imagePost: ImagePost | null | undefined): MediaItem[] {
  return (imagePost?.images ?? []).flatMap((image, i) => {
    const urls = [...new Set(image.imageURL.urlList.filter(Boolean))];
    if (urls.length === 0) return [];
    const isJpeg = (u: string) => imageExt(u) === 'jpg' && /jpe?g/i.test(u);
    const ordered = [...urls.filter(isJpeg), ...urls.filter((u) => !isJpeg(u))];
    const url = ordered[0]!;
    const ext = imageExt(url);
    return [
      {
        type: 'image' as const,
        url,
        ...(ordered.length > 1 && { fallbackUrls: ordered.slice(1) }),
        ext,
        mimeType: ext === 'jpg' ? 'image/jpeg' : `image/${ext}`,
        ...(image.imageWidth && { width: image.imageWidth }),
        ...(image.imageHeight && { height: image.imageHeight }),
        watermark: false,
        index: i + 1,
      },
    ];
  });
}

/** yt-dlp guesses the extension from the `mime_type` query parameter, default m4a. */
export function audioFormat(url: string): { ext: string; mimeType: string } {
  let mime: string | null = null;
  try {
    mime = new URL(url).searchParams.get('mime_type');
  } catch {
    /* keep default */
  }
  if (mime === 'audio_mpeg' || (!mime && /\.mp3(\?|$)/i.test(url))) return { ext: 'mp3', mimeType: 'audio/mpeg' };
  if (mime && /ogg|opus/.test(mime)) return { ext: 'ogg', mimeType: 'audio/ogg' };
  return { ext: 'm4a', mimeType: 'audio/mp4' };
}

export function pickAudio(music: MusicStruct | null | undefined): MediaItem | undefined {
  if (!music?.playUrl) return undefined;
  const label = music.original ? 'original sound' : music.title || 'soundtrack';
  return {
    type: 'audio',
    url: music.playUrl,
    ...audioFormat(music.playUrl),
    ...(music.duration && music.duration > 0 && { durationSec: music.duration }),
    quality: label,
  };
}

export function mapItem(item: ItemStruct, options: MapOptions): Resolution {
  const now = options.now ?? Date.now();
  const origin = options.origin ?? 'https://www.tiktok.com';
  const { isStory, expiresAtMs } = storyInfo(item, options.link.kind);
  if (isStory && expiresAtMs !== undefined && expiresAtMs <= now) {
    throw new TiksaverError('EXPIRED', `This story expired at ${new Date(expiresAtMs).toISOString()}`, {
      final: true,
      detail: { expiresAt: new Date(expiresAtMs).toISOString() },
    });
  }
  const images = pickImages(item.imagePost);
  const video = images.length === 0 ? pickVideo(item.video, options.codec) : undefined;
  const audio = pickAudio(item.music);
  if (images.length === 0 && !video) {
    if (item.isContentClassified) throw ageRestrictedError(options.pageUrl ?? origin);
    // A sound-only story (or a slideshow whose images are missing) still has its sound;
    // selectItems decides whether that is enough for what the user wants.
    if (!audio) {
      throw new TiksaverError('NO_MEDIA', 'TikTok returned the post without any video, image or sound URL', {
        detail: { ...(options.pageUrl && { pageUrl: options.pageUrl }) },
      });
    }
  }
  const kind = isStory ? 'story' : images.length > 0 ? 'photo' : 'video';
  const who = author(item);
  const url =
    options.link.kind === 'story' && options.link.url
      ? options.link.url
      : `${origin}/@${who?.username ?? '_'}/${kind === 'photo' ? 'photo' : 'video'}/${item.id}`;
  return {
    kind,
    id: item.id,
    url,
    ...(who && { author: who }),
    ...(item.desc && { caption: item.desc }),
    ...(item.createTime && { createdAt: new Date(toMs(item.createTime)).toISOString() }),
    ...(isStory && expiresAtMs !== undefined && { expiresAt: new Date(expiresAtMs).toISOString() }),
    items: [...(video ? [video] : []), ...images, ...(audio ? [audio] : [])],
  };
}
