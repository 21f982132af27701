/**
 * VidGap failures as core codes. The action result says `processed: false` with a
 * `failureKind` and an `errorMessage` (services.md §4a); this table is the one place those
 * become codes. Refusals, rate limits and server errors read as from any server (core
 * statusError, named by SOURCE); a stale action id is request.ts's ActionNotFound.
 */
import { TiksaverError, type ErrorCode, type StatusSource } from '@tiksaver/core';

export const PROVIDER_ID = 'vidgap';
/** Who core's statusError names: "VidGap answered HTTP 429: rate limited". */
export const SOURCE: StatusSource = { id: PROVIDER_ID, label: 'VidGap' };

/** failureKind, normalised to lower-case letters only ("not_found" -> "notfound"). */
export const VIDGAP_FAILURE_KINDS: Readonly<Record<string, ErrorCode>> = {
  notfound: 'NOT_FOUND',
  deleted: 'NOT_FOUND',
  removed: 'NOT_FOUND',
  unavailable: 'NOT_FOUND',
  contentunavailable: 'NOT_FOUND',
  private: 'PRIVATE',
  privateaccount: 'PRIVATE',
  agerestricted: 'AGE_RESTRICTED',
  age: 'AGE_RESTRICTED',
  regionblocked: 'REGION_BLOCKED',
  georestricted: 'REGION_BLOCKED',
  region: 'REGION_BLOCKED',
  ratelimited: 'RATE_LIMITED',
  ratelimit: 'RATE_LIMITED',
  queuelimitexceeded: 'RATE_LIMITED',
  toomanyrequests: 'RATE_LIMITED',
  unsupported: 'UNSUPPORTED_KIND',
  // Our own parser already accepted the link, so "invalid" means VidGap does not take this form.
  invalidurl: 'UNSUPPORTED_KIND',
  invalidlink: 'UNSUPPORTED_KIND',
  blocked: 'BLOCKED',
  captcha: 'BLOCKED',
  expired: 'EXPIRED',
};

const AMBIGUOUS = /(?:not found|removed|deleted|unavailable)\W+(?:\w+\W+){0,3}?or\W+(?:\w+\W+){0,3}?private|private\W+(?:\w+\W+){0,3}?or\W+(?:\w+\W+){0,2}?(?:not found|removed|deleted|unavailable)/i;

/** When failureKind is absent or new: the message decides, first match wins. */
const MESSAGE_CODES: ReadonlyArray<readonly [RegExp, ErrorCode]> = [
  [/too many|rate.?limit|queue limit|try again later/i, 'RATE_LIMITED'],
  // "not found or private" names two outcomes: the least committal one (see snaptik/errors.ts).
  [AMBIGUOUS, 'NOT_FOUND'],
  [/private/i, 'PRIVATE'],
  [/age.?restrict|\bage\b|18\+/i, 'AGE_RESTRICTED'],
  [/region|country|geo/i, 'REGION_BLOCKED'],
  [/expired/i, 'EXPIRED'],
  [/not supported|unsupported|invalid (?:url|link)/i, 'UNSUPPORTED_KIND'],
  [/not found|deleted|removed|unavailable|does not exist/i, 'NOT_FOUND'],
];

export function codeForFailure(failureKind: string | undefined, message: string | undefined): ErrorCode {
  const kind = failureKind?.toLowerCase().replace(/[^a-z]/g, '');
  if (kind && VIDGAP_FAILURE_KINDS[kind]) return VIDGAP_FAILURE_KINDS[kind];
  for (const [pattern, code] of MESSAGE_CODES) if (message && pattern.test(message)) return code;
  return 'UPSTREAM_CHANGED';
}

export function vidgapFailure(failureKind: string | undefined, message: string | undefined): TiksaverError {
  const code = codeForFailure(failureKind, message);
  const known = failureKind && VIDGAP_FAILURE_KINDS[failureKind.toLowerCase().replace(/[^a-z]/g, '')];
  const claim = !known && message && AMBIGUOUS.test(message) ? 'not found or private' : undefined;
  return new TiksaverError(code, `VidGap: ${message || failureKind || 'processing failed'}`, {
    provider: PROVIDER_ID,
    detail: { ...(failureKind && { failureKind }), ...(message && { errorMessage: message }), ...(claim && { claim }) },
    // A third-party "expired" is hearsay; the native resolver owns the final story verdict.
    ...(code === 'EXPIRED' && { final: false }),
    ...(code === 'RATE_LIMITED' && { retryAfterMs: 30_000 }),
  });
}

export function vidgapError(code: ErrorCode, message: string, detail: Record<string, unknown> = {}, init: { retryAfterMs?: number; cause?: unknown } = {}): TiksaverError {
  return new TiksaverError(code, message, { provider: PROVIDER_ID, detail, ...init });
}

/** Statuses the action call handles itself (the rest use the client's default mapping). */
export const ACTION_STATUSES = [403, 404, 409, 429, 500, 502, 503, 504];
/** services.md §4a: 502/503/504 happen under load; retry with backoff 1.5 s x attempt. */
export const TRANSIENT_STATUSES = new Set([502, 503, 504]);
