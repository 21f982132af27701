/**
 * The `findContentActionsQueue` result document (services.md §4a field list), built from a
 * scenario and its `expect.vidgap` entry. Media links are raw TikTok CDN URLs, as the real
 * site returns them; the session-free (API-style) CDN variant, needing only a TikTok Referer.
 */
import type { ErrorCode } from '@tiksaver/core';
import { randomUUID } from 'node:crypto';
import type { SandboxContext, Scenario } from '../../types.js';
import type { PastedLink } from '../pasted-link.js';

/** failureKind + errorMessage per outcome (the provider maps failureKind back). */
export const VIDGAP_FAILURES: Partial<Record<ErrorCode, { failureKind: string; errorMessage: string }>> = {
  NOT_FOUND: { failureKind: 'not_found', errorMessage: 'This content is unavailable or has been deleted.' },
  PRIVATE: { failureKind: 'private', errorMessage: 'This account is private.' },
  AGE_RESTRICTED: { failureKind: 'age_restricted', errorMessage: 'This content is age-restricted.' },
  REGION_BLOCKED: { failureKind: 'region_blocked', errorMessage: 'This content is not available in our region.' },
  UNSUPPORTED_KIND: { failureKind: 'unsupported', errorMessage: 'This content type is not supported.' },
  RATE_LIMITED: { failureKind: 'rate_limited', errorMessage: 'Too many requests. Please try again later.' },
};

const INVALID = { failureKind: 'invalid_url', errorMessage: 'Please enter a valid TikTok link.' };
const WRONG_TAB = { failureKind: 'unsupported', errorMessage: 'Story links must be downloaded from the Story tab.' };

function failure(f: { failureKind: string; errorMessage: string }): Record<string, unknown> {
  return { _id: randomUUID(), platform: 'tiktok', processed: false, ...f };
}

export function resultDocument(ctx: SandboxContext, pasted: PastedLink, tab: string): Record<string, unknown> {
  if (pasted.kind === 'invalid') return failure(INVALID);
  if (pasted.kind === 'unknown') return failure(VIDGAP_FAILURES.NOT_FOUND!);
  const s: Scenario = pasted.scenario;
  const expect = s.expect.vidgap;
  if (!expect.ok) return failure(VIDGAP_FAILURES[expect.code] ?? VIDGAP_FAILURES.NOT_FOUND!);
  if (s.kind === 'story' && tab !== 'story' && tab !== 'all') return failure(WRONG_TAB);
  const cdn = (asset: Omit<Parameters<SandboxContext['cdnUrl']>[0], 'scenarioId'>) => ctx.cdnUrl({ scenarioId: s.id, session: false, ...asset });
  const images = s.media.images ?? 0;
  const hasAudio = expect.media.includes('audio');
  const uuid = () => `/api/video/redirect/${randomUUID()}`;
  const doc: Record<string, unknown> = {
    _id: randomUUID(),
    contentId: s.itemId,
    video_id: s.itemId,
    data_type: s.kind === 'story' ? 'story' : images > 0 ? 'slideshow' : 'video',
    platform: 'tiktok',
    processed: true,
    username: s.username,
    title: s.caption,
    desc: s.caption,
    views: 48213,
    likes: 5120,
    comments: 312,
    shares: 97,
    collects: 41,
    duration: s.media.video ? 15 : images * 3,
    thumbnail: cdn({ type: 'image', n: 0, format: 'jpeg' }),
    profilePic: cdn({ type: 'image', n: 0, format: 'jpeg' }),
  };
  if (s.media.video) {
    Object.assign(doc, {
      videoURL: cdn({ type: 'video', codec: 'h264', watermark: false }),
      hdVideoURL: cdn({ type: 'video', codec: 'h265', watermark: false }),
      wmURL: cdn({ type: 'video', codec: 'h264', watermark: true }),
      // Token-gated site proxies; answer 403 without the site's session (services.md §4a).
      clientVideoURL: { nonwm: uuid(), hd: uuid(), wm: uuid() },
    });
  }
  if (images > 0) doc['images'] = Array.from({ length: images }, (_, n) => cdn({ type: 'image', n, format: 'jpeg' }));
  if (hasAudio) {
    Object.assign(doc, {
      musicURL: cdn({ type: 'audio' }),
      musicTitle: `original sound - ${s.username}`,
      musicAuthor: s.nickname,
      musicUserName: s.username,
      musicDuration: 15,
    });
  } else {
    // RSC writes absent values as "$undefined".
    doc['musicURL'] = '$undefined';
  }
  return doc;
}
