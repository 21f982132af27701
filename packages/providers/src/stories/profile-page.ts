/**
 * Reads a creator's profile page for the story list: who the account is (numeric id,
 * uniqueId, secUid) and whether it says it has a story now. Page facts, tiktok-web.md §0/§2:
 * a plain client gets data only with a mobile identity (the desktop page is a ~1.4 KB stub),
 * so the mobile identity goes first; the data sits in `__DEFAULT_SCOPE__["webapp.user-detail"]`
 * (`userInfo.user.{id,secUid,uniqueId}`, `userStoryStatus`/`hasStory`), older pages had
 * SIGI_STATE `UserModule.users[uniqueId]` and older still `__NEXT_DATA__.props.pageProps`.
 *
 * `fetchProfilePage` is the one place that fetches: it runs the native provider's page
 * routes (native/request.ts) for a profile target, so a profile is read mobile-first through
 * the same routes, WAF handling and route records as items (issue 14: "the same page routes
 * as items"). Routes without a profile form (the m.tiktok.com share page) are not tried.
 */
import { TiksaverError, type Hint, type HttpClient, type Logger } from '@tiksaver/core';
import { findScriptById } from '../native/extract-data.js';
import type { LoadedPage } from '../native/fetch-page.js';
import { fetchViaRoutes, PAGE_ROUTES, summariseRoutes, type RouteRead, type RouteRecord, type RouteRun } from '../native/request.js';
import { statusToError } from '../native/errors.js';
import { DESKTOP_USER_AGENT, MOBILE_USER_AGENT } from '../native/user-agents.js';
import { getPath } from '../shared/get-path.js';

export interface StoryContext {
  http: HttpClient;
  signal: AbortSignal;
  logger: Logger;
  /** TikTok's web origin (default https://www.tiktok.com); the sandbox maps the real one. */
  baseUrl?: string;
  userAgents?: { desktop: string; mobile: string };
}


const EMPTY_PROFILE_HINT: Hint = ['TikTok served an empty profile page to this client. Try again later or through a proxy (', { setting: 'proxy' }, ').'];

/** A profile as the user named it: a username or a secUid (`MS4wLjABAAAA…`) in the @ slot. */
export interface ProfileRef {
  username?: string;
  secUid?: string;
}

export interface ProfileInfo {
  /** Numeric author id, the story list's `authorId`. */
  id: string;
  username: string;
  secUid?: string;
  nickname?: string;
  /** `hasStory` / `userStoryStatus` when the page carries them (absent on many pages). */
  hasStory?: boolean;
  pageUrl: string;
}

export interface ProfilePage {
  html: string;
  pageUrl: string;
  /** Final URL after redirects; a /login path means TikTok wants a signed-in viewer. */
  finalUrl: string;
  /** Every page route tried for it (detail.routes shape), when it came from fetchProfilePage. */
  routes?: RouteRecord[];
}

const SEC_UID = /^MS4wLjABAAAA[\w-]{20,}$/;

export function profileSlot(profile: ProfileRef): string {
  const slot = profile.secUid ?? profile.username ?? '';
  if (!slot || !/^[\w.-]+$/u.test(slot)) throw new TiksaverError('INVALID_INPUT', `"${slot}" is not a TikTok username or secUid`);
  return slot;
}

export function isSecUid(value: string): boolean {
  return SEC_UID.test(value);
}

