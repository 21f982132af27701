/**
 * One page load on one route: GET with the route's browser headers, answer a WAF challenge
 * at most once (solve, set the cookies, fetch again), notice a /login redirect, and hand
 * back the raw page with what the route runner records (status, bytes, the cookies the
 * response set). What the page holds is the reader's job (parse.ts).
 */
import { TiksaverError, type HttpClient, type HttpResponse, type Logger } from '@tiksaver/core';
import { hasDataScript, isWafChallenge } from './extract-data.js';
import { parseWafChallenge, solveWafChallenge, wafCookies } from './waf-challenge.js';

export type LoadedPage =
  | { type: 'page'; pageUrl: string; status: number; bytes: number; html: string; setCookies: string[] }
  | { type: 'login'; pageUrl: string; loginUrl: string; status: number; bytes: number; html: string; setCookies: string[] }
  /** The challenge came back after it was solved: this route could not pass the WAF. */
  | { type: 'waf'; pageUrl: string; status: number; bytes: number };

export interface LoadOptions {
  headers: Record<string, string>;
  signal: AbortSignal;
  timeoutMs?: number;
  logger: Logger;
}

/**
 * Statuses whose body we still read: TikTok serves data, a challenge or an app shell with
 * them. Others (429, 5xx ...) come back as the HTTP layer's mapped error (RATE_LIMITED with
 * Retry-After, NETWORK), which the runner records as a refusal and moves on.
 */
const READABLE_STATUSES = [401, 403, 404, 410, 451];
/** Real item pages are about 0.3-1 MB; anything far bigger is not a TikTok page. */
const MAX_PAGE_BYTES = 16 * 1024 * 1024;

function isLoginUrl(url: string): boolean {
  try {
    return /^\/login(\/|$)/.test(new URL(url).pathname);
  } catch {
    return false;
  }
}

function setCookiesOf(res: HttpResponse): string[] {
  const raw = res.headers['set-cookie'];
  return raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
}

/**
 * One page load within `timeoutMs` overall: the client's own timeouts are idle timeouts,
 * and a page trickling in byte by byte must still end (as TIMEOUT, not CANCELLED).
 */
export async function loadPage(http: HttpClient, url: string, options: LoadOptions): Promise<LoadedPage> {
  if (options.timeoutMs === undefined) return loadOnce(http, url, options);
  const deadline = AbortSignal.timeout(options.timeoutMs);
  try {
    return await loadOnce(http, url, { ...options, signal: AbortSignal.any([options.signal, deadline]) });
  } catch (error) {
    if (deadline.aborted && !options.signal.aborted) {
      throw new TiksaverError('TIMEOUT', `TikTok's page did not arrive within ${options.timeoutMs} ms`, { cause: error, detail: { pageUrl: url } });
    }
    throw error;
  }
}

async function loadOnce(http: HttpClient, url: string, options: LoadOptions): Promise<LoadedPage> {
  let wafSolved = false;
  for (;;) {
    const res = await http.request(url, {
      headers: options.headers,
      signal: options.signal,
      okStatuses: READABLE_STATUSES,
      maxBytes: MAX_PAGE_BYTES,
      ...(options.timeoutMs !== undefined && { timeoutMs: options.timeoutMs }),
    });
    const html = await res.text();
    const base = { pageUrl: res.url, status: res.status, bytes: Buffer.byteLength(html), html, setCookies: setCookiesOf(res) };
    if (isLoginUrl(res.url)) return { type: 'login', ...base, pageUrl: url, loginUrl: res.url };
    if (hasDataScript(html) || !isWafChallenge(html)) return { type: 'page', ...base };
    if (wafSolved) return { type: 'waf', pageUrl: res.url, status: res.status, bytes: base.bytes };
    const challenge = await parseWafChallenge(html);
    const answer = await solveWafChallenge(challenge, { signal: options.signal });
    const host = new URL(res.url).hostname;
    for (const cookie of wafCookies(challenge, answer, host)) await http.cookies.setCookie(cookie, res.url);
    options.logger.debug('native: solved the WAF challenge', { answer, cookie: challenge.cookieName });
    wafSolved = true;
  }
}
