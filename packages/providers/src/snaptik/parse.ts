/**
 * SnapTik answers -> one neutral shape (`SnaptikPost`): the current flow's extract JSON
 * (zod, services.md §1a step 6) and the legacy flow's decoded HTML (cheerio, §1b).
 */
import * as z from 'zod';
import { TiksaverError } from '@tiksaver/core';
import { loadHtml } from '../shared/html.js';
import { absoluteUrl } from '../shared/link-target.js';
import { PROVIDER_ID, snaptikFailure } from './errors.js';

export interface SnaptikPost {
  id?: string;
  type: 'video' | 'carousel';
  title?: string;
  thumbnail?: string;
  author?: { username?: string; nickname?: string };
  durationSec?: number;
  /** Plain (SD) no-watermark video, absolute. */
  videoUrl?: string;
  /** A direct HD file (legacy HTML). */
  hdUrl?: string;
  /** The current flow's HD *endpoint*, answered with `{ url, error? }` (absolute). */
  hdEndpoint?: string;
  images: string[];
  /** Only when the payload really carries one (field names unverified: music / audioUrl). */
  audioUrl?: string;
}

const optionalString = z.string().nullish();
/** Metadata is kept when it has the expected type and dropped otherwise; only media links and `type` are strict. */
const metaString = z.string().nullish().catch(undefined);
const ExtractData = z
  .object({
    id: z.union([z.string(), z.number()]).nullish().catch(undefined),
    type: z.enum(['video', 'carousel']),
    title: metaString,
    thumbnail: metaString,
    videoDuration: z.union([z.number(), z.string()]).nullish().catch(undefined),
    author: z
      .object({ name: metaString, nickname: metaString, username: metaString, avatar: metaString })
      .loose()
      .nullish()
      .catch(undefined),
    downloadUrl: optionalString,
    hdDownloadUrl: optionalString,
    images: z
      .array(z.union([z.string(), z.object({ downloadUrl: optionalString, url: optionalString }).loose()]))
      .nullish(),
    music: z.union([z.string(), z.object({ url: optionalString, downloadUrl: optionalString }).loose()]).nullish(),
    audioUrl: optionalString,
  })
  .loose();

export const ExtractResponse = z.object({
  success: z.boolean(),
  message: optionalString,
  data: z.unknown().optional(),
});

export const HdResponse = z.object({ url: optionalString, error: optionalString }).loose();

export function schemaFailure(error: z.ZodError, root: string): TiksaverError {
  const issue = error.issues[0];
  const path = [root, ...(issue?.path ?? [])].join('.');
  return new TiksaverError('UPSTREAM_CHANGED', `SnapTik answer changed shape at ${path}: ${issue?.message ?? 'invalid'}`, {
    provider: PROVIDER_ID,
    detail: { path },
  });
}

function missingMedia(path: string): TiksaverError {
  return new TiksaverError('UPSTREAM_CHANGED', `SnapTik answer has no media links at ${path}`, { provider: PROVIDER_ID, detail: { path } });
}

export function parseExtract(json: unknown, baseUrl: string): SnaptikPost {
  const envelope = ExtractResponse.safeParse(json);
  if (!envelope.success) throw schemaFailure(envelope.error, 'extract');
  if (!envelope.data.success) throw snaptikFailure(envelope.data.message ?? undefined, 'extract');
  const parsed = ExtractData.safeParse(envelope.data.data);
  if (!parsed.success) throw schemaFailure(parsed.error, 'extract.data');
  const data = parsed.data;
  // Relative URLs (leading `/`) are on the SnapTik site itself (services.md §1a).
  const images = (data.images ?? [])
    .map((image) => absoluteUrl(typeof image === 'string' ? image : (image.downloadUrl ?? image.url), baseUrl))
    .filter((url): url is string => url !== undefined);
  const music = typeof data.music === 'string' ? data.music : (data.music?.url ?? data.music?.downloadUrl);
  const duration = Number(data.videoDuration);
  const post: SnaptikPost = { type: data.type, images };
  if (data.id != null) post.id = String(data.id);
  if (data.title) post.title = data.title;
  if (data.thumbnail) post.thumbnail = absoluteUrl(data.thumbnail, baseUrl);
  const username = data.author?.username ?? undefined;
  const nickname = data.author?.name ?? data.author?.nickname ?? undefined;
  if (username || nickname) post.author = { ...(username && { username }), ...(nickname && { nickname }) };
  if (Number.isFinite(duration) && duration > 0) post.durationSec = duration;
  post.videoUrl = absoluteUrl(data.downloadUrl, baseUrl);
  post.hdEndpoint = absoluteUrl(data.hdDownloadUrl, baseUrl);
  post.audioUrl = absoluteUrl(data.audioUrl ?? music, baseUrl);
  // A post without its media links is a changed answer, not a post without media.
  if (post.type === 'video' && !post.videoUrl && !post.hdEndpoint) throw missingMedia('extract.data.downloadUrl');
  if (post.type === 'carousel' && images.length === 0) throw missingMedia('extract.data.images');
  return post;
}

/** Legacy download HTML: anchors classified by their text, as the scrapers do (§1b). */
export async function parseLegacyHtml(html: string, baseUrl: string): Promise<SnaptikPost> {
  const $ = await loadHtml(html);
  const post: SnaptikPost = { type: 'video', images: [] };
  const videos: string[] = [];
  $('a[href]').each((_, element) => {
    const anchor = $(element);
    const href = absoluteUrl(anchor.attr('href'), baseUrl);
    if (!href || href.startsWith('javascript:') || href.endsWith('#')) return;
    const label = `${anchor.text()} ${anchor.attr('title') ?? ''}`.trim();
    if (/photo|image/i.test(label)) post.images.push(href);
    else if (/\bmp3\b|audio|music/i.test(label)) post.audioUrl ??= href;
    else if (/\bHD\b|1080/i.test(label)) post.hdUrl ??= href;
    else videos.push(href);
  });
  if (post.images.length > 0) post.type = 'carousel';
  post.videoUrl = videos[0];
  const title = $('.video-title').first().text().trim() || $('.video-des').first().text().trim() || $('h3').first().text().trim();
  if (title) post.title = title;
  const thumbnail = $('#thumbnail').attr('src') ?? $('img').first().attr('src');
  if (thumbnail) post.thumbnail = absoluteUrl(thumbnail, baseUrl);
  const username = $('.info span').first().text().trim().replace(/^@/, '');
  if (username) post.author = { username };
  if (!post.videoUrl && !post.hdUrl && post.images.length === 0) {
    throw new TiksaverError('UPSTREAM_CHANGED', 'SnapTik legacy HTML has no download links', {
      provider: PROVIDER_ID,
      detail: { path: 'abc2.php#download a[href]' },
    });
  }
  return post;
}
