/**
 * tikwm answer -> Resolution. Shapes follow services.md §2: `{ code, msg, data }` with
 * `play` (no watermark, H.264), `hdplay` (HD, only with hd=1, HEVC in practice: fxTikTok
 * #10, Mak5er/Downloader-Bot #49), `wmplay` (watermarked), `music`, `images[]` for photo
 * posts; media URLs are sometimes host-relative (tikwm proxies them).
 *
 * Strict only on what the media choice needs (the media URLs are strings when present);
 * lenient on everything else: tikwm's own 2021 sample and its 2023 list items carry no
 * `data.id` (the link names the item anyway), numbers may be missing or strings, and a
 * metadata field of an unexpected type is dropped, not fatal.
 */
import { TiksaverError, type MediaItem, type ParsedLink, type Resolution } from '@tiksaver/core';
import * as z from 'zod';
import { absoluteUrl, itemIdFrom, kindFromLink, serviceTargetUrl } from '../shared/link-target.js';
import { fileAs } from '../shared/media-file.js';
import { PROVIDER_ID, tikwmApiError } from './errors.js';

const optionalText = z.string().nullish();
/** Metadata: kept when it is text, dropped otherwise. */
const metaText = z.string().nullish().catch(undefined);
const optionalNumber = z.coerce.number().nullish().catch(undefined);
const optionalId = z.union([z.string(), z.number()]).transform(String).nullish().catch(undefined);

const TikwmData = z.object({
  id: optionalId,
  /** List items (2023) and older answers name the item here instead. */
  video_id: optionalId,
  aweme_id: optionalId,
  title: metaText,
  cover: metaText,
  origin_cover: metaText,
  duration: optionalNumber,
  play: optionalText,
  wmplay: optionalText,
  hdplay: optionalText,
  size: optionalNumber,
  wm_size: optionalNumber,
  hd_size: optionalNumber,
  music: optionalText,
  music_info: z
    .object({ title: metaText, author: metaText, original: z.boolean().nullish().catch(undefined), duration: optionalNumber })
    .nullish()
    .catch(undefined),
  create_time: optionalNumber,
  images: z.array(z.string()).nullish(),
  author: z.object({ unique_id: metaText, nickname: metaText }).nullish().catch(undefined),
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

export type CodecPreference = 'h264' | 'h265';

/**
 * Every clean video tikwm offers, the preferred codec first (selectItems takes the first):
 * `play` is H.264, `hdplay` HEVC (services.md §2), so the default (h264) gets the file that
 * plays everywhere and `--codec h265` the HD one. The labels name the codec; HEVC is never
 * plain "HD". The watermarked file is only a last resort, when no clean one is listed.
 */
function videoItems(data: TikwmData, baseUrl: string, codec: CodecPreference): MediaItem[] {
  const hd = absoluteUrl(data.hdplay, baseUrl);
  const sd = absoluteUrl(data.play, baseUrl);
  const wm = absoluteUrl(data.wmplay, baseUrl);
  const duration = positive(data.duration);
  const common = { type: 'video' as const, ext: 'mp4', mimeType: 'video/mp4', ...(duration && { durationSec: duration }) };
  const size = (value: number | null | undefined) => {
    const bytes = positive(value);
    return bytes ? { sizeBytes: bytes } : {};
  };
  const h264: MediaItem | undefined = sd ? { ...common, url: sd, codec: 'h264', watermark: false, quality: 'SD, no watermark', ...size(data.size) } : undefined;
  const h265: MediaItem | undefined = hd ? { ...common, url: hd, codec: 'h265', watermark: false, quality: 'HD (H.265/HEVC), no watermark', ...size(data.hd_size) } : undefined;
  const clean = (codec === 'h265' ? [h265, h264] : [h264, h265]).filter((item): item is MediaItem => item !== undefined);
  if (clean.length > 0) return clean;
  // wmplay is the same encode as play with the watermark burnt in.
  return wm ? [{ ...common, url: wm, codec: 'h264', watermark: true, quality: 'SD, watermarked', ...size(data.wm_size) }] : [];
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

export function toResolution(data: TikwmData, link: ParsedLink, baseUrl: string, codec: CodecPreference = 'h264'): Resolution {
  const images = imageItems(data, baseUrl);
  const isPhoto = images.length > 0;
  const audio = audioItem(data, baseUrl);
  const videos = isPhoto ? [] : videoItems(data, baseUrl, codec);
  const items = [...videos, ...images, ...(audio ? [audio] : [])];
  if (items.length === 0) {
    throw new TiksaverError('NO_MEDIA', 'tikwm found the post but listed no video, images or sound', { provider: PROVIDER_ID });
  }
  const created = positive(data.create_time);
  const author = data.author;
  return {
    kind: isPhoto ? 'photo' : kindFromLink(link) === 'photo' ? 'video' : kindFromLink(link),
    id: [data.id, data.video_id, data.aweme_id].find((id) => id && /^\d+$/.test(id)) ?? itemIdFrom(link, data.play ?? undefined, data.cover ?? undefined),
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
