/**
 * TikDown failure mapping (services.md §4b). TikDown is a Laravel site: an expired CSRF
 * token answers HTTP 419, and a failed lookup is `{ status: false }` with no message.
 */
import { TiksaverError } from '@tiksaver/core';

export const PROVIDER_ID = 'tikdown';

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

export function httpRefused(status: number, retryAfterMs: number | undefined): TiksaverError {
  if (status === 429) {
    return new TiksaverError('RATE_LIMITED', 'TikDown is rate limiting requests (HTTP 429)', {
      provider: PROVIDER_ID,
      ...(retryAfterMs !== undefined && { retryAfterMs }),
      detail: { status },
    });
  }
  return new TiksaverError('BLOCKED', `TikDown refused the request (HTTP ${status})`, { provider: PROVIDER_ID, detail: { status } });
}
