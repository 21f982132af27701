/**
 * cobalt answer -> Resolution (services.md §3, cobalt docs/api.md). `tunnel`/`redirect`
 * give one file, `picker` gives the photos of a slideshow plus its sound, `error` carries
 * `error.api.*`. Tunnel URLs live `TUNNEL_LIFESPAN` (90 s by default), so items say so.
 */
import { TiksaverError, type MediaItem, type ParsedLink, type Resolution, type Want } from '@tiksaver/core';
import * as z from 'zod';
import { itemIdFrom, kindFromLink, serviceTargetUrl } from '../shared/link-target.js';
import { defaultFile, guessFile } from '../shared/media-file.js';
import { cobaltApiError, PROVIDER_ID } from './errors.js';

const FileAnswer = z.object({ status: z.enum(['tunnel', 'redirect']), url: z.string().min(1), filename: z.string().nullish().catch(undefined) });
const PickerAnswer = z.object({
  status: z.literal('picker'),
  picker: z.array(z.object({ type: z.string(), url: z.string().min(1), thumb: z.string().nullish().catch(undefined) })),
  audio: z.string().nullish(),
  audioFilename: z.string().nullish().catch(undefined),
});
const LocalProcessingAnswer = z.object({ status: z.literal('local-processing'), type: z.string().nullish().catch(undefined) });
const ErrorAnswer = z.object({
  status: z.literal('error'),
  error: z.object({
    code: z.string(),
    context: z.object({ service: z.string().nullish().catch(undefined), limit: z.coerce.number().nullish().catch(undefined) }).nullish().catch(undefined),
  }),
});
const CobaltAnswer = z.discriminatedUnion('status', [FileAnswer, PickerAnswer, LocalProcessingAnswer, ErrorAnswer]);
export type CobaltAnswer = z.infer<typeof CobaltAnswer>;
export type CobaltMediaAnswer = Exclude<CobaltAnswer, { status: 'error' | 'local-processing' }>;

export function parseCobaltAnswer(raw: unknown, facts: { status?: number; retryAfterMs?: number } = {}): CobaltMediaAnswer {
  const parsed = CobaltAnswer.safeParse(raw);
  if (!parsed.success) {
    throw new TiksaverError('UPSTREAM_CHANGED', 'cobalt answered in an unknown shape', {
      provider: PROVIDER_ID,
      cause: parsed.error,
      detail: { status: (raw as { status?: unknown } | null)?.status },
    });
  }
  const answer = parsed.data;
  if (answer.status === 'error') {
    const limit = answer.error.context?.limit;
    throw cobaltApiError({
      code: answer.error.code,
      ...(limit !== undefined && limit !== null && { limit }),
      ...(facts.retryAfterMs !== undefined && { retryAfterMs: facts.retryAfterMs }),
      ...(facts.status !== undefined && { status: facts.status }),
    });
  }
  if (answer.status === 'local-processing') {
    throw new TiksaverError(
      'UPSTREAM_CHANGED',
      `cobalt instance demands local processing (${answer.type ?? 'unknown'}) although tiksaver sent localProcessing: "disabled"; the instance forces it (FORCE_LOCAL_PROCESSING)`,
      { provider: PROVIDER_ID, detail: { status: 'local-processing', type: answer.type } },
    );
  }
  return answer;
}

const TUNNEL_NOTE = 'via cobalt tunnel, download within 90 s';

function fileItem(url: string, filename: string | undefined | null, fallbackType: MediaItem['type'], tunnel: boolean): MediaItem {
  const guess = guessFile(filename ?? undefined) ?? guessFile(url) ?? defaultFile(fallbackType);
  const quality = guess.type === 'audio' ? 'sound (MP3)' : guess.type === 'video' ? 'original, no watermark' : 'original';
  return {
    type: guess.type,
    url,
    ext: guess.ext,
    mimeType: guess.mimeType,
    // cobalt serves TikTok's playAddr, the clean (no watermark) encode (services.md §3).
    ...(guess.type !== 'audio' && { watermark: false }),
    quality: tunnel ? `${quality}, ${TUNNEL_NOTE}` : quality,
  };
}

function pickerItems(answer: Extract<CobaltAnswer, { status: 'picker' }>): MediaItem[] {
  const tunnel = (url: string) => url.includes('/tunnel');
  let index = 0;
  const items: MediaItem[] = answer.picker.map((entry) => {
    const fallbackType = entry.type === 'photo' ? 'image' : 'video';
    const item = fileItem(entry.url, undefined, fallbackType, tunnel(entry.url));
    return item.type === 'image' ? { ...item, index: ++index } : item;
  });
  if (answer.audio) items.push(fileItem(answer.audio, answer.audioFilename, 'audio', tunnel(answer.audio)));
  return items;
}

/**
 * The codec of cobalt's TikTok video: `playAddr`, H.264, unless the instance was asked
 * for `allowH265` (then it takes an H.265 bitrateInfo entry when there is one: unknown).
 */
function withCodec(item: MediaItem, allowH265: boolean): MediaItem {
  return item.type === 'video' && !allowH265 ? { ...item, codec: 'h264' } : item;
}

export function toResolution(answer: CobaltMediaAnswer, link: ParsedLink, want: Want, allowH265 = false): Resolution {
  if (answer.status === 'picker') {
    const items = pickerItems(answer).map((item) => withCodec(item, allowH265));
    if (items.length === 0) throw new TiksaverError('NO_MEDIA', 'cobalt offered an empty picker', { provider: PROVIDER_ID });
    return { kind: 'photo', id: itemIdFrom(link, answer.audioFilename ?? undefined), url: serviceTargetUrl(link), items };
  }
  const item = withCodec(fileItem(answer.url, answer.filename, want === 'audio' ? 'audio' : 'video', answer.status === 'tunnel'), allowH265);
  return {
    kind: kindFromLink(link),
    id: itemIdFrom(link, answer.filename ?? undefined),
    url: serviceTargetUrl(link),
    items: [item],
  };
}
