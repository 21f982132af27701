/**
 * tikwm `/api/` answers built from a scenario and its `expect.tikwm` entry, in the shape of
 * services.md §2: `{ code: 0, msg: "success", processed_time, data }`, play/wmplay/hdplay/
 * music as host-relative paths (tikwm proxies media), images[] as absolute CDN URLs.
 */
import { resolveAsset } from '../../media.js';
import type { MediaType } from '@tiksaver/core';
import type { MediaAssetRef, SandboxContext, Scenario } from '../../types.js';
import type { PastedLink } from '../pasted-link.js';

/** The real messages (services.md §2). */
export const TIKWM_RATE_LIMIT_MSG = 'Free Api Limit: 1 request/second.';
export const TIKWM_URL_FAILED_MSG = 'Url parsing is failed! Please check url.';

export type TikwmMedia = 'play' | 'hdplay' | 'wmplay' | 'music' | 'cover';

export function mediaPath(media: TikwmMedia, itemId: string): string {
  if (media === 'music') return `/video/music/${itemId}.mp3`;
  if (media === 'cover') return `/video/cover/${itemId}.webp`;
  return `/video/media/${media}/${itemId}.mp4`;
}

/** The asset behind one of tikwm's proxied media paths. */
export function assetFor(media: TikwmMedia, scenario: Scenario): MediaAssetRef {
  const base = { scenarioId: scenario.id, session: false };
  if (media === 'music') return { ...base, type: 'audio' };
  if (media === 'cover') return { ...base, type: 'image', n: 0, format: 'webp' };
  return { ...base, type: 'video', watermark: media === 'wmplay', ...(media === 'hdplay' && { codec: 'h265' as const }) };
}

function sizeOf(asset: MediaAssetRef): number {
  try {
    const resolved = resolveAsset(asset);
    return resolved.kind === 'file' ? resolved.data.length : resolved.size;
  } catch {
    return 0;
  }
}

/**
 * Real tikwm answers vary (services.md §2): the documented 2021 sample and the 2023 list
 * items carry no `data.id`, list items name the item `video_id`, and numbers may be
 * missing. Which scenario answers in which shape (the rest: the current full shape).
 */
export type TikwmShape = 'current' | 'sample-2021' | 'list-2023';
export const TIKWM_SHAPES: Readonly<Record<string, TikwmShape>> = {
  'legacy-fields': 'sample-2021',
  'waf-challenge': 'sample-2021',
  'region-blocked': 'sample-2021',
  'sigi-layout': 'list-2023',
  'photo-webp-first': 'list-2023',
};

function reshape(data: Record<string, unknown>, shape: TikwmShape): Record<string, unknown> {
  if (shape === 'current') return data;
  const { id, region: _r, ai_dynamic_cover: _a, collect_count: _c, size: _s, wm_size: _w, hd_size: _h, ...rest } = data;
  if (shape === 'sample-2021') {
    // No id, no sizes, no newer counters; create_time and duration still there.
    const { download_count: _d, anchors: _an, anchors_extras: _ae, commerce_info: _ci, ...sample } = rest;
    return sample;
  }
  // A list item: `video_id` instead of `id`, counters as strings, some numbers missing.
  const { play_count, digg_count, create_time: _t, ...item } = rest;
  return { video_id: id, ...item, play_count: String(play_count), digg_count: String(digg_count) };
}

export type TikwmAnswer = { code: number; msg: string; processed_time?: number; data?: Record<string, unknown> };

export function failure(msg: string): TikwmAnswer {
  return { code: -1, msg, processed_time: 0.02 };
}

/**
 * What tikwm finds for a scenario's item. Live stories are ordinary items to tikwm's
 * backend: it answers them, and the adapter refuses them as undeclared (the catalogue's
 * UNSUPPORTED_KIND); gone or refused items get the failure text (NOT_FOUND).
 */
export function offeredMedia(s: Scenario): MediaType[] | undefined {
  const expect = s.expect.tikwm;
  if (expect.ok) return expect.media;
  if (expect.code !== 'UNSUPPORTED_KIND') return undefined;
  const media: MediaType[] = [];
  if (s.media.video) media.push('video');
  if (s.media.images) media.push('image');
  if (s.media.audio) media.push('audio');
  return media;
}

export function apiAnswer(ctx: SandboxContext, pasted: PastedLink, hd: boolean): TikwmAnswer {
  if (pasted.kind !== 'scenario') return failure(TIKWM_URL_FAILED_MSG);
  const s = pasted.scenario;
  const media = offeredMedia(s);
  // tikwm has one failure text for gone, private and unreadable items alike.
  if (!media) return failure(TIKWM_URL_FAILED_MSG);
  const images = media.includes('image') ? (s.media.images ?? 0) : 0;
  const hasVideo = images === 0 && media.includes('video');
  const hasMusic = media.includes('audio');
  const created = Math.floor(ctx.now() / 1000) - 6 * 3600;
  const duration = images > 0 ? images * 3 : 15;
  const avatar = ctx.cdnUrl({ scenarioId: s.id, type: 'image', n: 1, format: 'jpeg', session: false });
  const data: Record<string, unknown> = {
    id: s.itemId,
    region: 'US',
    title: s.caption,
    cover: mediaPath('cover', s.itemId),
    origin_cover: mediaPath('cover', s.itemId),
    ai_dynamic_cover: mediaPath('cover', s.itemId),
    duration,
    play: hasVideo ? mediaPath('play', s.itemId) : '',
    wmplay: hasVideo ? mediaPath('wmplay', s.itemId) : '',
    hdplay: hasVideo && hd ? mediaPath('hdplay', s.itemId) : '',
    size: hasVideo ? sizeOf(assetFor('play', s)) : 0,
    wm_size: hasVideo ? sizeOf(assetFor('wmplay', s)) : 0,
    hd_size: hasVideo && hd ? sizeOf(assetFor('hdplay', s)) : 0,
    music: hasMusic ? mediaPath('music', s.itemId) : '',
    music_info: {
      id: `7${s.itemId.slice(1, 18)}9`,
      title: `original sound - ${s.username}`,
      play: hasMusic ? mediaPath('music', s.itemId) : '',
      author: s.nickname,
      original: true,
      duration,
      album: '',
    },
    play_count: 48213,
    digg_count: 5120,
    comment_count: 312,
    share_count: 97,
    download_count: 41,
    collect_count: 230,
    create_time: created,
    anchors: null,
    anchors_extras: '',
    is_ad: false,
    commerce_info: { adv_promotable: false, auction_ad_invited: false, branded_content_type: 0, with_comment_filter_words: false },
    author: { id: `6${s.itemId.slice(2, 20)}`, unique_id: s.username, nickname: s.nickname, avatar },
  };
  if (images > 0) {
    data['images'] = Array.from({ length: images }, (_, n) =>
      ctx.cdnUrl({ scenarioId: s.id, type: 'image', n, format: 'jpeg', session: false }),
    );
  }
  return { code: 0, msg: 'success', processed_time: 0.1342, data: reshape(data, TIKWM_SHAPES[s.id] ?? 'current') };
}
