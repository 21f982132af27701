/**
 * HTML pages of www.tiktok.com: the current layout with
 * `<script id="__UNIVERSAL_DATA_FOR_REHYDRATION__" type="application/json">` holding
 * `__DEFAULT_SCOPE__` (webapp.app-context, webapp.biz-context, seo.abtest,
 * webapp.video-detail / webapp.user-detail), and the older `SIGI_STATE` layout
 * (ItemModule[id], UserModule.users). tiktok-web.md §2 and §4.
 */
import { createHash } from 'node:crypto';
import { getScenario } from '../scenarios.js';
import { Signer } from '../signing.js';
import type { Scenario } from '../types.js';
import { authorObject, buildItemStruct } from './item.js';

export interface PageContext {
  mobile: boolean;
  host: string;
  nowMs: number;
  /** Sandbox start (item times are fixed relative to it). */
  anchorMs?: number;
  userAgent?: string;
  /** Pad the page with realistic markup and scripts up to about this many bytes. */
  padBytes?: number;
  /** Page session the media URLs are bound to (see cdnUrls). */
  sessionId?: string;
}

function appContext(p: PageContext) {
  const rid = createHash('sha1').update(String(p.nowMs)).digest('hex').slice(0, 32).toUpperCase();
  return {
    language: 'en',
    region: 'US',
    appId: 1233,
    appType: p.mobile ? 'm' : 'pc',
    user: {},
    wid: '7441' + rid.replace(/\D/g, '').padEnd(15, '7').slice(0, 15),
    odinId: '',
    nonce: rid.slice(0, 16).toLowerCase(),
    botType: 'others',
    requestId: `${new Date(p.nowMs).toISOString().replace(/\D/g, '').slice(0, 14)}${rid.slice(0, 18)}`,
    clusterRegion: 'US_TTP',
    abTestVersion: { versionName: '69.0.1', parameters: {}, abTestApp: { parameters: {} } },
    csrfToken: '',
    userAgent: p.userAgent ?? '',
    encryptedWebid: '',
    host: p.host,
  };
}

function bizContext(p: PageContext) {
  return {
    os: p.mobile ? 'android' : 'windows',
    isMobile: p.mobile,
    isAndroid: p.mobile,
    isIOS: false,
    jumpType: p.mobile ? 'm' : '',
    navList: [{ title: 'For You', href: '/foryou' }, { title: 'Explore', href: '/explore' }, { title: 'Following', href: '/following' }, { title: 'LIVE', href: '/live' }],
    kapLinks: [],
    config: { featureFlags: { enable_story: true } },
  };
}

export function seoAbtest(canonical: string, pageId: string) {
  return { canonical, pageId, vidList: [], parameters: {} };
}

export function itemCanonical(s: Scenario): string {
  return `https://www.tiktok.com/@${s.username}/${s.kind === 'photo' ? 'photo' : 'video'}/${s.itemId}`;
}

/** JSON safe inside a script element. */
const scriptJson = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');

/** Realistic filler (CSS-in-JS rules and deferred chunk scripts) up to `bytes`. */
function padding(bytes: number): string {
  if (!bytes || bytes <= 0) return '';
  const rule = (i: number) =>
    `.css-${i.toString(36)}a7f-DivItemContainer{display:flex;position:relative;flex-direction:column;width:100%;padding-top:${i % 40}px;box-sizing:border-box;}`;
  const parts: string[] = ['<style data-emotion="tiktok" data-s="">'];
  let size = parts[0]!.length;
  let i = 0;
  while (size < bytes * 0.7) {
    const r = rule(i++);
    parts.push(r);
    size += r.length;
  }
  parts.push('</style>');
  let j = 0;
  while (size < bytes) {
    const s = `<script src="https://sf16-website-login.neutral.ttwstatic.com/obj/tiktok_web_login_static/tiktok/webapp/main/webapp-desktop/${(j * 7919).toString(16)}.${(j * 104729).toString(36)}.js" crossorigin="anonymous" defer></script>\n`;
    parts.push(s);
    size += s.length;
    j++;
  }
  return parts.join('');
}

