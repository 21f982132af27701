/**
 * The native resolver: reads TikTok's public item page directly (issue 6). Steps:
 * fetch /@_/video/{id} as desktop Chrome (answering the WAF challenge once), retry once as
 * the mobile app's browser when the desktop page refuses a story (yt-dlp #7187), fall back
 * to the app API only with configured credentials, then map the item to a Resolution with
 * the headers the CDN wants. Short links arrive already expanded by the engine.
 */
import { isTiksaverError, TiksaverError, type ParsedLink, type Provider, type ProviderContext, type Resolution } from '@tiksaver/core';
import { normaliseBaseUrl } from '../shared/link-target.js';
import type { BaseProviderSettings } from '../shared/settings.js';
import { resolveViaAppApi, type AppInfo } from './app-api.js';
import { attachHeaders } from './attach-headers.js';
import { mapItem } from './map-item.js';
import type { CodecPreference } from './pick-video.js';
import { readItem, type PageOutcome } from './read-item.js';
import { browserHeaders, DESKTOP_USER_AGENT, MOBILE_USER_AGENT, type Browser } from './user-agents.js';

export const NATIVE_DEFAULT_BASE_URL = 'https://www.tiktok.com';

export interface NativeProviderSettings extends BaseProviderSettings {
  /** Preferred video codec when TikTok offers several (default 'h264', the most compatible). */
  codec?: CodecPreference;
  /** Desktop browser User-Agent for the first page request. */
  userAgent?: string;
  /** Mobile User-Agent for the story retry. */
  mobileUserAgent?: string;
  /** TikTok app credentials; enables the app-API fallback (`multi/aweme/detail`). */
  appInfo?: AppInfo;
  /** Clock for story expiry (ms since epoch); tests shift it. */
  now?: () => number;
}

export type { AppInfo } from './app-api.js';
export type { CodecPreference } from './pick-video.js';
export { parseItemPage, type PageOutcome } from './read-item.js';

const LINK_KINDS = ['story', 'video', 'photo'] as const;

function withDetail(error: TiksaverError, extra: Record<string, unknown>): TiksaverError {
  return new TiksaverError(error.code, error.message, {
    hint: error.hint,
    final: error.final,
    ...(error.retryAfterMs !== undefined && { retryAfterMs: error.retryAfterMs }),
    ...(error.cause !== undefined && { cause: error.cause }),
    detail: { ...error.detail, ...extra },
  });
}

export function createNativeProvider(settings: NativeProviderSettings = {}): Provider {
  const baseUrl = normaliseBaseUrl(settings.baseUrl ?? NATIVE_DEFAULT_BASE_URL);
  const userAgents = { desktop: settings.userAgent ?? DESKTOP_USER_AGENT, mobile: settings.mobileUserAgent ?? MOBILE_USER_AGENT };

  async function resolve(link: ParsedLink, ctx: ProviderContext): Promise<Resolution> {
    if (!(LINK_KINDS as readonly string[]).includes(link.kind)) {
      throw new TiksaverError('UNSUPPORTED_KIND', `The native resolver takes story, video and photo links, not ${link.kind} links`);
    }
    if (!link.id || !/^\d{1,25}$/.test(link.id)) {
      throw new TiksaverError('INVALID_INPUT', 'The link has no numeric TikTok item id');
    }
    const pageUrl = `${baseUrl}/@_/video/${link.id}`;
    const linkSaysStory = link.kind === 'story';
    const load = (browser: Browser) =>
      readItem(ctx.http, pageUrl, {
        itemId: link.id!,
        headers: browserHeaders(browser, userAgents),
        signal: ctx.signal,
        logger: ctx.logger,
        ...(settings.timeoutMs !== undefined && { timeoutMs: settings.timeoutMs }),
      });

    let browser: Browser = 'desktop';
    let outcome: PageOutcome = await load(browser);
    const tried: string[] = [];
    if (!outcome.ok) {
      tried.push(`desktop: ${outcome.error.code}${outcome.statusCode ? ` (${outcome.statusCode})` : ''}`);
      const refused = outcome.statusCode !== undefined || outcome.noItem === true;
      // Story links are plain /t/ short links too, so a 10204 may be a story whatever the path says.
      if ((linkSaysStory && refused) || outcome.statusCode === 10204) {
        ctx.logger.debug('native: desktop page refused the item, retrying as the mobile app', { statusCode: outcome.statusCode });
        browser = 'mobile';
        outcome = await load(browser);
        if (!outcome.ok) tried.push(`mobile: ${outcome.error.code}${outcome.statusCode ? ` (${outcome.statusCode})` : ''}`);
      }
    }

    const map = (item: Parameters<typeof mapItem>[0]) =>
      mapItem(item, {
        link,
        origin: baseUrl,
        pageUrl,
        ...(settings.codec && { codec: settings.codec }),
        now: settings.now?.() ?? Date.now(),
      });

    if (!outcome.ok) {
      let appApi = 'skipped: no app credentials (appInfo) configured';
      if (settings.appInfo && !outcome.error.final) {
        let item: Awaited<ReturnType<typeof resolveViaAppApi>> | undefined;
        try {
          item = await resolveViaAppApi(ctx, link.id, settings.appInfo);
        } catch (error) {
          if (ctx.signal.aborted) throw error;
          appApi = `failed: ${isTiksaverError(error) ? `${error.code}: ${error.message}` : String(error)}`;
        }
        if (item) return attachHeaders(map(item), { cookies: ctx.http.cookies, pageUrl, userAgent: userAgents.mobile });
      } else if (settings.appInfo) {
        appApi = 'not tried: the page gave a final answer';
      }
      ctx.logger.debug(`native: app-API fallback ${appApi}`);
      if (linkSaysStory && outcome.statusCode === 10204) {
        // A story link whose item neither the desktop nor the mobile page has: the story
        // expired or was deleted (reference §3: a dead story link shows up as 10204).
        throw new TiksaverError('EXPIRED', 'This story is gone: TikTok no longer has it (status 10204 on desktop and mobile)', {
          final: true,
          detail: { ...outcome.error.detail, tried, appApi },
        });
      }
      throw withDetail(outcome.error, { tried, appApi });
    }
    const resolution = map(outcome.item);
    return attachHeaders(resolution, {
      cookies: ctx.http.cookies,
      pageUrl: outcome.pageUrl,
      userAgent: browser === 'desktop' ? userAgents.desktop : userAgents.mobile,
    });
  }

  return {
    id: 'native',
    label: 'TikTok (native)',
    baseUrl,
    capabilities: {
      linkKinds: [...LINK_KINDS],
      media: { story: ['video', 'image', 'audio'], video: ['video', 'audio'], photo: ['image', 'audio'] },
      notes: 'Reads TikTok\'s own page: no watermark, best quality, stories via the mobile retry.',
    },
    resolve,
  };
}
