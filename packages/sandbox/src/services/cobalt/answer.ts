/**
 * What the cobalt imitation answers for a request body: its TikTok URL patterns
 * (services.md §3: `:user/video/:postId`, `:user/photo/:postId`, `i18n/share/video/:postId`,
 * `:shortLink`, `t/:shortLink`, `v/:postId.html`), then the scenario's `expect.cobalt`
 * entry rendered as `tunnel` / `picker` / `error.api.*`.
 */
import type { ErrorCode } from '@tiksaver/core';
import type { MediaAssetRef, SandboxContext, Scenario } from '../../types.js';
import { findPastedScenario } from '../pasted-link.js';
import type { CobaltRequest } from './schema.js';

export type CobaltAnswer =
  | { status: 'tunnel' | 'redirect'; url: string; filename: string }
  | { status: 'picker'; picker: Array<{ type: 'photo' | 'video' | 'gif'; url: string; thumb?: string }>; audio?: string; audioFilename?: string }
  | { status: 'local-processing'; type: string; service: string; tunnel: string[]; output: { type: string; filename: string } }
  | { status: 'error'; error: { code: string; context?: { service?: string; limit?: number } } };

export interface AnswerDeps {
  ctx: SandboxContext;
  tunnel(asset: MediaAssetRef): string;
  forceLocalProcessing: boolean;
}

const TIKTOK_HOSTS = /^(?:www\.|m\.|vm\.|vt\.)?tiktok\.com$/i;

export function apiError(code: string, context?: { service?: string; limit?: number }): CobaltAnswer {
  return { status: 'error', error: { code: `error.api.${code}`, ...(context && { context }) } };
}

/** cobalt's tiktok patterns; `undefined` = no pattern matched (link.unsupported). */
function matchPattern(url: URL): 'post' | 'short' | undefined {
  const parts = url.pathname.split('/').filter(Boolean);
  const id = /^\d{1,21}$/;
  if (parts.length === 3 && (parts[1] === 'video' || parts[1] === 'photo') && id.test(parts[2]!)) return 'post';
  if (parts.length === 4 && parts[0] === 'i18n' && parts[1] === 'share' && parts[2] === 'video' && id.test(parts[3]!)) return 'post';
  if (parts.length === 2 && parts[0] === 'v' && /^\d{1,21}\.html$/.test(parts[1]!)) return 'post';
  if (parts.length === 1 && /^[A-Za-z0-9]+$/.test(parts[0]!)) return 'short';
  if (parts.length === 2 && parts[0] === 't' && /^[A-Za-z0-9]+$/.test(parts[1]!)) return 'short';
  return undefined;
}

/** The `error.api.*` code cobalt gives for an item our catalogue says fails with `code`. */
function errorFor(code: ErrorCode, s: Scenario, viaShortLink: boolean): CobaltAnswer {
  switch (code) {
    case 'PRIVATE':
      return apiError('content.post.private', { service: 'tiktok' });
    case 'AGE_RESTRICTED':
      return apiError('content.post.age', { service: 'tiktok' });
    case 'REGION_BLOCKED':
      return apiError('content.video.region', { service: 'tiktok' });
    case 'UNSUPPORTED_KIND':
      return apiError('link.unsupported', { service: 'tiktok' });
    case 'NOT_FOUND':
    case 'EXPIRED':
      // A dead short link redirects to the home page: no post id in its Location.
      return viaShortLink && s.tiktok.deadShortLink ? apiError('fetch.short_link', { service: 'tiktok' }) : apiError('content.post.unavailable', { service: 'tiktok' });
    default:
      return apiError('fetch.fail', { service: 'tiktok' });
  }
}

function filename(s: Scenario, suffix: string, ext: string): string {
  return `tiktok_${s.username}_${s.itemId}${suffix}.${ext}`;
}

function mediaAnswer(deps: AnswerDeps, s: Scenario, body: CobaltRequest, media: readonly string[]): CobaltAnswer {
  const audioAsset: MediaAssetRef = { scenarioId: s.id, type: 'audio', session: false };
  const hasAudio = media.includes('audio');
  if (body.downloadMode === 'audio' || (!media.includes('video') && !media.includes('image'))) {
    if (!hasAudio) return apiError('fetch.empty', { service: 'tiktok' });
    return { status: 'tunnel', url: deps.tunnel(audioAsset), filename: filename(s, '_audio', 'mp3') };
  }
  if (media.includes('image')) {
    const count = s.media.images ?? 0;
    const photo = (n: number): MediaAssetRef => ({ scenarioId: s.id, type: 'image', n, format: 'jpeg', session: false });
    return {
      status: 'picker',
      // Photos are direct CDN links (the `.jpeg?` variant) unless alwaysProxy is set.
      picker: Array.from({ length: count }, (_, n) => ({
        type: 'photo' as const,
        url: body.alwaysProxy ? deps.tunnel(photo(n)) : deps.ctx.cdnUrl(photo(n)),
      })),
      ...(hasAudio && { audio: deps.tunnel(audioAsset), audioFilename: filename(s, '_audio', 'mp3') }),
    };
  }
  const video: MediaAssetRef = { scenarioId: s.id, type: 'video', session: false, watermark: false, codec: body.allowH265 ? 'h265' : 'h264' };
  if (deps.forceLocalProcessing || body.localProcessing === 'forced') {
    return {
      status: 'local-processing',
      type: 'proxy',
      service: 'tiktok',
      tunnel: [deps.tunnel(video)],
      output: { type: 'video/mp4', filename: filename(s, '', 'mp4') },
    };
  }
  return { status: 'tunnel', url: deps.tunnel(video), filename: filename(s, '', 'mp4') };
}

export function answerFor(deps: AnswerDeps, body: CobaltRequest): CobaltAnswer {
  let url: URL;
  try {
    url = new URL(body.url.trim());
  } catch {
    return apiError('link.invalid');
  }
  if (!/^https?:$/.test(url.protocol)) return apiError('link.invalid');
  if (!TIKTOK_HOSTS.test(url.hostname)) return apiError('service.unsupported');
  const pasted = findPastedScenario(deps.ctx, url.href);
  const pattern = matchPattern(url);
  if (pasted.kind !== 'scenario') {
    if (!pattern) return apiError('link.unsupported', { service: 'tiktok' });
    return pattern === 'short' ? apiError('fetch.short_link', { service: 'tiktok' }) : apiError('content.post.unavailable', { service: 'tiktok' });
  }
  const s = pasted.scenario;
  const expect = s.expect.cobalt;
  if (!expect.ok) return errorFor(expect.code, s, pattern === 'short');
  if (!pattern) return apiError('link.unsupported', { service: 'tiktok' });
  return mediaAnswer(deps, s, body, expect.media);
}
