/**
 * TikTok's web story list, as gallery-dl's TiktokStoriesExtractor calls it (tiktok-web.md §3
 * "Story support in the wild"): GET /api/story/item_list/ with the web parameters
 * (`aid=1988`, `app_name=tiktok_web`, `device_platform=web_pc`, a random `device_id` in
 * 7250000000000000000–7325099899999994577, `verifyFp`, `region`, …), `authorId`,
 * `loadBackward=false`, `count` and `cursor`. Pages: `itemList[]` (post item shape; absent
 * when there is none), `MaxCursor` / `HasMoreAfter`. Third-party code says the list "requires
 * logged-in cookies"; TikTok's answer to an unsigned or logged-out call is an empty body.
 */
import { randomBytes, randomInt } from 'node:crypto';
import { TiksaverError, type Hint } from '@tiksaver/core';
import { browserHeaders, DESKTOP_USER_AGENT, MOBILE_USER_AGENT, type Browser } from '../native/user-agents.js';
import type { StoryContext } from './profile-page.js';

const DEVICE_ID_MIN = 7250000000000000000n;
const DEVICE_ID_MAX = 7325099899999994577n;
/** gallery-dl asks for 5 a page. */
const PAGE_SIZE = 5;
/** A creator has a few stories at most; a list that never ends is a broken cursor. */
const MAX_PAGES = 20;

export const LOGIN_HINT: Hint = [
  'TikTok only lists stories to a signed-in viewer here. Sign in to tiktok.com in your browser, export its cookies as cookies.txt ' +
    '(for example with a "Get cookies.txt" extension), and pass the file with ',
  { setting: 'cookiesFile' },
  '. The cookies go to TikTok only, never to a download service.',
];

export function randomDeviceId(): string {
  const span = DEVICE_ID_MAX - DEVICE_ID_MIN;
  const r = BigInt(`0x${randomBytes(8).toString('hex')}`) % (span + 1n);
  return (DEVICE_ID_MIN + r).toString();
}

function verifyFp(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  let s = '';
  for (let i = 0; i < 16; i++) s += alphabet[randomInt(alphabet.length)];
  return `verify_${s}`;
}

export function storyListUrl(base: string, authorId: string, cursor: string, deviceId: string, fp: string, msToken?: string, platform: 'web_pc' | 'web_mobile' = 'web_pc'): string {
  const params = new URLSearchParams({
    aid: '1988',
    app_language: 'en',
    app_name: 'tiktok_web',
    browser_language: 'en-US',
    browser_name: 'Mozilla',
    browser_online: 'true',
    browser_platform: platform === 'web_pc' ? 'Win32' : 'Linux armv8l',
    channel: 'tiktok_web',
    cookie_enabled: 'true',
    device_id: deviceId,
    device_platform: platform,
    focus_state: 'true',
    from_page: 'user',
    history_len: '2',
    is_fullscreen: 'false',
    is_page_visible: 'true',
    language: 'en',
    os: platform === 'web_pc' ? 'windows' : 'android',
    priority_region: '',
    referer: '',
    region: 'US',
    screen_height: '1080',
    screen_width: '1920',
    tz_name: 'UTC',
    verifyFp: fp,
    webcast_language: 'en',
    authorId,
    loadBackward: 'false',
    count: String(PAGE_SIZE),
    cursor,
  });
  // The web app sends the msToken cookie back as a parameter on its API calls.
  if (msToken) params.set('msToken', msToken);
  return `${base}/api/story/item_list/?${params}`;
}

interface ListPage {
  itemList?: unknown;
  HasMoreAfter?: unknown;
  MaxCursor?: unknown;
  statusCode?: unknown;
  status_code?: unknown;
  statusMsg?: unknown;
  status_msg?: unknown;
}

/** Every raw story item of the author, following the cursor until HasMoreAfter is false. */
export async function fetchStoryItems(ctx: StoryContext, authorId: string, profileUrl: string, browser: Browser = 'desktop'): Promise<unknown[]> {
  const base = (ctx.baseUrl ?? 'https://www.tiktok.com').replace(/\/+$/, '');
  const deviceId = randomDeviceId();
  const fp = verifyFp();
  const agents = ctx.userAgents ?? { desktop: DESKTOP_USER_AGENT, mobile: MOBILE_USER_AGENT };
  const headers = { ...browserHeaders(browser, agents), accept: 'application/json, text/plain, */*', referer: profileUrl };
  const platform = browser === 'desktop' ? 'web_pc' : 'web_mobile';
  const items: unknown[] = [];
  const seen = new Set<string>();
  let cursor = '0';
  for (let page = 0; page < MAX_PAGES; page++) {
    const msToken = /(?:^|;\s*)msToken=([^;]+)/.exec(await ctx.http.cookies.getCookieHeader(`${base}/`))?.[1];
    const url = storyListUrl(base, authorId, cursor, deviceId, fp, msToken, platform);
    const res = await ctx.http.request(url, { headers, signal: ctx.signal, maxBytes: 8 * 1024 * 1024 });
    const text = (await res.text()).trim();
    if (!text) {
      throw new TiksaverError('BLOCKED', 'TikTok answered the story list with an empty body (it does that when it wants a signed-in viewer)', {
        detail: { url: res.url, status: res.status, reason: 'empty story list answer' },
        hint: LOGIN_HINT,
      });
    }
    let body: ListPage;
    try {
      body = JSON.parse(text) as ListPage;
    } catch (cause) {
      throw new TiksaverError('UPSTREAM_CHANGED', 'TikTok\'s story list is not JSON', { cause, detail: { url: res.url, bytes: text.length } });
    }
    const status = Number(body.statusCode ?? body.status_code ?? 0) || 0;
    if (status !== 0) {
      const msg = String(body.statusMsg ?? body.status_msg ?? '');
      throw new TiksaverError('BLOCKED', `TikTok refused the story list (status ${status}${msg ? `: ${msg}` : ''})`, {
        detail: { url: res.url, statusCode: status, ...(msg && { statusMsg: msg }) },
        hint: LOGIN_HINT,
      });
    }
    const list = Array.isArray(body.itemList) ? body.itemList : [];
    for (const item of list) {
      const id = item && typeof item === 'object' ? String((item as { id?: unknown }).id ?? '') : '';
      if (id && !seen.has(id)) {
        seen.add(id);
        items.push(item);
      }
    }
    const next = body.MaxCursor === undefined || body.MaxCursor === null ? '' : String(body.MaxCursor);
    if (body.HasMoreAfter !== true || list.length === 0 || !next || next === cursor) break;
    ctx.logger.debug('stories: next page of the story list', { cursor: next });
    cursor = next;
  }
  return items;
}
