/**
 * One item-page load: GET with the given browser headers, answer a WAF challenge at most
 * once (solve, set the cookies, fetch again), notice a /login redirect, and extract the
 * embedded data. Interpreting the data is resolve-item.ts's job.
 */
import { TiksaverError, type HttpClient, type Logger } from '@tiksaver/core';
import { extractPageData, type PageData } from './extract-data.js';
import { parseWafChallenge, solveWafChallenge, wafCookies } from './waf-challenge.js';

export type LoadedPage =
  | { type: 'data'; pageUrl: string; status: number; data: Exclude<PageData, { layout: 'waf' } | { layout: 'none' }> }
  | { type: 'login'; pageUrl: string; loginUrl: string; html: string };

export interface LoadOptions {
  itemId: string;
  headers: Record<string, string>;
  signal: AbortSignal;
  timeoutMs?: number;
  logger: Logger;
}

/** Statuses whose body we still read: TikTok serves data (or a challenge) with them. */
const READABLE_STATUSES = [403, 404];
/** Real item pages are about 1 MB; anything far bigger is not a TikTok page. */
const MAX_PAGE_BYTES = 16 * 1024 * 1024;

function isLoginUrl(url: string): boolean {
  try {
    return /^\/login(\/|$)/.test(new URL(url).pathname);
  } catch {
    return false;
  }
}

/**
 * One page load within `timeoutMs` overall: the client's own timeouts are idle timeouts,
 * and a page trickling in byte by byte must still end (as TIMEOUT, not CANCELLED).
 */
export async function loadItemPage(http: HttpClient, url: string, options: LoadOptions): Promise<LoadedPage> {
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
    if (isLoginUrl(res.url)) return { type: 'login', pageUrl: url, loginUrl: res.url, html };
    const data = extractPageData(html, options.itemId);
    if (data.layout === 'waf') {
      if (wafSolved) {
        throw new TiksaverError('BLOCKED', 'TikTok kept showing its bot challenge after it was solved', {
          detail: { pageUrl: url, waf: true },
        });
      }
      const challenge = await parseWafChallenge(html);
      const answer = await solveWafChallenge(challenge, { signal: options.signal });
      const host = new URL(res.url).hostname;
      for (const cookie of wafCookies(challenge, answer, host)) await http.cookies.setCookie(cookie, res.url);
      options.logger.debug('native: solved the WAF challenge', { answer, cookie: challenge.cookieName });
      wafSolved = true;
      continue;
    }
    if (data.layout === 'none') {
      if (res.status === 404) {
        throw new TiksaverError('NOT_FOUND', `TikTok answered 404 for ${url}`, { detail: { pageUrl: url, status: 404 } });
      }
      if (res.status === 403) {
        throw new TiksaverError('BLOCKED', `TikTok refused the page request (HTTP 403)`, { detail: { pageUrl: url, status: 403 } });
      }
      throw new TiksaverError('UPSTREAM_CHANGED', 'TikTok page has no embedded data (no rehydration JSON, SIGI_STATE or challenge)', {
        detail: { pageUrl: res.url, status: res.status, bytes: html.length },
      });
    }
    return { type: 'data', pageUrl: res.url, status: res.status, data };
  }
}
