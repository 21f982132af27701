/**
 * The native resolver: reads TikTok's own pages (issues 6 and 12). Every item link goes
 * through the same page routes (routes.ts, run by run-routes.ts) until one holds the
 * item's data; the data decides, whatever route served it (read-item.ts). Then the app API
 * when credentials are configured, and the item is mapped to a Resolution carrying the
 * winning page's session (attach-headers.ts). Short links arrive already expanded by the
 * engine. Every route tried is in the attempt's detail (`detail.routes`).
 */
import { TiksaverError, isTiksaverError, type HttpClient, type ParsedLink, type Provider, type ProviderContext, type Resolution } from '@tiksaver/core';
import { normaliseBaseUrl } from '../shared/link-target.js';
import type { BaseProviderSettings } from '../shared/settings.js';
import { APP_API_DEFAULT_HOST, resolveViaAppApi, type AppInfo } from './app-api.js';
import { attachHeaders } from './attach-headers.js';
import { mapItem } from './map-item.js';
import type { CodecPreference } from './pick-video.js';
import { readItemPage, type FoundItem } from './read-item.js';
import { APP_API_ROUTE, PAGE_ROUTES, routesStartingWith, type PageRoute } from './routes.js';
import { fetchViaRoutes, summariseRoutes, type RouteRecord, type RouteRun } from './run-routes.js';
import { DESKTOP_USER_AGENT, MOBILE_USER_AGENT } from './user-agents.js';

export const NATIVE_DEFAULT_BASE_URL = 'https://www.tiktok.com';
export const NATIVE_DEFAULT_MOBILE_BASE_URL = 'https://m.tiktok.com';

export interface NativeProviderSettings extends BaseProviderSettings {
  /** Preferred video codec when TikTok offers several (default 'h264', the most compatible). */
  codec?: CodecPreference;
  /** Desktop browser User-Agent (desktop routes). */
  userAgent?: string;
  /** Mobile User-Agent (mobile routes, which today carry the data). */
  mobileUserAgent?: string;
  /** Origin of the mobile share page `/v/ID.html` (default https://m.tiktok.com, or baseUrl when that is set). */
  mobileBaseUrl?: string;
  /** Page routes in order (default PAGE_ROUTES). */
  routes?: readonly PageRoute[];
  /**
   * A client with a browser TLS ClientHello for the `tls` routes, given the plain client.
   * Default: the client's own `browserTls()` (impit, optional); false turns the route off.
   * Undefined or a rejection = "not available", and the route is skipped with that reason.
   */
  browserTls?: ((http: HttpClient) => Promise<HttpClient | undefined>) | false;
  /** TikTok app credentials; enables the app-API route (`multi/aweme/detail`). */
  appInfo?: AppInfo;
  /** Clock for story expiry (ms since epoch); tests shift it. */
  now?: () => number;
}

export type { AppInfo } from './app-api.js';
export type { CodecPreference } from './pick-video.js';
export { parseItemPage, type PageOutcome } from './read-item.js';
export { PAGE_ROUTES, APP_API_ROUTE, type PageRoute, type RouteTarget, type RouteOrigins } from './routes.js';
export { fetchViaRoutes, summariseRoutes, type RouteRecord, type RouteHeld, type RouteRead, type RouteRun } from './run-routes.js';

const LINK_KINDS = ['story', 'video', 'photo'] as const;
/** Items whose winning route is remembered (a re-resolve after a media 403 asks it first). */
const REMEMBERED_WINNERS = 500;

function withDetail(error: TiksaverError, extra: Record<string, unknown>): TiksaverError {
  return new TiksaverError(error.code, error.message, {
    hint: error.hint,
    final: error.final,
    ...(error.retryAfterMs !== undefined && { retryAfterMs: error.retryAfterMs }),
    ...(error.cause !== undefined && { cause: error.cause }),
    detail: { ...error.detail, ...extra },
  });
}

/** A story link gone (10204) on every route that returned data has expired (§3: a dead story shows up as 10204). */
function expiredStory(run: RouteRun<FoundItem>, linkSaysStory: boolean): TiksaverError | undefined {
  const [first] = run.verdicts;
  if (!first || !linkSaysStory || !run.verdicts.every((v) => v.statusCode === 10204)) return undefined;
  return new TiksaverError('EXPIRED', 'This story is gone: TikTok no longer has it on any page route that answered with data (status 10204)', {
    final: true,
    detail: { ...first.error.detail },
  });
}

/** The answer when no route held the item: the data's verdict first, then what the routes met. */
function noItemError(run: RouteRun<FoundItem>): TiksaverError {
  const [first] = run.verdicts;
  if (first) return first.error;
  const tried = run.records.filter((r) => r.held !== 'skipped');
  if (tried.some((r) => r.held === 'waf')) {
    return new TiksaverError('BLOCKED', 'TikTok kept showing its bot challenge after it was solved', { detail: { waf: true } });
  }
  if (run.errors[0]) return run.errors[0];
  if (tried.length > 0 && tried.every((r) => r.held === 'not-found')) {
    return new TiksaverError('NOT_FOUND', 'TikTok has no page for this item on any route (HTTP 404)', { detail: { status: 404 } });
  }
  return new TiksaverError('BLOCKED', `No page route served TikTok's data (${summariseRoutes(run.records)})`, {
    hint: [
      'TikTok answered every page route with a page that holds no data (a stub), which is what it sends clients it does not trust. ' +
        'Try again later or through a proxy (',
      { setting: 'proxy' },
      '), or let another provider try.',
    ],
  });
}

