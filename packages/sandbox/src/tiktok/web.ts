/**
 * www.tiktok.com, m.tiktok.com, tiktok.com, vm.tiktok.com and vt.tiktok.com: item pages,
 * profiles, music, live, login, home, short links, and the broken aweme/v1/play endpoint.
 * Which reference fact each branch follows is named inline and in the README.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseCookies } from '../log.js';
import { findScenarioByItemId, SCENARIOS } from '../scenarios.js';
import type { SandboxContext, SandboxRequest, VirtualService } from '../types.js';
import { emptyMediaCounters, type TiktokDeps } from './deps.js';
import { authorObject, numericId, storyRanOut } from './item.js';
import { type PageContext, renderScopePage, renderSigiItemPage, renderStubPage, renderUniversalItemPage, seoAbtest } from './page.js';
import { chainTokenOf, hasValidChainToken, isMobileIdentity, isMobileUserAgent, sessionCookies, sessionIdOf } from './session.js';
import { renderProfilePage } from './profile-page.js';
import { handleShortLink } from './short-links.js';
import { storyItemList } from './story-api.js';
import { renderWafPage, verifyWafCookie, WAF_COOKIE } from './waf.js';

export const TIKTOK_WEB_HOSTS = ['www.tiktok.com', 'm.tiktok.com', 'tiktok.com', 'vm.tiktok.com', 'vt.tiktok.com'];

const ITEM_PATH = /^\/@([\w.-]*)\/(video|photo|story)\/(\d+)\/?$/;
const SHARE_PATH = /^\/(?:i18n\/)?share\/video\/(\d+)\/?$|^\/embed\/(?:v2\/)?(\d+)\/?$/;
const PROFILE_PATH = /^\/@([\w.-]+)\/?$/;
const LIVE_PATH = /^\/@([\w.-]+)\/live\/?$/;
const MUSIC_PATH = /^\/music\/[^/]*?-(\d+)\/?$/;

function send(res: ServerResponse, status: number, html: string, cookies: string[] = [], extra: Record<string, string> = {}): void {
  res.writeHead(status, {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Length': Buffer.byteLength(html),
    'Cache-Control': 'no-cache, no-store',
    Server: 'nginx',
    'X-Tt-Logid': Date.now().toString(36).toUpperCase(),
    ...(cookies.length ? { 'Set-Cookie': cookies } : {}),
    ...extra,
  });
  res.end(html);
}

function redirect(res: ServerResponse, status: number, location: string, cookies: string[] = []): void {
  res.writeHead(status, { Location: location, 'Content-Length': 0, ...(cookies.length ? { 'Set-Cookie': cookies } : {}) }).end();
}

function padFrom(url: URL): number | undefined {
  const v = url.searchParams.get('__pad');
  if (!v) return undefined;
  const m = /^(\d+)(kb|mb)?$/i.exec(v);
  if (!m) return undefined;
  const unit = m[2]?.toLowerCase() === 'mb' ? 1024 * 1024 : m[2]?.toLowerCase() === 'kb' ? 1024 : 1;
  return Math.min(Number(m[1]) * unit, 32 * 1024 * 1024);
}

export function createTiktokWebService(ctx: SandboxContext, deps: TiktokDeps): VirtualService {
  const pageContext = (req: IncomingMessage, host: string, url: URL): PageContext => ({
    mobile: isMobileUserAgent(req.headers['user-agent']),
    host: host === 'tiktok.com' ? 'www.tiktok.com' : host,
    nowMs: ctx.now(),
    anchorMs: deps.anchorMs,
    ...(req.headers['user-agent'] ? { userAgent: req.headers['user-agent'] } : {}),
    padBytes: padFrom(url) ?? deps.pagePadBytes,
  });

  function itemPage(r: SandboxRequest, itemId: string, pathKind: string, cookies: Record<string, string>, setCookies: string[]): void {
    const { req, res, url, host } = r;
    const s = findScenarioByItemId(itemId);
    const mobile = isMobileIdentity(req.headers);
    const sessionId = sessionIdOf(chainTokenOf(setCookies));
    const p: PageContext = { ...pageContext(req, host, url), mobile, ...(sessionId && { sessionId }) };
    // WAF first: the challenge page carries no rehydration data at all.
    if ((s?.tiktok.waf || deps.forceWaf) && !verifyWafCookie(deps.signer, cookies[WAF_COOKIE], ctx.now())) {
      send(res, 200, renderWafPage(deps.signer, ctx.now(), deps.wafMaxIterations));
      return;
    }
    if (s?.tiktok.loginRedirect) {
      // yt-dlp / gallery-dl: a response URL path of /login means login is required.
      redirect(res, 302, `https://www.tiktok.com/login?redirect_url=${encodeURIComponent(url.href)}&lang=en&enter_method=mandatory`, setCookies);
      return;
    }
    const story = s?.kind === 'story' || s?.tiktok.mobileOnly === true;
    if (deps.site === 'today' && !mobile) {
      // tiktok-web.md §0: a plain desktop client gets a ~1.4 KB stub; story items 404 on
      // desktop (yt-dlp #7187).
      if (story) send(res, 404, renderScopePage(p, "Couldn't find this page | TikTok", url.href.split('?')[0]!), setCookies);
      else send(res, 200, renderStubPage(p), setCookies);
      return;
    }
    if (deps.site === 'legacy-desktop' && mobile && !s?.tiktok.mobileOnly) {
      // The legacy site's mobile identity: an app shell without the item (the desktop page
      // has it), except the story only mobile identities ever got (yt-dlp #7187).
      send(res, 200, renderScopePage(p, 'TikTok - Make Your Day', url.href.split('?')[0]!), setCookies);
      return;
    }
    let statusCode = s ? s.tiktok.statusCode : 10204;
    let statusMsg = s ? (s.tiktok.statusMsg ?? '') : "item doesn't exist";
    if (s && statusCode === 0 && storyRanOut(s, deps.anchorMs, ctx.now())) {
      // The clock was moved past the story's 24 hours: gone like any expired story.
      statusCode = 10204;
      statusMsg = "item doesn't exist";
    }
    if (s?.tiktok.mobileOnly && !mobile) {
      // Legacy site: the desktop page says the story does not exist.
      statusCode = 10204;
      statusMsg = "item doesn't exist";
    }
    const opts = {
      statusCode,
      statusMsg,
      withoutDetail: s?.tiktok.layout === 'photo-canonical' && pathKind === 'photo',
      // Today's mobile pages put the item under the reflow key (tiktok-web.md §0).
      detailKey: deps.site === 'today' && mobile ? ('webapp.reflow.video.detail' as const) : ('webapp.video-detail' as const),
    };
    const html = s?.tiktok.layout === 'sigi' ? renderSigiItemPage(s, itemId, p, deps.signer, opts) : renderUniversalItemPage(s, itemId, p, deps.signer, opts);
    send(res, 200, html, setCookies);
  }

  function profilePage(r: SandboxRequest, slot: string, setCookies: string[]): void {
    send(r.res, 200, renderProfilePage(slot, pageContext(r.req, r.host, r.url)), setCookies);
  }

  function musicPage(r: SandboxRequest, musicId: string, setCookies: string[]): void {
    const p = pageContext(r.req, r.host, r.url);
    const s = SCENARIOS.find((x) => x.media.audio && numericId(`music:${x.id}`) === musicId);
    const canonical = r.url.href.split('?')[0]!;
    const detail = s
      ? {
          musicInfo: {
            music: { id: musicId, title: `original sound - ${s.username}`, playUrl: ctx.cdnUrl({ scenarioId: s.id, type: 'audio' }), authorName: s.nickname, original: true, duration: 8 },
            author: authorObject(s),
            stats: { videoCount: 1 },
          },
          statusCode: 0,
          statusMsg: '',
        }
      : { statusCode: 10203, statusMsg: 'music_not_found' };
    send(r.res, 200, renderScopePage(p, 'original sound | TikTok', canonical, { 'webapp.music-detail': detail }), setCookies);
  }

  return {
    id: 'tiktok',
    hosts: TIKTOK_WEB_HOSTS,
    control(action) {
      if (action === 'waf:on') deps.forceWaf = true;
      else if (action === 'waf:off') deps.forceWaf = false;
      else if (action === 'site:today') deps.site = 'today';
      else if (action === 'site:legacy-desktop') deps.site = 'legacy-desktop';
      else if (action === 'media:reset') Object.assign(deps.media, emptyMediaCounters());
      else if (action === 'stories:login') deps.storiesNeedLogin = true;
      else if (action === 'stories:open') deps.storiesNeedLogin = false;
      else throw new Error(`tiktok control actions: waf:on, waf:off, site:today, site:legacy-desktop, media:reset, stories:login, stories:open (got "${action}")`);
    },
    handle(r) {
      const { req, res, url, host } = r;
      const path = url.pathname;
      if (host === 'vm.tiktok.com' || host === 'vt.tiktok.com') return handleShortLink(r, path.split('/').filter(Boolean)[0] ?? '');
      if (host === 'tiktok.com') return redirect(res, 301, `https://www.tiktok.com${path}${url.search}`);
      const cookies = parseCookies(req.headers.cookie);
      const setCookies = sessionCookies(deps.signer, cookies, ctx.now());

      const short = /^\/t\/([\w-]+)\/*$/.exec(path);
      if (short) return handleShortLink(r, short[1]!);
      if (path.startsWith('/aweme/v1/play')) {
        // Listed in UrlList but broken (yt-dlp #11034): 403 without a session, 404 with one.
        res.writeHead(hasValidChainToken(deps.signer, cookies) ? 404 : 403, { 'Content-Length': 0 }).end();
        return;
      }
      if (path === '/api/story/item_list/' || path === '/api/story/item_list') {
        if (deps.storiesNeedLogin && !cookies.sessionid) {
          res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': 0 }).end();
          return;
        }
        return storyItemList(res, url, deps.signer, { nowMs: ctx.now(), anchorMs: deps.anchorMs }, isMobileUserAgent(req.headers['user-agent']));
      }
      const item = ITEM_PATH.exec(path);
      if (item) return itemPage(r, item[3]!, item[2]!, cookies, setCookies);
      const share = SHARE_PATH.exec(path);
      if (share) return itemPage(r, share[1] ?? share[2]!, 'video', cookies, setCookies);
      const old = /^\/v\/(\d+)\.html$/.exec(path);
      // Today m.tiktok.com/v/ID.html is the full mobile page (tiktok-web.md §0); it used to redirect.
      if (old && deps.site === 'today') return itemPage(r, old[1]!, 'video', cookies, setCookies);
      if (old) {
        const s = findScenarioByItemId(old[1]!);
        return redirect(res, 301, `https://www.tiktok.com/@${s?.username ?? ''}/video/${old[1]}`);
      }
      if (path === '/login' || path.startsWith('/login/')) {
        return send(res, 200, renderScopePage(pageContext(req, host, url), 'Log in | TikTok', 'https://www.tiktok.com/login'), setCookies);
      }
      const live = LIVE_PATH.exec(path);
      if (live) {
        const user = SCENARIOS.find((s) => s.username === live[1]);
        const canonical = `https://www.tiktok.com/@${live[1]}/live`;
        const detail = { statusCode: 0, liveRoomUserInfo: { user: user ? { ...authorObject(user), roomId: '' } : null, liveRoom: null } };
        return send(res, 200, renderScopePage(pageContext(req, host, url), `${live[1]} LIVE | TikTok`, canonical, { 'webapp.live-detail': detail }), setCookies);
      }
      const profile = PROFILE_PATH.exec(path);
      if (profile) return profilePage(r, profile[1]!, setCookies);
      const music = MUSIC_PATH.exec(path);
      if (music) return musicPage(r, music[1]!, setCookies);
      if (path === '/' || path === '/foryou' || path === '/explore') {
        return send(res, 200, renderScopePage(pageContext(req, host, url), 'TikTok - Make Your Day', 'https://www.tiktok.com/'), setCookies);
      }
      send(res, 404, renderScopePage(pageContext(req, host, url), "Couldn't find this page | TikTok", `https://www.tiktok.com${path}`), setCookies);
    },
  };
}

