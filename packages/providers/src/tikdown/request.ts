/**
 * TikDown's two-step Laravel flow (services.md §4b): GET `/id` for the `_token` CSRF field
 * (its session and XSRF-TOKEN cookies stay in the per-resolution jar), then
 * POST `/getAjax?` form `url, _token` as the site's own XHR does.
 */
import { responseError, type HttpClient } from '@tiksaver/core';
import { readServiceJson } from '../shared/read-json.js';
import { csrfRejected, PROVIDER_ID, SOURCE } from './errors.js';
import { extractCsrfToken } from './parse.js';

export interface TikdownCallOptions {
  signal: AbortSignal;
  timeoutMs?: number;
}

/** Laravel's "Page Expired" status for a stale CSRF token or session. */
const CSRF_EXPIRED = 419;
/** Refusals read here (not by the client, which would retry them) and mapped by core statusError. */
const REFUSED = [403, 429];

function common(options: TikdownCallOptions) {
  return { signal: options.signal, ...(options.timeoutMs !== undefined && { timeoutMs: options.timeoutMs }) };
}

export async function fetchCsrfToken(http: HttpClient, baseUrl: string, options: TikdownCallOptions): Promise<string> {
  const response = await http.request(`${baseUrl}/id`, {
    ...common(options),
    headers: { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' },
    okStatuses: REFUSED,
    maxBytes: 3_000_000,
  });
  if (REFUSED.includes(response.status)) throw await responseError(response, { provider: SOURCE });
  return extractCsrfToken(await response.text());
}

export async function postAjax(http: HttpClient, baseUrl: string, target: string, token: string, options: TikdownCallOptions) {
  return http.request(`${baseUrl}/getAjax?`, {
    ...common(options),
    method: 'POST',
    headers: {
      accept: '*/*',
      'content-type': 'application/x-www-form-urlencoded; charset=UTF-8',
      'x-requested-with': 'XMLHttpRequest',
      origin: baseUrl,
      referer: `${baseUrl}/id`,
    },
    body: new URLSearchParams({ url: target, _token: token }).toString(),
    okStatuses: [CSRF_EXPIRED, ...REFUSED],
    maxBytes: 3_000_000,
  });
}

/** Token, then lookup; a 419 fetches a fresh token once (the session may have rotated). */
export async function lookUp(http: HttpClient, baseUrl: string, target: string, options: TikdownCallOptions): Promise<unknown> {
  for (let attempt = 0; attempt < 2; attempt++) {
    const token = await fetchCsrfToken(http, baseUrl, options);
    const response = await postAjax(http, baseUrl, target, token, options);
    if (response.status === CSRF_EXPIRED) {
      await response.dump();
      continue;
    }
    if (REFUSED.includes(response.status)) throw await responseError(response, { provider: SOURCE });
    return readServiceJson(response, SOURCE);
  }
  throw csrfRejected();
}
