/**
 * Every HTTP request of the native resolver goes through the page routes, here as data and
 * the runner that tries them.
 *
 * Routes: a route is a URL form plus a browser identity (User-Agent and matching client
 * hints, optionally a browser TLS fingerprint). Default order follows what a plain client
 * gets today (reference tiktok-web.md §0): the mobile share page `m.tiktok.com/v/ID.html`
 * carries the full data for a mobile UA, so it goes first and the common case costs one
 * round trip; the www page with the mobile identity next; the desktop page (a ~1.4 KB stub
 * without a browser TLS ClientHello, but the full page on the older site); the desktop page
 * with a browser TLS fingerprint when impit loads; the app API (app-api.ts) when
 * configured. Profiles (issue 14) use the same runner with their own URL forms: a route
 * without a form for a target is simply not tried.
 *
 * Runner: tries the routes in order until one holds the target's data, and records every
 * route it tried (detail.routes) so -v, --compare and the web trace can say "mobile page:
 * ok; desktop page: stub". Only data decides (tiktok-web.md §0): a stub, a 404, a WAF page
 * that could not be passed, a refusal status or a failed request moves on; a route whose
 * data carries a verdict (status code, /login) ends the run unless the caller calls that
 * verdict ambiguous (10204, "hidden from this network"). One page load is fetch-page.ts.
 */
import { isTiksaverError, TiksaverError, type HttpClient, type Logger } from '@tiksaver/core';
import { loadPage, type LoadedPage } from './fetch-page.js';
import { identityHeaders, type Identity } from './user-agents.js';

export type RouteTarget = { kind: 'item'; id: string } | { kind: 'profile'; username: string };

export interface RouteOrigins {
  /** https://www.tiktok.com or a configured base URL. */
  www: string;
  /** https://m.tiktok.com or a configured mobile base URL. */
  mobile: string;
}

export interface PageRoute {
  /** Stable id, shown in detail.routes (e.g. 'mobile-share'). */
  id: string;
  /** Plain words for -v, --compare and the web trace ("mobile page"). */
  label: string;
  identity: Identity;
  /** Needs the browser-TLS transport; skipped with a reason when it is not available. */
  tls?: 'chrome';
  /** The URL of the target on this route, or undefined when the route has no form for it. */
  url(target: RouteTarget, origins: RouteOrigins): string | undefined;
}

/** `/@_/video/ID`: the username is not checked, and /video/ serves photo posts too (§1, §2). */
const wwwItem = (target: RouteTarget, origins: RouteOrigins): string | undefined =>
  target.kind === 'item' ? `${origins.www}/@_/video/${target.id}` : `${origins.www}/@${target.username}`;

export const PAGE_ROUTES: readonly PageRoute[] = [
  {
    id: 'mobile-share',
    label: 'mobile page',
    identity: 'mobile',
    url: (target, origins) => (target.kind === 'item' ? `${origins.mobile}/v/${target.id}.html` : undefined),
  },
  { id: 'www-mobile', label: 'www page (mobile)', identity: 'mobile', url: wwwItem },
  { id: 'www-desktop', label: 'desktop page', identity: 'desktop', url: wwwItem },
  { id: 'www-desktop-tls', label: 'desktop page (browser TLS)', identity: 'desktop', tls: 'chrome', url: wwwItem },
];

export const APP_API_ROUTE = { id: 'app-api', label: 'app API' } as const;

/** The routes with `first` (a route that won before) moved to the front. */
export function routesStartingWith(routes: readonly PageRoute[], first: string | undefined): PageRoute[] {
  const lead = routes.find((r) => r.id === first);
  return lead ? [lead, ...routes.filter((r) => r !== lead)] : [...routes];
}

export type RouteHeld = 'data' | 'stub' | 'waf' | 'not-found' | 'refused' | 'error' | 'skipped';

/** One route tried, in the shape the CLI and the web trace render. */
export interface RouteRecord {
  route: string;
  label: string;
  url: string;
  status?: number;
  bytes?: number;
  held: RouteHeld;
  note?: string;
  ms: number;
}

export type RouteRead<T> =
  | { held: 'data'; value: T; note?: string }
  | { held: 'data'; error: TiksaverError; statusCode?: number; note?: string }
  | { held: Exclude<RouteHeld, 'data' | 'skipped'>; error?: TiksaverError; note?: string };

/** Reads one loaded page for the target; `refetch` loads another URL on the same route. */
export type RouteReader<T> = (page: LoadedPage, refetch: (url: string) => Promise<LoadedPage>) => Promise<RouteRead<T>>;

export interface RouteContext {
  http: HttpClient;
  signal: AbortSignal;
  logger: Logger;
}

