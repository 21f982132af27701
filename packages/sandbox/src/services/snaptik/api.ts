/**
 * The current SnapTik JSON answers (services.md §1a step 6), built from a scenario and its
 * `expect.snaptik` entry so the imitation and the catalogue never disagree.
 */
import type { SandboxContext, Scenario } from '../../types.js';
import { encodeToken } from '../pasted-link.js';
import type { PastedLink } from '../pasted-link.js';
import { SNAPTIK_INVALID_URL, failureText } from './pages.js';

/** What a media token names: scenario, asset type, image index, HD flag. */
export interface SnaptikMediaToken {
  s: string;
  t: 'video' | 'image';
  n?: number;
  hd?: boolean;
}

const RAPIDCDN = 'https://rapidcdn.app';

/** A file on SnapTik's media host. */
export function rapidcdnUrl(token: SnaptikMediaToken): string {
  return `${RAPIDCDN}/v2/${encodeToken(token)}.${token.t === 'image' ? 'jpg' : 'mp4'}`;
}

export type ExtractAnswer = { success: false; message: string } | { success: true; data: Record<string, unknown> };

/** success:false text for a pasted link the scenario expectations say fails, else undefined. */
export function failureFor(pasted: PastedLink): string | undefined {
  if (pasted.kind === 'invalid') return SNAPTIK_INVALID_URL;
  if (pasted.kind === 'unknown') return failureText('NOT_FOUND');
  const expect = pasted.scenario.expect.snaptik;
  return expect.ok ? undefined : failureText(expect.code);
}

export function extractAnswer(ctx: SandboxContext, pasted: PastedLink): ExtractAnswer {
  const message = failureFor(pasted);
  if (message !== undefined || pasted.kind !== 'scenario') return { success: false, message: message ?? failureText('NOT_FOUND') };
  const s: Scenario = pasted.scenario;
  const imageCount = s.media.images ?? 0;
  const carousel = !s.media.video && imageCount > 0;
  const base = {
    id: s.itemId,
    type: carousel ? 'carousel' : 'video',
    title: s.caption,
    thumbnail: rapidcdnUrl({ s: s.id, t: 'image', n: 0 }),
    videoDuration: carousel ? imageCount * 3 : 15,
    author: { name: s.nickname, username: s.username, avatar: ctx.cdnUrl({ scenarioId: s.id, type: 'image', n: 0, session: false }) },
    stats: { playCount: 48213, commentCount: 312, shareCount: 97 },
  };
  if (carousel) {
    return {
      success: true,
      data: {
        ...base,
        // For carousels downloadUrl is the slideshow MP4 (services.md §1a).
        downloadUrl: `/file/${encodeToken({ s: s.id, t: 'video' } satisfies SnaptikMediaToken)}.mp4`,
        hdDownloadUrl: null,
        images: Array.from({ length: imageCount }, (_, n) => ({ downloadUrl: rapidcdnUrl({ s: s.id, t: 'image', n }) })),
      },
    };
  }
  return {
    success: true,
    data: {
      ...base,
      // Relative on purpose: clients must prefix https://snaptik.app (services.md §1a).
      downloadUrl: `/file/${encodeToken({ s: s.id, t: 'video' } satisfies SnaptikMediaToken)}.mp4`,
      hdDownloadUrl: `/api/hd?token=${encodeToken({ s: s.id, t: 'video', hd: true } satisfies SnaptikMediaToken)}`,
      images: [],
    },
  };
}
