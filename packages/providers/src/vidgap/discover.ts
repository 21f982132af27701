/**
 * Finding the `findContentActionsQueue` server-action id. Next.js bakes action ids into
 * the client chunks and changes them on every deploy (services.md §4a), so the id is read
 * from the page's `/_next/static/chunks/*.js`, never hard-coded.
 */
import type { HttpClient } from '@tiksaver/core';
import { loadHtml } from '../shared/html.js';
import { vidgapError } from './errors.js';

export const ACTION_NAME = 'findContentActionsQueue';

/**
 * Next 14/15 client reference: `(0,n.createServerReference)("<40-42 hex>",n.callServer,void 0,
 * n.findSourceMapURL,"findContentActionsQueue")`. Matched loosely: an id, then the action
 * name before any other id.
 */
const ACTION_REF = new RegExp(`"([0-9a-f]{40,})"((?:(?!"[0-9a-f]{40,}")[\\s\\S]){0,400}?)"${ACTION_NAME}"`, 'g');

export function findActionId(chunkText: string): string | undefined {
  for (const match of chunkText.matchAll(ACTION_REF)) {
    if (/createServerReference|callServer/.test(match[2] ?? '') || chunkText.includes('createServerReference')) return match[1];
  }
  return undefined;
}

/** Chunk URLs of a page, the route's own `app/` chunks first (that is where actions live). */
export async function chunkUrls(html: string, baseUrl: string): Promise<string[]> {
  const $ = await loadHtml(html);
  const urls = new Set<string>();
  $('script[src]').each((_, el) => {
    const src = $(el).attr('src') ?? '';
    if (!src.includes('/_next/static/chunks/')) return;
    try {
      const url = new URL(src, `${baseUrl}/`);
      if (url.origin === new URL(baseUrl).origin) urls.add(url.href);
    } catch {
      /* ignore malformed src */
    }
  });
  const rank = (u: string) => (/\/chunks\/app\//.test(u) ? 0 : /webpack|framework|polyfills|main-app/.test(u) ? 2 : 1);
  return [...urls].sort((a, b) => rank(a) - rank(b));
}

export interface DiscoverOptions {
  signal: AbortSignal;
  timeoutMs?: number;
  maxChunks?: number;
}

/** Reads the page's chunks in rank order until one carries the action id. */
export async function discoverActionId(http: HttpClient, baseUrl: string, pageHtml: string, options: DiscoverOptions): Promise<string> {
  const urls = (await chunkUrls(pageHtml, baseUrl)).slice(0, options.maxChunks ?? 24);
  if (urls.length === 0) {
    throw vidgapError('UPSTREAM_CHANGED', 'VidGap page lists no Next.js chunks to find the server action in', { path: 'home script[src]' });
  }
  for (const url of urls) {
    const res = await http.request(url, {
      signal: options.signal,
      headers: { Accept: '*/*', Referer: `${baseUrl}/` },
      maxBytes: 8 * 1024 * 1024,
      okStatuses: [404, 410], // a chunk gone mid-deploy: try the others
      ...(options.timeoutMs !== undefined && { timeoutMs: options.timeoutMs }),
    });
    if (res.status >= 300) {
      await res.dump();
      continue;
    }
    const id = findActionId(await res.text());
    if (id) return id;
  }
  throw vidgapError('UPSTREAM_CHANGED', `VidGap's JS chunks no longer reference the ${ACTION_NAME} server action`, {
    path: 'chunks createServerReference',
    chunks: urls.length,
  });
}
