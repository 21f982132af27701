/**
 * The tikwm API call (services.md §2): POST /api/ form `url, hd=1` with browser-like XHR
 * headers (one client saw a bare GET answered 403), GET /api/?url=&hd=1 as the fallback
 * when the POST is refused. All calls to one base URL go through the client's pacer.
 */
import type { HttpClient, HttpResponse } from '@tiksaver/core';
import { readServiceJson } from '../shared/read-json.js';
import { SOURCE, tikwmHttpError } from './errors.js';

/** tikwm's free tier allows 1 request/s per IP; a little headroom avoids edge collisions. */
export const TIKWM_PACE_MS = 1100;

export interface TikwmCallOptions {
  signal: AbortSignal;
  timeoutMs?: number;
}

const HANDLED_STATUSES = [403, 405, 429];
const MAX_BYTES = 2_000_000;

function xhrHeaders(baseUrl: string): Record<string, string> {
  return {
    accept: 'application/json, text/javascript, */*; q=0.01',
    'x-requested-with': 'XMLHttpRequest',
    origin: baseUrl,
    referer: `${baseUrl}/`,
  };
}

async function readJson(response: HttpResponse): Promise<unknown> {
  if (HANDLED_STATUSES.includes(response.status)) throw await tikwmHttpError(response);
  return readServiceJson(response, SOURCE);
}

export async function callTikwmApi(http: HttpClient, baseUrl: string, target: string, options: TikwmCallOptions): Promise<unknown> {
  http.setPace(new URL(baseUrl).origin, TIKWM_PACE_MS);
  const common = {
    signal: options.signal,
    okStatuses: HANDLED_STATUSES,
    maxBytes: MAX_BYTES,
    ...(options.timeoutMs !== undefined && { timeoutMs: options.timeoutMs }),
  };
  const post = await http.request(`${baseUrl}/api/`, {
    ...common,
    method: 'POST',
    headers: { ...xhrHeaders(baseUrl), 'content-type': 'application/x-www-form-urlencoded; charset=UTF-8' },
    body: new URLSearchParams({ url: target, hd: '1' }).toString(),
  });
  if (post.status !== 403 && post.status !== 405) return readJson(post);
  await post.dump();
  const query = new URLSearchParams({ url: target, hd: '1' });
  const get = await http.request(`${baseUrl}/api/?${query}`, { ...common, method: 'GET', headers: xhrHeaders(baseUrl) });
  return readJson(get);
}
