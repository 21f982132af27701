/**
 * VidGap adapter (vidgap.com), a Next.js App Router site whose extraction is a server
 * action (services.md §4a): warm-up GET / (cookies), action id read from the page's JS
 * chunks (cached per base URL; rediscovered once when Next.js no longer knows it), POST /
 * with `next-action`, result in RSC row `1:`.
 *
 * Not implemented: the Socket.IO queue mode (`wss://io1.vidgap.com`, services.md §4a). When
 * the action answers with a queue session id instead of a document, the attempt fails with
 * UPSTREAM_CHANGED and says so, and the chain moves on.
 */
import type { ParsedLink, Provider, ProviderCapabilities, ProviderContext, Resolution } from '@tiksaver/core';
import type { BaseProviderSettings } from '../shared/settings.js';
import { normaliseBaseUrl, serviceTargetUrl } from '../shared/link-target.js';
import { serviceProvider } from '../shared/service-provider.js';
import { discoverActionId } from './discover.js';
import { SOURCE, vidgapError } from './errors.js';
import { parseActionResult } from './parse.js';
import { ActionNotFound, callFindContent, fetchHomePage, tabFor, type VidgapSession } from './request.js';
import { toResolution } from './resolution.js';

export { findActionId, chunkUrls, ACTION_NAME as VIDGAP_ACTION_NAME } from './discover.js';
export { parseFlightRows, parseActionResult } from './parse.js';
export { VIDGAP_FAILURE_KINDS, codeForFailure as vidgapCodeForFailure } from './errors.js';

export const VIDGAP_DEFAULT_BASE_URL = 'https://vidgap.com';

export interface VidgapProviderSettings extends BaseProviderSettings {
  /** Backoff unit for 502/503/504 retries: waits unit x attempt (default 1500 ms). */
  retryDelayMs?: number;
  /** Retries after 502/503/504 (default 2). */
  retries?: number;
  /** Skip discovery and use this action id first (still rediscovered when it goes stale). */
  actionId?: string;
}

export const VIDGAP_CAPABILITIES: ProviderCapabilities = {
  linkKinds: ['story', 'video', 'photo', 'short'],
  media: { video: ['video', 'audio'], story: ['video', 'image', 'audio'], photo: ['image', 'audio'] },
  notes: 'No-watermark video (HD when offered, watermarked only as a labelled last resort), photo posts, sound, stories (tab "story"). Server-action id rediscovered after site deploys; Socket.IO queue mode not supported.',
};

export function createVidgapProvider(settings: VidgapProviderSettings = {}): Provider {
  const baseUrl = normaliseBaseUrl(settings.baseUrl ?? VIDGAP_DEFAULT_BASE_URL);
  const callOptions = { retryDelayMs: settings.retryDelayMs ?? 1500, retries: settings.retries ?? 2 };
  /** Per base URL; a promise so concurrent resolutions share one discovery. */
  const actionIds = new Map<string, Promise<string>>();
  if (settings.actionId) actionIds.set(baseUrl, Promise.resolve(settings.actionId));

  function actionId(s: VidgapSession, pageHtml: string): Promise<string> {
    let cached = actionIds.get(baseUrl);
    if (!cached) {
      cached = discoverActionId(s.http, baseUrl, pageHtml, { signal: s.signal, ...(s.timeoutMs !== undefined && { timeoutMs: s.timeoutMs }) });
      actionIds.set(baseUrl, cached);
      cached.catch(() => actionIds.get(baseUrl) === cached && actionIds.delete(baseUrl));
    }
    return cached;
  }

  async function run(link: ParsedLink, ctx: ProviderContext): Promise<Resolution> {
    const s: VidgapSession = { http: ctx.http, baseUrl, signal: ctx.signal, ...(settings.timeoutMs !== undefined && { timeoutMs: settings.timeoutMs }) };
    const target = serviceTargetUrl(link);
    const tab = tabFor(link, ctx.want);
    let page = await fetchHomePage(s);
    let id = await actionId(s, page);
    let flight: string;
    try {
      flight = await callFindContent(s, id, target, tab, callOptions);
    } catch (error) {
      if (!(error instanceof ActionNotFound)) throw error;
      // The site redeployed: forget the stale id (unless a concurrent call already did), rediscover once.
      ctx.logger.debug('vidgap: server action id is stale, rediscovering', { id });
      if (actionIds.get(baseUrl) !== undefined && (await actionIds.get(baseUrl)?.catch(() => undefined)) === id) actionIds.delete(baseUrl);
      page = await fetchHomePage(s);
      id = await actionId(s, page);
      try {
        flight = await callFindContent(s, id, target, tab, callOptions);
      } catch (retryError) {
        if (!(retryError instanceof ActionNotFound)) throw retryError;
        actionIds.delete(baseUrl);
        throw vidgapError('UPSTREAM_CHANGED', 'VidGap rejects the server action id even right after rediscovery', { path: 'next-action', actionId: id });
      }
    }
    const result = parseActionResult(flight);
    if ('sessionId' in result) {
      throw vidgapError('UPSTREAM_CHANGED', 'VidGap answered with a Socket.IO queue session; queue mode is not supported by tiksaver', { path: 'flight.1', queue: true });
    }
    return toResolution(link, result.document, baseUrl);
  }

  return serviceProvider({ source: SOURCE, capabilities: VIDGAP_CAPABILITIES, baseUrl, resolve: run });
}
