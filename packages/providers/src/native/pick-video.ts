/**
 * Chooses the video rendition and its fallbacks (reference tiktok-web.md top fact 5):
 * `bitrateInfo` entries, preferred codec first (h264 by default for compatibility: some
 * hvc1 URLs are video-only or 404, yt-dlp #16622/#17372), then by resolution, then bitrate.
 * `bytevc2` (ByteDance's H.266, unplayable) and `www.tiktok.com/aweme/v1/play` URLs
 * (broken, yt-dlp #11034) are dropped. Every remaining UrlList entry is kept, in order, as
 * a fallback for the downloader ("any single host 403ing is common"), then `playAddr`, then
 * `PlayAddrStruct`. `downloadAddr` is watermarked and only used when nothing else exists.
 */
import type { MediaItem } from '@tiksaver/core';
import type { BitrateInfo, VideoStruct } from './schemas.js';

export type CodecPreference = 'h264' | 'h265';

interface Candidate {
  urls: string[];
  codec?: string;
  width?: number;
  height?: number;
  bitrate?: number;
  sizeBytes?: number;
}

// yt-dlp: v[^_]+_(?P<codec>[^_]+)_(?P<res>\d+p)_(?P<bitrate>\d+)
const URL_KEY = /v[^_]+_([^_]+)_(\d+)p_(\d+)/;

export function normaliseCodec(raw: string | null | undefined): string | undefined {
  if (!raw) return undefined;
  const text = raw.toLowerCase();
  if (text.includes('bytevc2')) return 'bytevc2';
  if (text.includes('h265') || text.includes('bytevc1') || text.includes('hevc') || text.includes('hvc1')) return 'h265';
  if (text.includes('h264') || text.includes('avc')) return 'h264';
  return text;
}

/** URLs TikTok serves from its own web host are broken for downloads (yt-dlp #11034). */
export function isUsableMediaUrl(url: string): boolean {
  try {
    const { hostname, protocol } = new URL(url);
    if (protocol !== 'https:' && protocol !== 'http:') return false;
    return hostname !== 'www.tiktok.com' && hostname !== 'tiktok.com';
  } catch {
    return false;
  }
}

function fromBitrateInfo(info: BitrateInfo): Candidate | undefined {
  const key = info.PlayAddr?.UrlKey ? URL_KEY.exec(info.PlayAddr.UrlKey) : null;
  const codec = normaliseCodec(info.CodecType) ?? normaliseCodec(key?.[1]);
  if (codec === 'bytevc2') return undefined;
  const urls = (info.PlayAddr?.UrlList ?? []).filter(isUsableMediaUrl);
  if (urls.length === 0) return undefined;
  const keyHeight = key ? Number(key[2]) : undefined;
  const width = info.PlayAddr?.Width;
  const height = info.PlayAddr?.Height ?? keyHeight;
  const bitrate = info.Bitrate ?? (key ? Number(key[3]) : undefined);
  return {
    urls,
    ...(codec && { codec }),
    ...(width && { width }),
    ...(height && { height }),
    ...(bitrate && { bitrate }),
    ...(info.PlayAddr?.DataSize && { sizeBytes: info.PlayAddr.DataSize }),
  };
}

function pixels(c: Candidate): number {
  if (c.width && c.height) return c.width * c.height;
  return (c.height ?? 0) * (c.height ?? 0);
}

export function playAddrUrls(video: VideoStruct): string[] {
  const playAddr = video.playAddr;
  if (typeof playAddr === 'string') return playAddr ? [playAddr] : [];
  return (playAddr ?? []).map((entry) => entry.src).filter(Boolean);
}

function qualityLabel(width?: number | null, height?: number | null): string | undefined {
  const short = width && height ? Math.min(width, height) : height;
  if (!short) return undefined;
  return short >= 720 ? `${short}p HD` : `${short}p`;
}

/** Ordered candidates: preferred codec, then pixels, then bitrate. */
export function rankBitrateInfo(infos: BitrateInfo[], prefer: CodecPreference): Candidate[] {
  const rank = (c: Candidate) => (c.codec === prefer ? 0 : c.codec === 'h264' || c.codec === 'h265' ? 1 : 2);
  return infos
    .map(fromBitrateInfo)
    .filter((c): c is Candidate => c !== undefined)
    .sort((a, b) => rank(a) - rank(b) || pixels(b) - pixels(a) || (b.bitrate ?? 0) - (a.bitrate ?? 0));
}

export function pickVideo(video: VideoStruct | null | undefined, prefer: CodecPreference = 'h264'): MediaItem | undefined {
  if (!video) return undefined;
  const ranked = rankBitrateInfo(video.bitrateInfo ?? [], prefer);
  const plain = [...playAddrUrls(video), ...(video.PlayAddrStruct?.UrlList ?? [])].filter(isUsableMediaUrl);
  const urls = [...new Set([...ranked.flatMap((c) => c.urls), ...plain])];
  const durationSec = video.duration && video.duration > 0 ? video.duration : undefined;
  const base = { type: 'video' as const, ext: 'mp4', mimeType: 'video/mp4', ...(durationSec && { durationSec }) };
  const best = ranked[0];
  if (urls.length > 0) {
    const width = best?.width ?? video.PlayAddrStruct?.Width ?? video.width;
    const height = best?.height ?? video.PlayAddrStruct?.Height ?? video.height;
    const codec = best?.codec ?? normaliseCodec(video.codecType);
    const quality = qualityLabel(width, height);
    return {
      ...base,
      url: urls[0]!,
      ...(urls.length > 1 && { fallbackUrls: urls.slice(1) }),
      ...(width && { width }),
      ...(height && { height }),
      ...(codec && { codec }),
      ...(best?.bitrate && { bitrate: best.bitrate }),
      ...(best?.sizeBytes && { sizeBytes: best.sizeBytes }),
      watermark: false,
      ...(quality && { quality }),
    };
  }
  const watermarked = [video.downloadAddr, video.download?.url].filter((u): u is string => !!u && isUsableMediaUrl(u));
  if (watermarked.length === 0) return undefined;
  return {
    ...base,
    url: watermarked[0]!,
    ...(watermarked.length > 1 && { fallbackUrls: watermarked.slice(1) }),
    ...(video.width && { width: video.width }),
    ...(video.height && { height: video.height }),
    watermark: true,
    quality: 'watermarked (no clean copy offered)',
  };
}