/** The route reader for a profile: a page with the account's data (or a /login redirect) wins. */
async function readProfileRoute(page: LoadedPage, slot: string): Promise<RouteRead<ProfilePage>> {
  if (page.type === 'waf') return { held: 'waf', note: 'bot challenge came back after it was solved' };
  // The login redirect is the page's answer; readProfile turns it into PRIVATE with the --cookies hint.
  if (page.type === 'login') return { held: 'data', value: { html: page.html, pageUrl: page.pageUrl, finalUrl: page.loginUrl }, note: 'login redirect' };
  let found: boolean;
  try {
    found = userDetail(page.html, slot) !== undefined;
  } catch (error) {
    if (error instanceof TiksaverError) return { held: 'error', error, note: error.message };
    throw error;
  }
  if (found) return { held: 'data', value: { html: page.html, pageUrl: page.pageUrl, finalUrl: page.pageUrl }, note: 'profile data' };
  // No account data, by HTTP status: 404 is "not here", 4xx/5xx a refusal, 200 a stub (as for items).
  return { held: page.status === 404 || page.status === 410 ? 'not-found' : page.status >= 400 ? 'refused' : 'stub', note: `no profile data (${page.bytes} bytes)` };
}

/** Why no route held the profile, as the error the user sees (detail.routes says which route met what). */
function noProfileError(run: RouteRun<ProfilePage>, pageUrl: string): TiksaverError {
  const tried = run.records.filter((r) => r.held !== 'skipped');
  const detail = { pageUrl, routes: run.records, tried: summariseRoutes(run.records) };
  if (tried.some((r) => r.held === 'waf')) {
    return new TiksaverError('BLOCKED', 'TikTok kept showing its bot challenge on the profile page after it was solved', { detail: { ...detail, waf: true } });
  }
  const [first] = run.errors;
  if (first) return new TiksaverError(first.code, first.message, { hint: first.hint, final: first.final, cause: first, detail: { ...first.detail, ...detail }, ...(first.retryAfterMs !== undefined && { retryAfterMs: first.retryAfterMs }) });
  if (tried.length > 0 && tried.every((r) => r.held === 'not-found')) {
    return new TiksaverError('NOT_FOUND', 'TikTok has no profile page for this account on any route (HTTP 404)', { detail: { ...detail, status: 404 } });
  }
  return new TiksaverError('BLOCKED', `TikTok's profile page had no data on any route (${detail.tried}): the request was refused`, {
    detail,
    hint: EMPTY_PROFILE_HINT,
  });
}

/**
 * The profile page with data in it, through the native page routes: www with the mobile
 * identity, then desktop (data only for a browser's TLS fingerprint), then desktop with
 * browser TLS when impit loads. The first page that holds the account (or a /login) wins.
 */
export async function fetchProfilePage(ctx: StoryContext, profile: ProfileRef): Promise<ProfilePage> {
  const slot = profileSlot(profile);
  const base = (ctx.baseUrl ?? 'https://www.tiktok.com').replace(/\/+$/, '');
  // The slot is checked to [\w.-] above, so it needs no encoding in the @ path.
  const run = await fetchViaRoutes(ctx, { kind: 'profile', username: slot }, {
    routes: PAGE_ROUTES,
    origins: { www: base, mobile: base },
    userAgents: ctx.userAgents ?? { desktop: DESKTOP_USER_AGENT, mobile: MOBILE_USER_AGENT },
    read: (page) => readProfileRoute(page, slot),
    browserTls: () => browserTlsOf(ctx.http),
  });
  ctx.logger.debug(`stories: profile page routes: ${summariseRoutes(run.records)}`);
  if (!run.win) throw noProfileError(run, `${base}/@${slot}`);
  return { ...run.win.value, routes: run.records };
}

/** The client's own browser-TLS twin (impit, optional), as the native provider asks it by default. */
async function browserTlsOf(http: HttpClient): Promise<{ client?: HttpClient; missing?: string }> {
  try {
    const client = await http.browserTls?.();
    return client ? { client } : { missing: 'browser TLS not available: impit is not installed' };
  } catch (error) {
    return { missing: `browser TLS not available: ${error instanceof Error ? error.message : String(error)}` };
  }
}

function isLoginPath(url: string): boolean {
  try {
    return /^\/login(\/|$)/.test(new URL(url).pathname);
  } catch {
    return false;
  }
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : typeof v === 'number' ? String(v) : undefined);

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new TiksaverError('UPSTREAM_CHANGED', 'TikTok profile page data is not valid JSON', { cause });
  }
}

