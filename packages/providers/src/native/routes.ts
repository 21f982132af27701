/**
 * The page routes, as data. A route is a URL form plus a browser identity (User-Agent and
 * matching client hints, optionally a browser TLS fingerprint). Default order follows what
 * a plain client gets today (reference tiktok-web.md §0): the mobile share page
 * `m.tiktok.com/v/ID.html` carries the full data for a mobile UA, so it goes first and the
 * common case costs one round trip; the www page with the mobile identity next; the
 * desktop page (a ~1.4 KB stub without a browser TLS ClientHello, but the full page on the
 * older site); the desktop page with a browser TLS fingerprint when impit loads; the app
 * API (index.ts) when configured. Profiles (issue 14) use the same runner with their own
 * URL forms: a route without a form for a target is simply not tried.
 */
import type { Identity } from './user-agents.js';

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