export interface RouteOptions<T> {
  routes: readonly PageRoute[];
  origins: RouteOrigins;
  userAgents: { desktop: string; mobile: string };
  read: RouteReader<T>;
  /**
   * A client with a browser TLS ClientHello (impit) for the routes with `tls`, or why there
   * is none. Asked only when such a route is reached, so the common case never loads it.
   */
  browserTls?: () => Promise<{ client?: HttpClient; missing?: string }>;
  /** Per page load, overall. */
  timeoutMs?: number;
  /** A data verdict the run should not stop at (e.g. 10204: gone here, maybe not elsewhere). */
  keepGoing?: (error: TiksaverError, statusCode: number | undefined) => boolean;
}

export interface RouteWin<T> {
  value: T;
  route: PageRoute;
  /** The page that held the data: its URL (the Referer for media) and the cookies it set. */
  pageUrl: string;
  setCookies: string[];
  /** The identity headers the winning page was fetched with. */
  headers: Record<string, string>;
}

export interface RouteRun<T> {
  win?: RouteWin<T>;
  records: RouteRecord[];
  /** Data verdicts met on the way, in order (the first one is the answer when nothing won). */
  verdicts: Array<{ route: PageRoute; error: TiksaverError; statusCode?: number }>;
  /** Request/parse failures met on the way, in order. */
  errors: TiksaverError[];
}

export async function fetchViaRoutes<T>(ctx: RouteContext, target: RouteTarget, options: RouteOptions<T>): Promise<RouteRun<T>> {
  const run: RouteRun<T> = { records: [], verdicts: [], errors: [] };
  for (const route of options.routes) {
    const url = route.url(target, options.origins);
    if (url === undefined) continue;
    const t0 = performance.now();
    const ms = () => Math.round(performance.now() - t0);
    const base = { route: route.id, label: route.label, url };
    let http: HttpClient | undefined = ctx.http;
    if (route.tls) {
      const tls = options.browserTls ? await options.browserTls() : { missing: 'browser TLS not available' };
      http = tls.client;
      if (!http) {
        run.records.push({ ...base, held: 'skipped', note: tls.missing ?? 'browser TLS not available', ms: ms() });
        continue;
      }
    }
    const headers = identityHeaders(route.identity, options.userAgents);
    const load = (u: string) =>
      loadPage(http, u, { headers, signal: ctx.signal, logger: ctx.logger, ...(options.timeoutMs !== undefined && { timeoutMs: options.timeoutMs }) });
    let page: LoadedPage | undefined;
    let refusedStatus: number | undefined;
    let read: RouteRead<T>;
    try {
      page = await load(url);
      read = await options.read(page, async (next) => {
        page = await load(next);
        return page;
      });
    } catch (error) {
      if (ctx.signal.aborted) throw error;
      if (!isTiksaverError(error)) throw error;
      // An HTTP status the layer mapped (429, 5xx): the route refused; anything else failed.
      const status = typeof error.detail?.status === 'number' ? error.detail.status : undefined;
      read = { held: status !== undefined ? 'refused' : 'error', error, note: `${error.code}: ${error.message}` };
      refusedStatus = status;
    }
    const record: RouteRecord = {
      ...base,
      ...(refusedStatus !== undefined && { status: refusedStatus }),
      ...(page && { url: page.pageUrl, status: page.status, bytes: page.bytes }),
      held: read.held,
      ...(read.note && { note: read.note }),
      ms: ms(),
    };
    run.records.push(record);
    ctx.logger.debug(`native: route ${route.id} held ${read.held}`, { url: record.url, status: record.status, bytes: record.bytes });
    if (read.held === 'data' && 'value' in read) {
      const shown = page as Extract<LoadedPage, { type: 'page' | 'login' }>;
      run.win = { value: read.value, route, pageUrl: shown.pageUrl, setCookies: shown.setCookies ?? [], headers };
      return run;
    }
    if (read.held === 'data') {
      run.verdicts.push({ route, error: read.error, ...(read.statusCode !== undefined && { statusCode: read.statusCode }) });
      if (!options.keepGoing?.(read.error, read.statusCode)) return run;
      continue;
    }
    if (read.error) run.errors.push(read.error);
  }
  return run;
}

/** "mobile page: ok; desktop page: stub" (for logs and error messages). */
export function summariseRoutes(records: readonly RouteRecord[]): string {
  return records.map((r) => `${r.label}: ${r.held === 'data' && r.note?.startsWith('item in') ? 'ok' : r.held === 'data' ? (r.note ?? 'data') : r.held}`).join('; ');
}