/** `{statusCode, user}` from whichever layout the page has. */
function userDetail(html: string, slot: string): { statusCode?: unknown; statusMsg?: unknown; user?: unknown } | undefined {
  const universal = findScriptById(html, '__UNIVERSAL_DATA_FOR_REHYDRATION__');
  if (universal !== undefined) {
    const scope = getPath(parseJson(universal), '__DEFAULT_SCOPE__');
    // Reflow-era mobile pages may name the scope differently, as they do for items.
    const detail = ['webapp.user-detail', 'webapp.reflow.user-detail', 'webapp.reflow.user.detail'].map((k) => getPath(scope, k)).find((d) => d !== undefined);
    if (detail === undefined) return undefined;
    return { statusCode: getPath(detail, 'statusCode'), statusMsg: getPath(detail, 'statusMsg'), user: getPath(detail, 'userInfo', 'user') };
  }
  const sigi = findScriptById(html, 'SIGI_STATE') ?? findScriptById(html, 'sigi-persisted-data');
  if (sigi !== undefined) {
    const state = parseJson(sigi);
    const users = getPath(state, 'UserModule', 'users');
    const all = users && typeof users === 'object' ? Object.values(users as Record<string, unknown>) : [];
    const user = getPath(users, slot) ?? all.find((u) => getPath(u, 'secUid') === slot) ?? (all.length === 1 ? all[0] : undefined);
    return { statusCode: getPath(state, 'UserPage', 'statusCode'), user };
  }
  const next = findScriptById(html, '__NEXT_DATA__');
  if (next !== undefined) {
    const props = getPath(parseJson(next), 'props', 'pageProps');
    return { statusCode: getPath(props, 'statusCode'), user: getPath(props, 'userInfo', 'user') };
  }
  return undefined;
}

/** The account from a loaded profile page, or the error TikTok's answer means. */
export function readProfile(page: ProfilePage, slot: string): ProfileInfo {
  if (isLoginPath(page.finalUrl)) {
    throw new TiksaverError('PRIVATE', 'TikTok redirected the profile to its login page', {
      detail: { pageUrl: page.pageUrl, loginUrl: page.finalUrl },
      hint: ['TikTok wants a signed-in viewer for this profile. Export your TikTok cookies (cookies.txt) from your browser and pass them with ', { setting: 'cookiesFile' }, '.'],
    });
  }
  const detail = userDetail(page.html, slot);
  if (!detail) {
    throw new TiksaverError('BLOCKED', `TikTok's profile page had no data (${page.html.length} bytes): the request was refused`, {
      detail: { pageUrl: page.pageUrl, bytes: page.html.length },
      hint: EMPTY_PROFILE_HINT,
    });
  }
  const statusCode = typeof detail.statusCode === 'number' ? detail.statusCode : Number(detail.statusCode ?? 0) || 0;
  if (statusCode !== 0) throw statusToError(statusCode, str(detail.statusMsg), { pageUrl: page.pageUrl });
  const id = str(getPath(detail.user, 'id'));
  const username = str(getPath(detail.user, 'uniqueId')) ?? (isSecUid(slot) ? undefined : slot);
  if (!id || !/^\d{1,25}$/.test(id) || !username) {
    throw new TiksaverError('UPSTREAM_CHANGED', 'TikTok profile page has no numeric account id (userInfo.user.id)', { detail: { pageUrl: page.pageUrl } });
  }
  const flag = getPath(detail.user, 'hasStory');
  const status = getPath(detail.user, 'userStoryStatus') ?? getPath(detail.user, 'UserStoryStatus');
  const hasStory = typeof flag === 'boolean' ? flag : typeof status === 'number' ? status > 0 : undefined;
  const secUid = str(getPath(detail.user, 'secUid'));
  const nickname = str(getPath(detail.user, 'nickname'));
  return { id, username, pageUrl: page.pageUrl, ...(secUid && { secUid }), ...(nickname && { nickname }), ...(hasStory !== undefined && { hasStory }) };
}
