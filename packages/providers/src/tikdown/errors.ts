/**
 * TikDown failure mapping (services.md §4b). TikDown is a Laravel site: an expired CSRF
 * token answers HTTP 419, and a failed lookup is `{ status: false }` with no message.
 */
import { TiksaverError, type StatusSource } from '@tiksaver/core';

export const PROVIDER_ID = 'tikdown';
/** Who core's statusError names: "TikDown answered HTTP 429: rate limited". */
export const SOURCE: StatusSource = { id: PROVIDER_ID, label: 'TikDown' };

export function tokenMissing(cause?: unknown): TiksaverError {
  return new TiksaverError('UPSTREAM_CHANGED', 'TikDown page has no CSRF _token in its download form', {
    provider: PROVIDER_ID,
    ...(cause !== undefined && { cause }),
  });
}

export function csrfRejected(): TiksaverError {
  return new TiksaverError('UPSTREAM_CHANGED', 'TikDown rejected its own CSRF token twice (HTTP 419)', {
    provider: PROVIDER_ID,
    detail: { status: 419 },
  });
}

/**
 * `status: false` carries no reason: the post may be gone, private or just unreadable for
 * TikDown. NOT_FOUND is non-final, so the chain still asks the next provider.
 */
export function lookupFailed(): TiksaverError {
  return new TiksaverError('NOT_FOUND', 'TikDown could not fetch this post (it gives no reason)', { provider: PROVIDER_ID });
}

export function noVideoLink(): TiksaverError {
  return new TiksaverError('UNSUPPORTED_KIND', 'TikDown offered no video or sound for this post; it does not support photo posts', {
    provider: PROVIDER_ID,
  });
}
