/**
 * Reads a creator's profile page for the story list: who the account is (numeric id,
 * uniqueId, secUid) and whether it says it has a story now. Page facts, tiktok-web.md §0/§2:
 * a plain client gets data only with a mobile identity (the desktop page is a ~1.4 KB stub),
 * so the mobile identity goes first; the data sits in `__DEFAULT_SCOPE__["webapp.user-detail"]`
 * (`userInfo.user.{id,secUid,uniqueId}`, `userStoryStatus`/`hasStory`), older pages had
 * SIGI_STATE `UserModule.users[uniqueId]` and older still `__NEXT_DATA__.props.pageProps`.
 *
 * `fetchProfilePage` is the one place that fetches; the lead can point it at the native
 * provider's shared page routes later without touching the reading below.
 */
import { TiksaverError, type HttpClient, type Logger } from '@tiksaver/core';
import { findScriptById, isWafChallenge } from '../native/extract-data.js';
import { statusToError } from '../native/status.js';
import { browserHeaders, DESKTOP_USER_AGENT, MOBILE_USER_AGENT, type Browser } from '../native/user-agents.js';
import { parseWafChallenge, solveWafChallenge, wafCookies } from '../native/waf-challenge.js';

export interface StoryContext {
  http: HttpClient;
  signal: AbortSignal;
  logger: Logger;
  /** TikTok's web origin (default https://www.tiktok.com); the sandbox maps the real one. */
  baseUrl?: string;
  userAgents?: { desktop: string; mobile: string };
}

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
}

const SEC_UID = /^MS4wLjABAAAA[\w-]{20,}$/;
const MAX_PAGE_BYTES = 16 * 1024 * 1024;

export function profileSlot(profile: ProfileRef): string {
  const slot = profile.secUid ?? profile.username ?? '';
  if (!slot || !/^[\w.-]+$/u.test(slot)) throw new TiksaverError('INVALID_INPUT', `"${slot}" is not a TikTok username or secUid`);
  return slot;
}

export function isSecUid(value: string): boolean {
  return SEC_UID.test(value);
}

async function loadOnce(ctx: StoryContext, url: string, browser: Browser): Promise<ProfilePage> {
  const headers = browserHeaders(browser, ctx.userAgents ?? { desktop: DESKTOP_USER_AGENT, mobile: MOBILE_USER_AGENT });
  let wafSolved = false;
  for (;;) {
    const res = await ctx.http.request(url, { headers, signal: ctx.signal, okStatuses: [403, 404], maxBytes: MAX_PAGE_BYTES });
    const html = await res.text();
    if (isWafChallenge(html) && !wafSolved) {
      const challenge = await parseWafChallenge(html);
      const answer = await solveWafChallenge(challenge, { signal: ctx.signal });
      for (const cookie of wafCookies(challenge, answer, new URL(res.url).hostname)) await ctx.http.cookies.setCookie(cookie, res.url);
      wafSolved = true;
      continue;
    }
    return { html, pageUrl: url, finalUrl: res.url };
  }
}

/**
 * The profile page with data in it: mobile identity first, then desktop (which only has data
 * for a client with a browser's TLS fingerprint). The first page that reads wins.
 */
export async function fetchProfilePage(ctx: StoryContext, profile: ProfileRef): Promise<ProfilePage> {
  const base = (ctx.baseUrl ?? 'https://www.tiktok.com').replace(/\/+$/, '');
  const url = `${base}/@${encodeURIComponent(profileSlot(profile))}`;
  let last: ProfilePage | undefined;
  for (const browser of ['mobile', 'desktop'] as const) {
    const page = await loadOnce(ctx, url, browser);
    if (isLoginPath(page.finalUrl) || hasProfileData(page.html)) return page;
    ctx.logger.debug(`stories: the ${browser} profile page had no data (${page.html.length} bytes)`, { pageUrl: url });
    last = page;
  }
  return last!;
}

function isLoginPath(url: string): boolean {
  try {
    return /^\/login(\/|$)/.test(new URL(url).pathname);
  } catch {
    return false;
  }
}

