/**
 * tikwm answer -> Resolution. Shapes follow services.md §2: `{ code, msg, data }` with
 * `play` (no watermark), `hdplay` (HD, only with hd=1), `wmplay` (watermarked), `music`,
 * `images[]` for photo posts; media URLs are sometimes host-relative (tikwm proxies them).
 */
import { TiksaverError, type MediaItem, type ParsedLink, type Resolution } from '@tiksaver/core';
import { z } from 'zod';
import { absoluteUrl, itemIdFrom, kindFromLink, serviceTargetUrl } from '../shared/link-target.js';
import { fileAs } from '../shared/media-file.js';
import { PROVIDER_ID, tikwmApiError } from './errors.js';

const optionalText = z.string().nullish();
const optionalNumber = z.coerce.number().nullish().catch(undefined);

const TikwmData = z.object({
  id: z.union([z.string(), z.number()]).transform(String),
  title: optionalText,
  cover: optionalText,
  origin_cover: optionalText,
  duration: optionalNumber,
  play: optionalText,
  wmplay: optionalText,
  hdplay: optionalText,
  size: optionalNumber,
  wm_size: optionalNumber,
  hd_size: optionalNumber,
  music: optionalText,
  music_info: z
    .object({ title: optionalText, author: optionalText, original: z.boolean().nullish(), duration: optionalNumber })
    .nullish()
    .catch(undefined),
  create_time: optionalNumber,
  images: z.array(z.string()).nullish(),
  author: z.object({ unique_id: optionalText, nickname: optionalText }).nullish(),
});
type TikwmData = z.infer<typeof TikwmData>;

export const TikwmResponse = z.object({
  code: z.coerce.number(),
  msg: z.string().nullish(),
  data: z.unknown().optional(),
});

/** Validates the envelope, maps `code !== 0`, then validates `data`. */
export function parseTikwmResponse(raw: unknown): TikwmData {
  const envelope = TikwmResponse.safeParse(raw);
  if (!envelope.success) {
    throw new TiksaverError('UPSTREAM_CHANGED', 'tikwm answered in an unknown shape (no numeric `code`)', {
      provider: PROVIDER_ID,
      cause: envelope.error,
    });
  }
  const { code, msg, data } = envelope.data;
  if (code !== 0) throw tikwmApiError(code, msg ?? '');
  const parsed = TikwmData.safeParse(data);
  if (!parsed.success) {
    throw new TiksaverError('UPSTREAM_CHANGED', 'tikwm answered code 0 without a usable `data` object', {
      provider: PROVIDER_ID,
      cause: parsed.error,
      detail: { issues: parsed.error.issues.slice(0, 3).map((issue) => `${issue.path.join('.')}: ${issue.message}`) },
    });
  }
  return parsed.data;
}

function positive(value: number | null | undefined): number | undefined {
  return value && value > 0 ? value : undefined;
}

function videoItem(data: TikwmData, baseUrl: string): MediaItem | undefined {
  const hd = absoluteUrl(data.hdplay, baseUrl);
  const sd = absoluteUrl(data.play, baseUrl);
  const wm = absoluteUrl(data.wmplay, baseUrl);
  const common = { type: 'video' as const, ext: 'mp4', mimeType: 'video/mp4', durationSec: positive(data.duration) };
  // One video item, the best clean one. A lower quality is never a silent fallback of a
  // higher one: the label says what the file is.
  if (hd) return { ...common, url: hd, watermark: false, quality: 'HD, no watermark', sizeBytes: positive(data.hd_size) };
  if (sd) return { ...common, url: sd, watermark: false, quality: 'SD, no watermark', sizeBytes: positive(data.size) };
  if (wm) return { ...common, url: wm, watermark: true, quality: 'SD, watermarked', sizeBytes: positive(data.wm_size) };
  return undefined;
}

function audioItem(data: TikwmData, baseUrl: string): MediaItem | undefined {
  const url = absoluteUrl(data.music, baseUrl);
  if (!url) return undefined;
  const { ext, mimeType } = fileAs('audio', url);
  const info = data.music_info;
  const quality = info?.original === true ? 'original sound' : info?.title ? `sound: ${info.title}` : 'sound';
  return {
    type: 'audio',
    url,
    ext,
    mimeType,
    quality,
    durationSec: positive(info?.duration),
  };
}

function imageItems(data: TikwmData, baseUrl: string): MediaItem[] {
  return (data.images ?? []).flatMap((image, i) => {
    const url = absoluteUrl(image, baseUrl);
    if (!url) return [];
    const { ext, mimeType } = fileAs('image', url);
    return [{ type: 'image' as const, url, ext, mimeType, index: i + 1, watermark: false }];
  });
}

export function toResolution(data: TikwmData, link: ParsedLink, baseUrl: string): Resolution {
  const images = imageItems(data, baseUrl);
  const isPhoto = images.length > 0;
  const audio = audioItem(data, baseUrl);
  const video = isPhoto ? undefined : videoItem(data, baseUrl);
  const items = [...(video ? [video] : []), ...images, ...(audio ? [audio] : [])];
  if (items.length === 0) {
    throw new TiksaverError('NO_MEDIA', 'tikwm found the post but listed no video, images or sound', { provider: PROVIDER_ID });
  }
  const created = positive(data.create_time);
  const author = data.author;
  return {
    kind: isPhoto ? 'photo' : kindFromLink(link) === 'photo' ? 'video' : kindFromLink(link),
    id: /^\d+$/.test(data.id) ? data.id : itemIdFrom(link),
    url: serviceTargetUrl(link),
    ...(author && (author.unique_id || author.nickname) && {
      author: {
        ...(author.unique_id && { username: author.unique_id }),
        ...(author.nickname && { nickname: author.nickname }),
      },
    }),
    ...(data.title && { caption: data.title }),
    ...(created && { createdAt: new Date(created * 1000).toISOString() }),
    items,
  };
}
