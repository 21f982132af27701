/**
 * cobalt `error.api.*` codes mapped one by one to tiksaver codes (services.md §3; cobalt
 * `web/i18n/en/error/api.json`). Decisions worth knowing:
 * - content.* are cobalt's reading of TikTok itself: unavailable stays non-final
 *   (NOT_FOUND), private and age-gated are final as everywhere else.
 * - link.* means cobalt's own URL patterns missed (e.g. story links, which it has no
 *   pattern for): a provider-specific parser miss, so UNSUPPORTED_KIND (non-final), never
 *   the final INVALID_INPUT.
 * - invalid_body / header.* mean the instance rejects what a v10+ API accepts (older or
 *   modified instance): UPSTREAM_CHANGED.
 */
import { responseError, TiksaverError, type ErrorCode, type Hint, type HttpResponse, type StatusSource } from '@tiksaver/core';

export const PROVIDER_ID = 'cobalt';
/** Who core's statusError names: "cobalt answered HTTP 429: rate limited". */
export const SOURCE: StatusSource = { id: PROVIDER_ID, label: 'cobalt' };

/** A common mistake is the address of cobalt's web app instead of its API. */
export const API_URL_HINT: Hint = [
  'Point the cobalt URL (',
  { setting: 'cobaltUrl' },
  ') at the instance API (the URL whose GET / answers JSON with a "cobalt" object), not at the web app.',
];

const EXACT: Record<string, ErrorCode> = {
  'content.video.unavailable': 'NOT_FOUND',
  'content.post.unavailable': 'NOT_FOUND',
  'content.video.private': 'PRIVATE',
  'content.post.private': 'PRIVATE',
  'content.video.age': 'AGE_RESTRICTED',
  'content.post.age': 'AGE_RESTRICTED',
  'content.region': 'REGION_BLOCKED',
  'content.video.region': 'REGION_BLOCKED',
  'content.too_long': 'UNSUPPORTED_KIND',
  'content.paid': 'UNSUPPORTED_KIND',
  'content.video.live': 'UNSUPPORTED_KIND',
  'link.invalid': 'UNSUPPORTED_KIND',
  'link.unsupported': 'UNSUPPORTED_KIND',
  'link.missing': 'MISCONFIGURED',
  'service.unsupported': 'UNSUPPORTED_KIND',
  'service.disabled': 'UNSUPPORTED_KIND',
  'service.audio_not_supported': 'UNSUPPORTED_KIND',
  'fetch.fail': 'NETWORK',
  'fetch.critical': 'NETWORK',
  'fetch.rate': 'RATE_LIMITED',
  'fetch.empty': 'NOT_FOUND',
  'fetch.short_link': 'NOT_FOUND',
  rate_exceeded: 'RATE_LIMITED',
  capacity: 'RATE_LIMITED',
  invalid_body: 'UPSTREAM_CHANGED',
  'header.accept': 'UPSTREAM_CHANGED',
  'header.content_type': 'UPSTREAM_CHANGED',
  generic: 'UPSTREAM_CHANGED',
};

/** Unknown codes of a known family keep the family's meaning. */
const BY_PREFIX: [string, ErrorCode][] = [
  ['auth.', 'MISCONFIGURED'],
  ['content.', 'NOT_FOUND'],
  ['fetch.', 'NETWORK'],
  ['link.', 'UNSUPPORTED_KIND'],
  ['service.', 'UNSUPPORTED_KIND'],
  ['header.', 'UPSTREAM_CHANGED'],
];

const MESSAGES: Partial<Record<string, string>> = {
  'content.video.unavailable': 'cobalt could not find this video',
  'content.post.unavailable': 'cobalt could not find this post',
  'link.unsupported': 'cobalt does not recognise this kind of TikTok link',
  'link.invalid': 'cobalt does not recognise this link',
  'fetch.empty': 'cobalt found nothing to download',
  'fetch.short_link': 'cobalt could not expand the short link',
  rate_exceeded: 'cobalt instance rate limit reached',
  capacity: 'cobalt instance is at capacity',
  invalid_body: 'cobalt instance rejected the request body (is it cobalt 10 or newer?)',
  'auth.key.missing': 'cobalt instance requires an API key',
  'auth.key.invalid': 'cobalt instance rejected the API key',
  'auth.key.not_found': 'cobalt instance does not know this API key',
  'auth.jwt.missing': 'cobalt instance requires a session token; use an API key instead',
};

export interface CobaltErrorFacts {
  /** Code with or without the `error.api.` prefix. */
  code: string;
  /** context.limit (seconds for rate_exceeded, seconds of duration for content.too_long). */
  limit?: number;
  /** RateLimit-Reset / Retry-After in ms, when the instance sent one. */
  retryAfterMs?: number;
  status?: number;
}

export function cobaltCodeToErrorCode(code: string): ErrorCode {
  const short = code.replace(/^error\.api\./, '');
  return EXACT[short] ?? BY_PREFIX.find(([prefix]) => short.startsWith(prefix))?.[1] ?? 'UPSTREAM_CHANGED';
}

export function cobaltApiError(facts: CobaltErrorFacts): TiksaverError {
  const short = facts.code.replace(/^error\.api\./, '');
  const code = cobaltCodeToErrorCode(short);
  const rateLimited = code === 'RATE_LIMITED';
  const retryAfterMs = rateLimited ? (facts.retryAfterMs ?? (facts.limit !== undefined ? facts.limit * 1000 : undefined)) : undefined;
  const message =
    MESSAGES[short] ??
    (code === 'MISCONFIGURED' ? `cobalt instance refused our credentials (${short})` : `cobalt answered error.api.${short}`);
  return new TiksaverError(code, message, {
    provider: PROVIDER_ID,
    ...(short === 'auth.key.missing' && { hint: ['Give the API key of your cobalt instance (', { setting: 'cobaltKey' }, ').'] }),
    ...(retryAfterMs !== undefined && { retryAfterMs }),
    detail: {
      cobaltCode: `error.api.${short}`,
      ...(facts.limit !== undefined && { limit: facts.limit }),
      ...(facts.status !== undefined && { status: facts.status }),
    },
  });
}

export function notConfigured(): TiksaverError {
  return new TiksaverError('MISCONFIGURED', 'cobalt is not configured', {
    provider: PROVIDER_ID,
    hint: ['Give the address of your cobalt instance (', { setting: 'cobaltUrl' }, ').'],
  });
}

/**
 * HTTP failures whose body is not a cobalt error object. Rate limits and server errors read
 * as from any server (core statusError); cobalt's own readings: 401/403 is the instance
 * refusing our key, and any other status means the URL is not a cobalt API at all.
 */
export async function cobaltHttpError(response: HttpResponse, retryAfterMs: number | undefined): Promise<TiksaverError> {
  const { status } = response;
  if (status === 429 || status >= 500) return responseError(response, { provider: SOURCE, ...(retryAfterMs !== undefined && { retryAfterMs }) });
  await response.dump();
  if (status === 401 || status === 403) {
    return new TiksaverError('MISCONFIGURED', `cobalt instance refused access (HTTP ${status}); check the API key`, {
      provider: PROVIDER_ID,
      detail: { status },
    });
  }
  return new TiksaverError('UPSTREAM_CHANGED', `cobalt instance answered HTTP ${status} without a cobalt error`, {
    provider: PROVIDER_ID,
    hint: API_URL_HINT,
    detail: { status },
  });
}