function hasProfileData(html: string): boolean {
  return ['__UNIVERSAL_DATA_FOR_REHYDRATION__', 'SIGI_STATE', 'sigi-persisted-data', '__NEXT_DATA__'].some((id) => findScriptById(html, id) !== undefined);
}

const get = (value: unknown, ...path: string[]): unknown =>
  path.reduce<unknown>((node, key) => (node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined), value);

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
    const scope = get(parseJson(universal), '__DEFAULT_SCOPE__');
    // Reflow-era mobile pages may name the scope differently, as they do for items.
    const detail = ['webapp.user-detail', 'webapp.reflow.user-detail', 'webapp.reflow.user.detail'].map((k) => get(scope, k)).find((d) => d !== undefined);
    if (detail === undefined) return undefined;
    return { statusCode: get(detail, 'statusCode'), statusMsg: get(detail, 'statusMsg'), user: get(detail, 'userInfo', 'user') };
  }
  const sigi = findScriptById(html, 'SIGI_STATE') ?? findScriptById(html, 'sigi-persisted-data');
  if (sigi !== undefined) {
    const state = parseJson(sigi);
    const users = get(state, 'UserModule', 'users');
    const all = users && typeof users === 'object' ? Object.values(users as Record<string, unknown>) : [];
    const user = get(users, slot) ?? all.find((u) => get(u, 'secUid') === slot) ?? (all.length === 1 ? all[0] : undefined);
    return { statusCode: get(state, 'UserPage', 'statusCode'), user };
  }
  const next = findScriptById(html, '__NEXT_DATA__');
  if (next !== undefined) {
    const props = get(parseJson(next), 'props', 'pageProps');
    return { statusCode: get(props, 'statusCode'), user: get(props, 'userInfo', 'user') };
  }
  return undefined;
}

/** The account from a loaded profile page, or the error TikTok's answer means. */
export function readProfile(page: ProfilePage, slot: string): ProfileInfo {
  if (isLoginPath(page.finalUrl)) {
    throw new TiksaverError('PRIVATE', 'TikTok redirected the profile to its login page', {
      detail: { pageUrl: page.pageUrl, loginUrl: page.finalUrl },
      hint: 'TikTok wants a signed-in viewer for this profile. Export your TikTok cookies (cookies.txt) from your browser and pass them with --cookies FILE.',
    });
  }
  const detail = userDetail(page.html, slot);
  if (!detail) {
    throw new TiksaverError('BLOCKED', `TikTok's profile page had no data (${page.html.length} bytes): the request was refused`, {
      detail: { pageUrl: page.pageUrl, bytes: page.html.length },
      hint: 'TikTok served an empty profile page to this client. Try again later or through --proxy.',
    });
  }
  const statusCode = typeof detail.statusCode === 'number' ? detail.statusCode : Number(detail.statusCode ?? 0) || 0;
  if (statusCode !== 0) throw statusToError(statusCode, str(detail.statusMsg), { pageUrl: page.pageUrl });
  const id = str(get(detail.user, 'id'));
  const username = str(get(detail.user, 'uniqueId')) ?? (isSecUid(slot) ? undefined : slot);
  if (!id || !/^\d{1,25}$/.test(id) || !username) {
    throw new TiksaverError('UPSTREAM_CHANGED', 'TikTok profile page has no numeric account id (userInfo.user.id)', { detail: { pageUrl: page.pageUrl } });
  }
  const flag = get(detail.user, 'hasStory');
  const status = get(detail.user, 'userStoryStatus') ?? get(detail.user, 'UserStoryStatus');
  const hasStory = typeof flag === 'boolean' ? flag : typeof status === 'number' ? status > 0 : undefined;
  const secUid = str(get(detail.user, 'secUid'));
  const nickname = str(get(detail.user, 'nickname'));
  return { id, username, pageUrl: page.pageUrl, ...(secUid && { secUid }), ...(nickname && { nickname }), ...(hasStory !== undefined && { hasStory }) };
}