function htmlShell(p: PageContext, title: string, canonical: string, dataScript: string): string {
  const head =
    `<!DOCTYPE html><html lang="en"><head><meta charSet="UTF-8"/><meta name="viewport" content="width=device-width,initial-scale=1"/>` +
    `<title>${title}</title><meta name="description" content="${title}"/><link rel="canonical" href="${canonical}"/>` +
    `<meta property="og:url" content="${canonical}"/><meta property="og:site_name" content="TikTok"/>` +
    `<link rel="preconnect" href="https://sf16-website-login.neutral.ttwstatic.com"/>` +
    `<script nonce="x" id="__LOADABLE_REQUIRED_CHUNKS__" type="application/json">{"chunks":["webapp-desktop/${p.mobile ? 'mobile' : 'video'}"]}</script></head>`;
  const body =
    `<body><div id="app"><div class="css-1x9k2z8-DivBodyContainer e1irlpdw0"><div id="main-content-video_detail"></div></div></div>` +
    dataScript +
    `<script src="https://sf16-website-login.neutral.ttwstatic.com/obj/tiktok_web_login_static/tiktok/webapp/main/webapp-desktop/npm-async-bundle.js" crossorigin="anonymous" async></script>` +
    padding((p.padBytes ?? 0) - head.length - dataScript.length) +
    `</body></html>`;
  return head + body;
}

export function universalScript(scope: Record<string, unknown>): string {
  return `<script id="__UNIVERSAL_DATA_FOR_REHYDRATION__" type="application/json">${scriptJson({ __DEFAULT_SCOPE__: scope })}</script>`;
}

/** A page with only the app context (home, login, unknown pages) plus optional extra scope keys. */
export function renderScopePage(p: PageContext, title: string, canonical: string, extra: Record<string, unknown> = {}): string {
  const scope = {
    'webapp.app-context': appContext(p),
    'webapp.biz-context': bizContext(p),
    'seo.abtest': seoAbtest(canonical, ''),
    ...extra,
  };
  return htmlShell(p, title, canonical, universalScript(scope));
}

/** webapp.video-detail for a scenario as the current page carries it. */
export function videoDetail(s: Scenario | undefined, statusCode: number, statusMsg: string, p: PageContext, signer: Signer) {
  if (!s || statusCode !== 0) return { statusCode, statusMsg, needFix: false };
  const itemStruct = buildItemStruct(s, { signer, nowMs: p.nowMs, ...itemTimes(p) });
  return { itemInfo: { itemStruct }, shareMeta: { title: `${s.nickname} on TikTok`, desc: s.caption }, statusCode: 0, statusMsg: '', needFix: true };
}

const itemTimes = (p: PageContext) => ({ ...(p.anchorMs ? { anchorMs: p.anchorMs } : {}), ...(p.sessionId ? { sessionId: p.sessionId } : {}) });

export interface ItemPageOptions {
  /** Universal layout only: omit webapp.video-detail (the /photo/ page of a photo-canonical scenario). */
  withoutDetail?: boolean;
  /**
   * Scope key of the item: 'webapp.video-detail' (desktop) or 'webapp.reflow.video.detail',
   * where today's mobile pages put it (tiktok-web.md §0).
   */
  detailKey?: 'webapp.video-detail' | 'webapp.reflow.video.detail';
  statusCode: number;
  statusMsg: string;
}

export function renderUniversalItemPage(s: Scenario | undefined, itemId: string, p: PageContext, signer: Signer, o: ItemPageOptions): string {
  const canonical = s ? itemCanonical(s) : `https://www.tiktok.com/@/video/${itemId}`;
  const scope: Record<string, unknown> = {
    'webapp.app-context': appContext(p),
    'webapp.biz-context': bizContext(p),
    'seo.abtest': seoAbtest(canonical, itemId),
  };
  if (!o.withoutDetail) scope[o.detailKey ?? 'webapp.video-detail'] = videoDetail(s, o.statusCode, o.statusMsg, p, signer);
  const title = s && o.statusCode === 0 ? `${s.caption || 'TikTok'} | TikTok` : 'TikTok - Make Your Day';
  return htmlShell(p, title, canonical, universalScript(scope));
}

