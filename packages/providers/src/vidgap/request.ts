/**
 * The HTTP steps against VidGap (services.md §4a): the warm-up page load (Cloudflare
 * cookies land in the resolution's cookie jar) and the Next.js server-action POST.
 */
import { statusError, toTiksaverError, type HttpClient, type Want, type ParsedLink } from '@tiksaver/core';
import { ACTION_STATUSES, PROVIDER_ID, SOURCE, TRANSIENT_STATUSES, vidgapError } from './errors.js';

/** Page, chunks and flight answers are small; a huge body is not VidGap. */
export const MAX_BYTES = 4 * 1024 * 1024;

export interface VidgapSession {
  http: HttpClient;
  baseUrl: string;
  signal: AbortSignal;
  timeoutMs?: number;
}

/** The router state of the home page, as the site's own client sends it. */
export const ROUTER_STATE_TREE = encodeURIComponent(JSON.stringify(['', { children: ['__PAGE__', {}, null, null, 0] }, null, null, 16]));

export type VidgapTab = 'all' | 'video' | 'audio' | 'slideshow' | 'story';

/** Tab per link kind and wish: stories, photo posts, "sound only", else video. */
export function tabFor(link: ParsedLink, want: Want): VidgapTab {
  if (link.kind === 'story') return 'story';
  if (link.kind === 'photo') return 'slideshow';
  if (want === 'audio') return 'audio';
  if (link.kind === 'video') return 'video';
  return 'all'; // short or unknown links: let the site detect the kind
}

export async function fetchHomePage(s: VidgapSession): Promise<string> {
  const res = await s.http.request(`${s.baseUrl}/`, {
    signal: s.signal,
    headers: { Accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' },
    maxBytes: MAX_BYTES,
    // A missing home page says nothing about the post: never let it read as NOT_FOUND.
    okStatuses: [404, 410],
    ...(s.timeoutMs !== undefined && { timeoutMs: s.timeoutMs }),
  });
  if (res.status >= 300) {
    await res.dump();
    throw vidgapError('UPSTREAM_CHANGED', `VidGap home page answered HTTP ${res.status}`, { status: res.status, path: 'GET /' });
  }
  return res.text();
}

/** Raised when Next.js does not know the action id (404/409 + `x-nextjs-action-not-found`). */
export class ActionNotFound extends Error {}

export interface ActionCallOptions {
  /** Backoff unit for 502/503/504 retries (default 1500 ms, services.md §4a). */
  retryDelayMs: number;
  /** Retries after a 502/503/504 (default 2). */
  retries: number;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    // Cancelled while waiting: the same CANCELLED a request in flight would end with.
    const cancelled = () => toTiksaverError(signal.reason, 'CANCELLED', PROVIDER_ID);
    if (signal.aborted) return reject(cancelled());
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(cancelled());
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

export async function callFindContent(s: VidgapSession, actionId: string, tiktokUrl: string, tab: VidgapTab, options: ActionCallOptions): Promise<string> {
  const body = JSON.stringify([{ vLink: encodeURIComponent(tiktokUrl), agent: 'Web', tab, amplified: false, platform: 'tiktok' }]);
  for (let attempt = 1; ; attempt++) {
    const res = await s.http.request(`${s.baseUrl}/`, {
      method: 'POST',
      body,
      headers: {
        'Content-Type': 'text/plain;charset=UTF-8',
        Accept: 'text/x-component',
        'Next-Action': actionId,
        'Next-Router-State-Tree': ROUTER_STATE_TREE,
        Origin: s.baseUrl,
        Referer: `${s.baseUrl}/`,
      },
      signal: s.signal,
      okStatuses: ACTION_STATUSES,
      maxBytes: MAX_BYTES,
      ...(s.timeoutMs !== undefined && { timeoutMs: s.timeoutMs }),
    });
    if (res.status < 300) return res.text();
    const text = (await res.text().catch(() => '')).slice(0, 4000);
    const detail = { status: res.status, path: 'POST /' };
    if ((res.status === 404 || res.status === 409) && (res.header('x-nextjs-action-not-found') || /server action (?:not found|unavailable)|failed to find server action/i.test(text))) {
      throw new ActionNotFound(`VidGap does not know action ${actionId}`);
    }
    if (TRANSIENT_STATUSES.has(res.status) && attempt <= options.retries) {
      await sleep(options.retryDelayMs * attempt, s.signal);
      continue;
    }
    if (res.status === 403 || res.status === 429 || res.status >= 500) {
      throw statusError({ url: res.url, status: res.status, headers: res.headers, bodySnippet: text, provider: SOURCE, detail: { path: 'POST /', attempts: attempt } });
    }
    throw vidgapError('UPSTREAM_CHANGED', `VidGap answered HTTP ${res.status} to the server action`, detail);
  }
}
