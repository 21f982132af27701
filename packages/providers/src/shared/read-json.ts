/**
 * Reads a service's JSON answer. Scraped services put bot checks (Cloudflare and the like)
 * in front of their APIs, which answer HTML with status 200: that is BLOCKED, not a
 * changed API. Anything else that is not JSON is UPSTREAM_CHANGED.
 */
import { looksLikeChallenge, TiksaverError, type Hint, type HttpResponse, type StatusSource } from '@tiksaver/core';

export async function readServiceJson(response: HttpResponse, source: StatusSource, hint?: Hint): Promise<unknown> {
  const text = await response.text();
  try {
    return JSON.parse(text) as unknown;
  } catch (cause) {
    const detail = { status: response.status, contentType: response.header('content-type') ?? '' };
    if (looksLikeChallenge(text, response.headers)) {
      throw new TiksaverError('BLOCKED', `${source.label} answered with a bot check instead of JSON`, { provider: source.id, cause, detail });
    }
    const looksHtml = /^\s*</.test(text);
    throw new TiksaverError('UPSTREAM_CHANGED', `${source.label} answered ${looksHtml ? 'HTML' : 'something else'} instead of JSON`, {
      provider: source.id,
      cause,
      detail,
      ...(hint && { hint }),
    });
  }
}
