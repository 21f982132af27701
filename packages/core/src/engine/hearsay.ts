/**
 * A service's word is hearsay (issue 13): only TikTok's own answer (a status code, the
 * home-page redirect, the item page's 404 on every route) is certain. A download service
 * saying "private", "not found" or "expired" may be wrong for a region-blocked, age-gated
 * or merely unreadable post, so its errors never end the chain; the verdict counts them.
 */
import { TiksaverError, type ErrorCode } from '../errors.js';
import type { Provider } from '../provider.js';

/** Codes that state something about the post itself (as opposed to about a service). */
export const ABOUT_THE_POST = new Set<ErrorCode>(['NOT_FOUND', 'REGION_BLOCKED', 'NO_MEDIA', 'EXPIRED', 'PRIVATE', 'AGE_RESTRICTED']);

/** Plain words for a claim about the post, as in "3 services say not found". */
export const CLAIM_WORDS: Partial<Record<ErrorCode, string>> = {
  NOT_FOUND: 'not found',
  EXPIRED: 'expired',
  PRIVATE: 'private',
  AGE_RESTRICTED: 'age-restricted',
  REGION_BLOCKED: 'blocked in this region',
  NO_MEDIA: 'found, without the wanted media',
};

export function speaksForTikTok(provider: Provider): boolean {
  return provider.authority !== 'service';
}

export function isHearsay(error: TiksaverError): boolean {
  return error.detail?.['hearsay'] === true;
}

/** What the claim says, in words; an adapter's own wording (`detail.claim`, e.g. "not found or private") wins. */
export function claimOf(error: TiksaverError): string {
  const own = error.detail?.['claim'];
  return typeof own === 'string' && own ? own : (CLAIM_WORDS[error.code] ?? error.code);
}

/**
 * A service's failure as the engine records it: never final (a cancellation aside), and
 * marked `detail.hearsay` when it is a claim about the post.
 */
export function weighFailure(provider: Provider, error: TiksaverError): TiksaverError {
  if (speaksForTikTok(provider) || error.code === 'CANCELLED') return error;
  const claim = ABOUT_THE_POST.has(error.code);
  if (!error.final && (!claim || isHearsay(error))) return error;
  return new TiksaverError(error.code, error.message, {
    hint: error.hint,
    final: false,
    ...(error.retryAfterMs !== undefined && { retryAfterMs: error.retryAfterMs }),
    ...(error.provider !== undefined && { provider: error.provider }),
    cause: error,
    detail: { ...error.detail, ...(claim && { hearsay: true }) },
  });
}
