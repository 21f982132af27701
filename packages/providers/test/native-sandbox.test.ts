/**
 * The native resolver against the sandbox's TikTok (real sockets, real HTTP client):
 * the special paths one by one, CDN downloads with and without the carried headers, the
 * engine on top, and the app-API fallback against a local imitation.
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { hintSettings } from '@tiksaver/core';
import { createHttpClient, createResolver, isTiksaverError, parseLink, refreshOnce, Resolution, saveResolution, selectItems, silentLogger, type HttpClient, type ProviderContext, type TiksaverError, type Want } from '@tiksaver/core';
import { SCENARIOS, type Scenario } from '@tiksaver/sandbox';
import { createNativeProvider, type NativeProviderSettings } from '../src/native/index.js';
import { loadPage } from '../src/native/fetch-page.js';
import { readItemPage } from '../src/native/parse.js';
import type { RouteRecord } from '../src/native/request.js';
import { DESKTOP_USER_AGENT, identityHeaders, MOBILE_USER_AGENT } from '../src/native/user-agents.js';
import { wafPage } from './native-fixtures.js';
import { openHarness, type Harness } from './helpers/sandbox-harness.js';

let h: Harness;

beforeAll(async () => {
  h = await openHarness();
});
afterAll(() => h?.close());
beforeEach(() => {
  h.sandbox.clearFaults();
  h.sandbox.log.clear();
});

function native(settings: NativeProviderSettings = {}) {
  return createNativeProvider({ now: () => h.sandbox.now(), ...settings });
}

function ctx(client: HttpClient = h.http.fork()): ProviderContext {
  return { signal: new AbortController().signal, http: client, logger: silentLogger, want: 'auto' };
}

async function resolve(id: string, settings: NativeProviderSettings = {}, link = h.sandbox.scenario(id).link) {
  return native(settings).resolve(parseLink(link), ctx());
}

async function failure(id: string, settings: NativeProviderSettings = {}): Promise<TiksaverError> {
  try {
    await resolve(id, settings);
  } catch (error) {
    if (isTiksaverError(error)) return error;
    throw error;
  }
  throw new Error(`${id} resolved`);
}

const PAGE_PATH = /\/(video|photo|story)\/|^\/v\/\d+\.html/;
const pageRequests = (sandbox = h.sandbox) => sandbox.log.all().filter((r) => (r.host === 'www.tiktok.com' || r.host === 'm.tiktok.com') && PAGE_PATH.test(r.path));

describe('native resolver on the sandbox', () => {
  it('solves the WAF challenge once and fetches the page again with the cookie', async () => {
    const result = await resolve('waf-challenge');
    expect(result.kind).toBe('video');
    const pages = pageRequests();
    expect(pages).toHaveLength(2);
    expect(pages[0]!.cookies?._wafchallengeid).toBeUndefined();
    expect(pages[1]!.cookies?._wafchallengeid).toBeTruthy();
  });

  it('gives up with BLOCKED when the challenge comes back after it was solved', async () => {
    // A local TikTok that challenges every request, solved or not.
    const server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(wafPage(42)));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    const client = createHttpClient({ hostMap: `www.tiktok.com=http://127.0.0.1:${port},m.tiktok.com=http://127.0.0.1:${port}` });
    try {
      const error = await native()
        .resolve(parseLink(h.sandbox.scenario('video-post').link), ctx(client.fork()))
        .catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'BLOCKED', detail: { waf: true } });
    } finally {
      await (client as { close?: () => Promise<void> }).close?.();
      await new Promise((r) => server.close(r));
    }
  });

  it('gets a story from the mobile share page in one request, with the mobile identity, and carries that page session', async () => {
    const s = h.sandbox.scenario('mobile-only-story');
    const detail: Record<string, unknown> = {};
    const result = await native().resolve(parseLink(s.link), { ...ctx(), detail });
    expect(result.kind).toBe('story');
    const pages = pageRequests();
    expect(pages.map((r) => `${r.host}${r.path}`)).toEqual([`m.tiktok.com/v/${s.itemId}.html`]);
    expect(String(pages[0]!.headers['user-agent'])).toMatch(/Android/);
    expect(pages[0]!.headers['sec-ch-ua-mobile']).toBe('?1');
    expect(result.items[0]!.headers).toMatchObject({ 'User-Agent': pages[0]!.headers['user-agent'], Referer: `https://m.tiktok.com/v/${s.itemId}.html` });
    for (const name of ['tt_chain_token', 'ttwid', 'msToken', 'tt_csrf_token']) expect(result.items[0]!.headers?.Cookie).toContain(`${name}=`);
    expect(detail.routes).toEqual([expect.objectContaining({ route: 'mobile-share', label: 'mobile page', held: 'data', status: 200, url: `https://m.tiktok.com/v/${s.itemId}.html` })]);
    expect(result.expiresAt).toBeTruthy();
  });

  it('moves on from a stub and a desktop 404 and records every route tried', async () => {
    const s = h.sandbox.scenario('story-video');
    // Only the desktop identity: today's TikTok gives it a 404 for the story, a stub for posts.
    const desktopOnly = (await import('../src/native/request.js')).PAGE_ROUTES.filter((r) => r.identity === 'desktop');
    const detail: Record<string, unknown> = {};
    const error = await native({ routes: desktopOnly, browserTls: false }).resolve(parseLink(s.link), { ...ctx(), detail }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'NOT_FOUND' });
    const routes = detail.routes as RouteRecord[];
    expect(routes.map((r) => [r.route, r.held])).toEqual([['www-desktop', 'not-found'], ['www-desktop-tls', 'skipped'], ['app-api', 'skipped']]);
    expect(routes[0]).toMatchObject({ status: 404 });
    expect(routes[1]!.note).toMatch(/turned off/);
    // With a transport for it (here a stand-in: the sandbox cannot see TLS), the TLS route is tried too.
    const missing = await native({ routes: desktopOnly, browserTls: async () => undefined }).resolve(parseLink(s.link), { ...ctx(), detail }).catch((e: unknown) => e);
    expect(missing).toMatchObject({ code: 'NOT_FOUND' });
    expect((detail.routes as RouteRecord[])[1]).toMatchObject({ route: 'www-desktop-tls', held: 'skipped', note: expect.stringMatching(/not available/) });
    await native({ routes: desktopOnly, browserTls: async (plain) => plain }).resolve(parseLink(s.link), { ...ctx(), detail }).catch(() => undefined);
    expect((detail.routes as RouteRecord[]).map((r) => [r.route, r.held])).toEqual([['www-desktop', 'not-found'], ['www-desktop-tls', 'not-found'], ['app-api', 'skipped']]);
    const post = await native({ routes: desktopOnly }).resolve(parseLink(h.sandbox.scenario('video-post').link), { ...ctx(), detail }).catch((e: unknown) => e);
    expect(post).toMatchObject({ code: 'BLOCKED' });
    expect((detail.routes as RouteRecord[])[0]).toMatchObject({ route: 'www-desktop', held: 'stub', status: 200 });
    expect((detail.routes as RouteRecord[])[0]!.bytes).toBeLessThan(2000);
  });

  it('reads the older SIGI_STATE layout with its flat author', async () => {
    const result = await resolve('sigi-layout');
    const s = h.sandbox.scenario('sigi-layout');
    expect(result).toMatchObject({ kind: 'video', author: { username: s.username, nickname: s.nickname }, caption: s.caption });
  });

  it('refetches the canonical /video/ page when a /photo/ page has no item', async () => {
    const s = h.sandbox.scenario('photo-canonical');
    const http = h.http.fork();
    const headers = identityHeaders('mobile', { desktop: DESKTOP_USER_AGENT, mobile: MOBILE_USER_AGENT });
    const load = (url: string) => loadPage(http, url, { headers, signal: new AbortController().signal, logger: silentLogger });
    const read = await readItemPage(await load(`https://www.tiktok.com/@${s.username}/photo/${s.itemId}`), s.itemId, load);
    expect(read.held).toBe('data');
    expect('value' in read && read.value.item.id).toBe(s.itemId);
    expect(pageRequests().map((r) => r.path.replace(/\?.*/, ''))).toEqual([`/@${s.username}/photo/${s.itemId}`, `/@${s.username}/video/${s.itemId}`]);
  });

  it('maps story expiry from each field variant', async () => {
    for (const id of ['story-video', 'story-audio', 'mobile-only-story']) {
      const s = h.sandbox.scenario(id);
      const result = await resolve(id);
      const expected = h.sandbox.now() + (s.expiresInSec ?? 0) * 1000;
      expect(Math.abs(Date.parse(result.expiresAt!) - expected)).toBeLessThan(120_000);
    }
  });

  it('prefers h264 by default and h265 when asked, never bytevc2 or www.tiktok.com URLs', async () => {
    const h264 = (await resolve('video-post')).items[0]!;
    expect(h264).toMatchObject({ type: 'video', codec: 'h264', height: 1280, watermark: false });
    const h265 = (await resolve('video-post', { codec: 'h265' })).items[0]!;
    expect(h265).toMatchObject({ codec: 'h265', height: 1920 });
    for (const url of [h264.url, ...(h264.fallbackUrls ?? [])]) {
      expect(new URL(url).hostname).not.toBe('www.tiktok.com');
    }
  });

  it('names region/IP and --proxy for 10204, and keeps the raw code of an unknown status', async () => {
    const deleted = await failure('post-deleted');
    expect(deleted).toMatchObject({ code: 'NOT_FOUND', detail: { statusCode: 10204 } });
    expect(hintSettings(deleted.hint)).toContain('proxy');
    expect(deleted.detail?.appApi).toMatch(/skipped.*app credentials/);
    const unknown = await failure('unknown-status');
    expect(unknown.detail).toMatchObject({ statusCode: 100004 });
    expect(unknown.message).toContain('100004');
  });

  it('reports the login redirect as PRIVATE and isContentClassified as AGE_RESTRICTED', async () => {
    expect((await failure('login-required')).code).toBe('PRIVATE');
    expect((await failure('age-restricted')).code).toBe('AGE_RESTRICTED');
  });

  it('reports schema drift as UPSTREAM_CHANGED naming the failing path', async () => {
    // 'tiktok' = every TikTok web host (www and m), so every route meets the drift.
    h.sandbox.setFault('tiktok', { kind: 'schema-drift' });
    const renamedInfo = await failure('video-post');
    expect(renamedInfo.code).toBe('UPSTREAM_CHANGED');
    expect(renamedInfo.message).toContain('webapp.reflow.video.detail.itemInfo.itemStruct');
    h.sandbox.clearFaults();
    h.sandbox.setFault('tiktok', { kind: 'schema-drift', value: 2 });
    const renamedFields = await failure('video-post');
    expect(renamedFields.code).toBe('UPSTREAM_CHANGED');
    expect(renamedFields.message).toMatch(/itemInfo\.itemStruct\.(author|video\.playAddr)/);
    h.sandbox.clearFaults();
    h.sandbox.setFault('tiktok', { kind: 'malformed' });
    expect((await failure('video-post')).code).toBe('UPSTREAM_CHANGED');
  });
});

