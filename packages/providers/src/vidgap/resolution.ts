/**
 * VidGap document -> core Resolution. Media links are raw TikTok CDN URLs (services.md
 * §4a: `videoURL` "no-watermark, raw TikTok CDN"), so items carry a TikTok Referer for the
 * downloader. The watermarked `wmURL` is only a last resort and labelled as such.
 */
import { type MediaItem, type ParsedLink, type Resolution } from '@tiksaver/core';
import { absoluteUrl, itemIdFrom, serviceTargetUrl } from '../shared/link-target.js';
import { fileAs } from '../shared/media-file.js';
import { vidgapError } from './errors.js';
import type { VidgapDocument } from './parse.js';

export const TIKTOK_MEDIA_HEADERS = { Referer: 'https://www.tiktok.com/' };

function size(value: string | number | null | undefined): number | undefined {
  const n = Number(value);
  return Number.isFinite(n) && n > 0 ? n : undefined;
}

/** HD, then plain no-watermark, then the watermarked file as a labelled last resort. */
function videoItems(doc: VidgapDocument, baseUrl: string): MediaItem[] {
  const duration = size(doc.duration);
  const base = { type: 'video' as const, ext: 'mp4', mimeType: 'video/mp4', headers: TIKTOK_MEDIA_HEADERS, ...(duration && { durationSec: duration }) };
  const hd = absoluteUrl(doc.hdVideoURL, baseUrl);
  const sd = absoluteUrl(doc.videoURL, baseUrl);
  const wm = absoluteUrl(doc.wmURL, baseUrl);
  const items: MediaItem[] = [];
  if (hd) items.push({ ...base, url: hd, watermark: false, quality: 'HD', ...(size(doc.hdInfSize) && { sizeBytes: size(doc.hdInfSize) }) });
  // videoURL and wmURL are TikTok's playAddr and downloadAddr, which are H.264 (cobalt
  // serves playAddr as its H.264 default, services.md §3); the HD file's codec is not said.
  if (sd && sd !== hd) items.push({ ...base, url: sd, codec: 'h264', watermark: false, quality: 'SD', ...(size(doc.infSize) && { sizeBytes: size(doc.infSize) }) });
  if (wm) items.push({ ...base, url: wm, codec: 'h264', watermark: true, quality: 'watermarked' });
  return items;
}

function imageItems(doc: VidgapDocument, baseUrl: string): MediaItem[] {
  const urls = (doc.images ?? [])
    .map((image) => absoluteUrl(typeof image === 'string' ? image : (image.url ?? image.displayImage ?? image.downloadUrl), baseUrl))
    .filter((url): url is string => url !== undefined);
  return urls.map((url, i) => {
    const { ext, mimeType } = fileAs('image', url);
    return { type: 'image', url, ext, mimeType, index: i + 1, headers: TIKTOK_MEDIA_HEADERS };
  });
}

function audioItem(doc: VidgapDocument, baseUrl: string): MediaItem | undefined {
  const url = absoluteUrl(doc.musicURL, baseUrl);
  if (!url) return undefined;
  const { ext, mimeType } = fileAs('audio', url);
  const duration = size(doc.musicDuration);
  return {
    type: 'audio',
    url,
    ext,
    mimeType,
    quality: doc.musicTitle ? doc.musicTitle : 'original sound',
    headers: TIKTOK_MEDIA_HEADERS,
    ...(duration && { durationSec: duration }),
  };
}

const MEDIA_FIELDS = ['videoURL', 'hdVideoURL', 'wmURL', 'musicURL', 'images'] as const;

export function toResolution(link: ParsedLink, doc: VidgapDocument, baseUrl: string): Resolution {
  // None of the media fields at all (not even empty) is a changed document, not a post without media.
  if (!MEDIA_FIELDS.some((field) => field in doc)) {
    throw vidgapError('UPSTREAM_CHANGED', 'VidGap result has none of the known media fields', { path: 'flight.1.videoURL' });
  }
  const images = imageItems(doc, baseUrl);
  const isPhoto = images.length > 0 || /slide|image|photo/i.test(doc.data_type ?? '');
  const videos = isPhoto ? [] : videoItems(doc, baseUrl);
  const audio = audioItem(doc, baseUrl);
  const items = [...videos, ...images, ...(audio ? [audio] : [])];
  if (items.length === 0) throw vidgapError('NO_MEDIA', 'VidGap processed the post but returned no media links', { path: 'flight.1' });
  const caption = doc.desc ?? doc.title ?? undefined;
  return {
    kind: link.kind === 'story' || /story/i.test(doc.data_type ?? '') ? 'story' : isPhoto ? 'photo' : 'video',
    id: itemIdFrom(link, doc.video_id ?? undefined, doc.contentId ?? undefined, doc._id ?? undefined),
    url: serviceTargetUrl(link),
    ...(doc.username && { author: { username: doc.username.replace(/^@/, '') } }),
    ...(caption && { caption }),
    items,
  };
}