/** The older SIGI_STATE layout: item at ItemModule[id] (flat author), user at UserModule.users[uniqueId]. */
export function renderSigiItemPage(s: Scenario | undefined, itemId: string, p: PageContext, signer: Signer, o: ItemPageOptions): string {
  const canonical = s ? itemCanonical(s) : `https://www.tiktok.com/@/video/${itemId}`;
  const ok = s && o.statusCode === 0;
  const item = ok ? buildItemStruct(s, { signer, nowMs: p.nowMs, ...itemTimes(p), flat: true }) : undefined;
  const state = {
    AppContext: { appContext: appContext(p), initialized: true },
    SEOState: { canonical, metaParams: { title: s?.caption ?? 'TikTok' } },
    SharingMetaState: { value: { 'og:url': canonical } },
    ItemModule: item ? { [itemId]: item } : {},
    ItemList: { video: { list: item ? [itemId] : [], browserList: item ? [itemId] : [] } },
    UserModule: { users: ok ? { [s.username]: authorObject(s) } : {}, stats: {} },
    VideoPage: { statusCode: o.statusCode, statusMsg: o.statusMsg },
  };
  const script = `<script id="SIGI_STATE" type="application/json">${scriptJson(state)}</script>`;
  return htmlShell(p, ok ? `${s.caption} | TikTok` : 'TikTok', canonical, script);
}

/**
 * What a plain (non-browser) client gets for a desktop item page today: HTTP 200, about
 * 1.4 KB, no rehydration data, no SIGI_STATE (tiktok-web.md §0, "Desktop page without a
 * browser TLS fingerprint: a stub").
 */
export function renderStubPage(p: PageContext): string {
  const chunks = ['vendor', 'app', 'runtime', 'webapp-desktop/index'];
  const scripts = chunks
    .map((c, i) => `<script src="https://sf16-website-login.neutral.ttwstatic.com/obj/tiktok_web_login_static/tiktok/webapp/main/${c}.${(i * 7919 + 4096).toString(16)}.js" crossorigin="anonymous" defer></script>`)
    .join('');
  return (
    `<!DOCTYPE html><html lang="en"><head><meta charSet="UTF-8"/><meta name="viewport" content="width=device-width,initial-scale=1"/>` +
    `<title>TikTok - Make Your Day</title><meta name="description" content="TikTok - trends start here."/>` +
    `<link rel="preconnect" href="https://sf16-website-login.neutral.ttwstatic.com"/><link rel="icon" href="https://www.tiktok.com/favicon.ico"/>` +
    `${scripts}</head><body><div id="app"></div><noscript>You need to enable JavaScript to run this app.</noscript>` +
    `<!-- ${p.host} --></body></html>`
  );
}

export interface RenderItemPageOptions {
  padBytes?: number;
  mobile?: boolean;
  nowMs?: number;
  signer?: Signer;
  /** Scope key of the item (universal layout); default: the reflow key for mobile pages. */
  detailKey?: ItemPageOptions['detailKey'];
}

/**
 * A complete item page for a scenario, outside any server (benchmarks, parser tests).
 * Media URLs are signed with a throwaway key, so they only work on a sandbox when you
 * pass that sandbox's pages instead.
 */
export function renderItemPage(scenario: Scenario | string, options: RenderItemPageOptions = {}): string {
  const s = typeof scenario === 'string' ? getScenario(scenario) : scenario;
  const p: PageContext = { mobile: options.mobile ?? false, host: 'www.tiktok.com', nowMs: options.nowMs ?? Date.now(), ...(options.padBytes ? { padBytes: options.padBytes } : {}) };
  const render = s.tiktok.layout === 'sigi' ? renderSigiItemPage : renderUniversalItemPage;
  const detailKey = options.detailKey ?? (p.mobile ? 'webapp.reflow.video.detail' : 'webapp.video-detail');
  return render(s, s.itemId, p, options.signer ?? new Signer(), { statusCode: s.tiktok.statusCode, statusMsg: s.tiktok.statusMsg ?? '', detailKey });
}