describe('CDN downloads with the carried headers', () => {
  const okScenarios = SCENARIOS.filter((s) => s.expect.native.ok);
  it.each(okScenarios.map((s) => [s.id]))('%s: every item downloads with its headers; video needs them', async (id) => {
    const result = await resolve(id);
    for (const item of result.items) {
      // A fresh jar: only what the item carries may make the CDN accept the request.
      const withHeaders = await h.http.fork().request(item.url, { headers: item.headers ?? {}, okStatuses: [403] });
      const body = await withHeaders.bytes();
      expect(withHeaders.status, `${item.type} ${item.url}`).toBe(200);
      expect(body.length).toBeGreaterThan(0);
      if (item.type === 'video') {
        const bare = await h.http.fork().request(item.url, { okStatuses: [403] });
        await bare.dump();
        expect(bare.status).toBe(403);
      }
    }
  });
});

describe('saving with the core downloader', () => {
  it('saves a story clip and a photo post, falling back to the next CDN host when one fails', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tiksaver-native-'));
    try {
      const story = await resolve('story-video');
      // The first video host breaks; the item's fallback URLs still get the file.
      h.sandbox.setFault(new URL(story.items[0]!.url).hostname, { kind: 'status-500' });
      const [clip] = await saveResolution({ ...story, items: selectItems(story, 'auto') }, { http: h.http.fork(), dir });
      expect(clip!.url).not.toBe(story.items[0]!.url);
      expect((await stat(clip!.path)).size).toBeGreaterThan(1000);
      h.sandbox.clearFaults();
      const photo = await resolve('photo-post');
      const saved = await saveResolution({ ...photo, items: selectItems(photo, 'auto') }, { http: h.http.fork(), dir });
      expect(saved).toHaveLength(h.sandbox.scenario('photo-post').media.images!);
      expect(saved.every((r) => r.path.endsWith('.jpg'))).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('native through the engine', () => {
  function wantFor(s: Scenario): Want {
    const e = s.expect.native;
    return e.ok && e.media.length === 1 && e.media[0] === 'audio' ? 'audio' : 'auto';
  }

  it.each(SCENARIOS.map((s) => [s.id]))('%s: canonical and short link end as expected', async (id) => {
    const s = h.sandbox.scenario(id);
    const resolver = createResolver({ providers: [native()], http: h.http, strategy: 'sequential' });
    const expected = s.expect.native;
    for (const input of [s.link, s.shortLink]) {
      const report = await resolver.resolve(input, { want: wantFor(s) });
      if (input === s.shortLink && s.tiktok.deadShortLink) {
        // The engine sees the dead short link before any provider runs.
        expect(report.ok).toBe(false);
        expect(['NOT_FOUND', 'EXPIRED']).toContain(report.error?.code);
        expect(report.attempts.filter((a) => a.outcome === 'ok')).toEqual([]);
        continue;
      }
      if (expected.ok) {
        expect(report.ok, `${input}: ${report.error?.code} ${report.error?.message}`).toBe(true);
        expect(report.provider).toBe('native');
        expect(Resolution.parse(report.result).kind).toBe(expected.kind);
      } else {
        expect(report.ok).toBe(false);
        expect(report.error?.code, input).toBe(expected.code);
      }
    }
  });
});

describe('app-API fallback', () => {
  let api: Server;
  let apiOrigin: string;
  let apiRequests: Array<{ path: string; body: string }> = [];

  beforeAll(async () => {
    api = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        apiRequests.push({ path: req.url ?? '', body });
        if (decodeURIComponent(body).includes(h.sandbox.scenario('story-expired').itemId)) {
          res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ status_code: 0, aweme_details: [] }));
          return;
        }
        const s = h.sandbox.scenario('video-post');
        const cdn = `https://v16-webapp-prime.tiktokcdn.com/app/${s.itemId}.mp4`;
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            status_code: 0,
            aweme_details: [
              {
                aweme_id: '7400000000000000042',
                desc: 'from the app',
                create_time: Math.floor(h.sandbox.now() / 1000) - 3600,
                is_story: 1,
                author: { uid: '1', unique_id: 'app.user', nickname: 'App User' },
                video: { duration: 3000, play_addr: { url_list: [cdn], width: 576, height: 1024 }, bit_rate: [] },
                music: { title: 'x', play_url: { url_list: ['https://sf16-ies-music-va.tiktokcdn.com/obj/a.mp3?mime_type=audio_mpeg'] } },
              },
            ],
          }),
        );
      });
    });
    await new Promise<void>((r) => api.listen(0, '127.0.0.1', r));
    apiOrigin = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((r) => api.close(r));
  });

  it('is tried before a story is declared EXPIRED, and its failure is recorded', async () => {
    apiRequests = [];
    const client = createHttpClient({ hostMap: `${h.sandbox.hostMapString},api16-normal-c-useast1a.tiktokv.com=${apiOrigin}`, addressGuard: true });
    try {
      const provider = native({ appInfo: { iid: '7318518857994389254' } });
      const error = await provider.resolve(parseLink(h.sandbox.scenario('story-expired').link), ctx(client.fork())).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'EXPIRED', final: true });
      expect((error as TiksaverError).detail?.appApi).toMatch(/^failed: NOT_FOUND/);
      expect(apiRequests).toHaveLength(1);
    } finally {
      await (client as { close?: () => Promise<void> }).close?.();
    }
  });

  it('is used only with app credentials and maps the app item', async () => {
    apiRequests = [];
    const client = createHttpClient({ hostMap: `${h.sandbox.hostMapString},api16-normal-c-useast1a.tiktokv.com=${apiOrigin}`, addressGuard: true });
    try {
      const provider = native({ appInfo: { iid: '7318518857994389254' } });
      const result = await provider.resolve(parseLink(h.sandbox.scenario('post-deleted').link), ctx(client.fork()));
      expect(result).toMatchObject({ kind: 'story', id: '7400000000000000042', author: { username: 'app.user' }, caption: 'from the app' });
      expect(result.items.map((i) => i.type)).toEqual(['video', 'audio']);
      expect(apiRequests).toHaveLength(1);
      expect(apiRequests[0]!.path).toMatch(/^\/aweme\/v1\/multi\/aweme\/detail\/\?.*iid=7318518857994389254/);
      expect(decodeURIComponent(apiRequests[0]!.body)).toContain(`aweme_ids=[${h.sandbox.scenario('post-deleted').itemId}]`);
    } finally {
      await (client as { close?: () => Promise<void> }).close?.();
    }
  });
});

