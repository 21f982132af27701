/**
 * SnapTik failures as core codes. The site answers `success:false` + a free-text
 * `message` (services.md §1a step 6) or, on the legacy flow, an `#alert` text (§1b); this
 * table is the one place those texts become codes. Unknown text -> UPSTREAM_CHANGED.
 */
import { TiksaverError, looksLikeChallenge, statusError, type ErrorCode, type HttpResponse, type StatusSource } from '@tiksaver/core';

export const PROVIDER_ID = 'snaptik';
/** Who core's statusError names: "SnapTik answered HTTP 429: rate limited". */
export const SOURCE: StatusSource = { id: PROVIDER_ID, label: 'SnapTik' };

/**
 * A text that names two outcomes at once ("Video not found or private", SnapTik's one text
 * for deleted, private, region-blocked and age-gated posts alike) says neither: the least
 * committal code (NOT_FOUND, not final, with region/IP in its hint) and its own wording,
 * never the more specific PRIVATE.
 */
const AMBIGUOUS = /(?:not found|removed|deleted|unavailable|does not exist)\W+(?:\w+\W+){0,3}?or\W+(?:\w+\W+){0,3}?(?:private|restricted)|private\W+(?:\w+\W+){0,3}?or\W+(?:\w+\W+){0,2}?(?:not found|removed|deleted|unavailable)/i;

/** First match wins; order matters (ambiguous texts first, "private" before "not found"). */
export const SNAPTIK_MESSAGES: ReadonlyArray<readonly [RegExp, ErrorCode]> = [
  [/too many|rate.?limit|slow down|try again later/i, 'RATE_LIMITED'],
  [/captcha|verif|forbidden|robot|bot detected/i, 'BLOCKED'],
  [AMBIGUOUS, 'NOT_FOUND'],
  [/private/i, 'PRIVATE'],
  [/expired/i, 'EXPIRED'],
  [/\bage\b|age.?restrict|18\+|mature/i, 'AGE_RESTRICTED'],
  [/region|country|not available in your/i, 'REGION_BLOCKED'],
  [/not supported|unsupported|only (?:videos?|supports)/i, 'UNSUPPORTED_KIND'],
  // The link already passed our own parser, so "invalid link" means SnapTik does not take this link form.
  [/invalid (?:url|link)|not a valid (?:url|link|tiktok)/i, 'UNSUPPORTED_KIND'],
  [/not found|no longer|removed|deleted|does not exist|unavailable/i, 'NOT_FOUND'],
];

export function codeForMessage(message: string | undefined): ErrorCode {
  if (!message) return 'UPSTREAM_CHANGED';
  for (const [pattern, code] of SNAPTIK_MESSAGES) if (pattern.test(message)) return code;
  return 'UPSTREAM_CHANGED';
}

/** "not found or private" for an ambiguous text, so the verdict repeats what was said. */
export function claimForMessage(message: string | undefined): string | undefined {
  return message && AMBIGUOUS.test(message) && !/too many|rate.?limit|captcha|verif/i.test(message) ? 'not found or private' : undefined;
}

export function snaptikFailure(message: string | undefined, where: string): TiksaverError {
  const code = codeForMessage(message);
  const claim = claimForMessage(message);
  const text = message ? `SnapTik: ${message}` : `SnapTik reported a failure without a message (${where})`;
  return new TiksaverError(code, text, {
    provider: PROVIDER_ID,
    ...(claim && { hint: 'SnapTik says the video was not found or is private, without saying which; only TikTok can tell.' }),
    detail: { where, ...(message && { message }), ...(claim && { claim }) },
    // "Expired" from a third-party site is hearsay: the native resolver owns the final verdict.
    ...(code === 'EXPIRED' && { final: false }),
  });
}

/** Statuses every SnapTik call handles itself instead of the client's default mapping. */
export const HANDLED_STATUSES = [400, 401, 403, 404, 409, 410, 429, 500, 502, 503, 504];

/** `message` (or `error`) of a JSON failure body, when the body is one. */
function messageOf(body: string): string | undefined {
  try {
    const json = JSON.parse(body) as { message?: unknown; error?: unknown };
    return typeof json.message === 'string' ? json.message : typeof json.error === 'string' ? json.error : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Maps a non-2xx answer. Refusals, rate limits and server errors read as from any server
 * (core statusError); other 4xx answers carry SnapTik's own texts (the table above).
 */
export async function statusFailure(res: HttpResponse, where: string): Promise<TiksaverError> {
  const body = await res.text().then((text) => text.slice(0, 4000), () => '');
  const message = messageOf(body);
  const detail = { where, ...(message && { message }) };
  if (res.status === 401 || res.status === 403 || res.status === 429 || res.status >= 500 || looksLikeChallenge(body, res.headers)) {
    return statusError({ url: res.url, status: res.status, headers: res.headers, bodySnippet: body, provider: SOURCE, detail });
  }
  if (message && codeForMessage(message) !== 'UPSTREAM_CHANGED') return snaptikFailure(message, where);
  return new TiksaverError('UPSTREAM_CHANGED', `SnapTik answered HTTP ${res.status} at ${where}`, {
    provider: PROVIDER_ID,
    detail: { ...detail, status: res.status },
  });
}