export function createNativeProvider(settings: NativeProviderSettings = {}): Provider {
  const baseUrl = normaliseBaseUrl(settings.baseUrl ?? NATIVE_DEFAULT_BASE_URL);
  const mobileBaseUrl = normaliseBaseUrl(settings.mobileBaseUrl ?? (settings.baseUrl !== undefined ? baseUrl : NATIVE_DEFAULT_MOBILE_BASE_URL));
  const userAgents = { desktop: settings.userAgent ?? DESKTOP_USER_AGENT, mobile: settings.mobileUserAgent ?? MOBILE_USER_AGENT };
  const routes = settings.routes ?? PAGE_ROUTES;
  const winners = new Map<string, string>();

  async function browserTlsFor(http: HttpClient): Promise<{ client?: HttpClient; missing?: string }> {
    if (settings.browserTls === false) return { missing: 'browser TLS turned off' };
    const make = settings.browserTls ?? ((plain: HttpClient) => plain.browserTls?.() ?? Promise.resolve(undefined));
    try {
      const client = await make(http);
      return client ? { client } : { missing: 'browser TLS not available: impit is not installed' };
    } catch (error) {
      return { missing: `browser TLS not available: ${error instanceof Error ? error.message : String(error)}` };
    }
  }

  async function viaAppApi(ctx: ProviderContext, id: string, records: RouteRecord[]): Promise<{ item?: FoundItem['item']; appApi: string }> {
    const host = settings.appInfo?.apiHost ?? APP_API_DEFAULT_HOST;
    const base = { route: APP_API_ROUTE.id, label: APP_API_ROUTE.label, url: `https://${host}/aweme/v1/multi/aweme/detail/` };
    if (!settings.appInfo) {
      records.push({ ...base, held: 'skipped', note: 'no app credentials (appInfo) configured', ms: 0 });
      return { appApi: 'skipped: no app credentials (appInfo) configured' };
    }
    const t0 = performance.now();
    try {
      const item = await resolveViaAppApi(ctx, id, settings.appInfo);
      records.push({ ...base, held: 'data', note: 'item in aweme_details', ms: Math.round(performance.now() - t0) });
      return { item, appApi: 'ok' };
    } catch (error) {
      if (ctx.signal.aborted || !isTiksaverError(error)) throw error;
      records.push({ ...base, held: 'error', note: `${error.code}: ${error.message}`, ms: Math.round(performance.now() - t0) });
      return { appApi: `failed: ${error.code}: ${error.message}` };
    }
  }

  async function resolve(link: ParsedLink, ctx: ProviderContext): Promise<Resolution> {
    if (!(LINK_KINDS as readonly string[]).includes(link.kind)) {
      throw new TiksaverError('UNSUPPORTED_KIND', `The native resolver takes story, video and photo links, not ${link.kind} links`);
    }
    if (!link.id || !/^\d{1,25}$/.test(link.id)) {
      throw new TiksaverError('INVALID_INPUT', 'The link has no numeric TikTok item id');
    }
    const id = link.id;
    const run = await fetchViaRoutes(ctx, { kind: 'item', id }, {
      routes: routesStartingWith(routes, winners.get(id)),
      origins: { www: baseUrl, mobile: mobileBaseUrl },
      userAgents,
      read: (page, refetch) => readItemPage(page, id, refetch),
      browserTls: () => browserTlsFor(ctx.http),
      ...(settings.timeoutMs !== undefined && { timeoutMs: settings.timeoutMs }),
      // 10204 is "deleted, expired, or hidden from this network": another route may still have it.
      keepGoing: (_error, statusCode) => statusCode === 10204,
    });
    const records = run.records;
    const publish = (extra: Record<string, unknown> = {}) => {
      if (ctx.detail) Object.assign(ctx.detail, { routes: records, ...extra });
    };
    const map = (item: FoundItem['item'], pageUrl: string) =>
      mapItem(item, { link, origin: baseUrl, pageUrl, ...(settings.codec && { codec: settings.codec }), now: settings.now?.() ?? Date.now() });

    if (run.win) {
      winners.delete(id);
      winners.set(id, run.win.route.id);
      if (winners.size > REMEMBERED_WINNERS) winners.delete(winners.keys().next().value!);
      publish();
      ctx.logger.debug(`native: ${summariseRoutes(records)}`);
      return attachHeaders(map(run.win.value.item, run.win.pageUrl), {
        cookies: ctx.http.cookies,
        pageUrl: run.win.pageUrl,
        setCookies: run.win.setCookies,
        userAgent: run.win.headers['user-agent'] ?? userAgents.mobile,
      });
    }

    let error = noItemError(run);
    let appApi = 'not tried: the page gave a final answer';
    if (!error.final) {
      const app = await viaAppApi(ctx, id, records);
      appApi = app.appApi;
      if (app.item) {
        publish({ appApi });
        return attachHeaders(map(app.item, `${baseUrl}/@_/video/${id}`), {
          cookies: ctx.http.cookies,
          pageUrl: `${baseUrl}/@_/video/${id}`,
          setCookies: [],
          userAgent: userAgents.mobile,
        });
      }
    }
    error = expiredStory(run, link.kind === 'story') ?? error;
    ctx.logger.debug(`native: ${summariseRoutes(records)}; app API ${appApi}`);
    publish({ appApi });
    error = withDetail(error, { routes: records, tried: summariseRoutes(records), appApi });
    throw error;
  }

  return {
    id: 'native',
    label: 'TikTok (native)',
    baseUrl,
    capabilities: {
      linkKinds: [...LINK_KINDS],
      media: { story: ['video', 'image', 'audio'], video: ['video', 'audio'], photo: ['image', 'audio'] },
      notes: "Reads TikTok's own pages (mobile page first): no watermark, best quality, stories, photos and sounds.",
    },
    resolve,
  };
}