describe('the page session on the CDN', () => {
  it('a media 403 (stale session) re-resolves the post once, winning route first, and the save succeeds', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tiksaver-native-'));
    try {
      const provider = native();
      const s = h.sandbox.scenario('video-post');
      const first = await provider.resolve(parseLink(s.link), ctx());
      // The session the CDN knew is gone: the same URLs now answer 403.
      const stale: Resolution = { ...first, items: selectItems(first, 'auto').map((i) => ({ ...i, headers: { ...i.headers, Cookie: 'tt_chain_token=stale' } })) };
      h.sandbox.log.clear();
      let resolves = 0;
      const refresh = refreshOnce(stale, async () => {
        resolves++;
        const again = await provider.resolve(parseLink(s.link), ctx());
        return { ...again, items: selectItems(again, 'auto') };
      });
      const [saved] = await saveResolution(stale, { http: h.http.fork(), dir, refresh });
      expect((await stat(saved!.path)).size).toBeGreaterThan(1000);
      expect(resolves).toBe(1);
      expect(pageRequests().map((r) => r.host)).toEqual(['m.tiktok.com']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('every ok scenario resolves and saves with no HEAD/OPTIONS and every session-bound GET carrying its page session', async () => {
    h.sandbox.control('tiktok', 'media:reset');
    const dir = await mkdtemp(join(tmpdir(), 'tiksaver-native-'));
    try {
      for (const s of SCENARIOS.filter((x) => x.expect.native.ok)) {
        const result = await resolve(s.id);
        await saveResolution({ ...result, items: result.items }, { http: h.http.fork(), dir: join(dir, s.id) });
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    const counters = h.sandbox.mediaCounters();
    expect(counters).toMatchObject({ head: 0, options: 0, withoutPageSession: 0 });
    expect(counters.withPageSession).toBeGreaterThan(30);
  });
});
