/**
 * The native resolver on the sandbox's legacy desktop-data site (`tiktokSite:
 * 'legacy-desktop'`): the desktop page carries `webapp.video-detail` (or SIGI_STATE) and
 * mobile identities get an app shell, so the desktop route is the one that resolves. The
 * behaviour the resolver was first written against stays tested here.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createResolver, isTiksaverError, parseLink, Resolution, type TiksaverError } from '@tiksaver/core';
import { SCENARIOS } from '@tiksaver/sandbox';
import { createNativeProvider } from '../src/native/index.js';
import type { RouteRecord } from '../src/native/request.js';
import { DESKTOP_USER_AGENT } from '../src/native/user-agents.js';
import { openHarness, type Harness } from './helpers/sandbox-harness.js';

let h: Harness;

beforeAll(async () => {
  h = await openHarness({ tiktokSite: 'legacy-desktop' });
});
afterAll(() => h?.close());
beforeEach(() => {
  h.sandbox.clearFaults();
  h.sandbox.log.clear();
});

const native = () => createNativeProvider({ now: () => h.sandbox.now() });

async function resolveWithDetail(id: string) {
  const detail: Record<string, unknown> = {};
  const result = await native().resolve(parseLink(h.sandbox.scenario(id).link), { ...h.ctx(), detail });
  return { result, routes: detail.routes as RouteRecord[] };
}

async function failure(id: string): Promise<TiksaverError> {
  const error = await native()
    .resolve(parseLink(h.sandbox.scenario(id).link), h.ctx())
    .then(() => undefined, (e: unknown) => e);
  if (isTiksaverError(error)) return error;
  throw new Error(`${id} resolved`);
}

const wwwPages = () => h.sandbox.log.for('www.tiktok.com').filter((r) => /\/(video|photo|story)\//.test(r.path));

describe('native on the legacy desktop-data site', () => {
  it('resolves through the desktop route after the mobile routes held no item, and carries the desktop session', async () => {
    const s = h.sandbox.scenario('video-post');
    const { result, routes } = await resolveWithDetail('video-post');
    expect(routes.map((r) => [r.route, r.held])).toEqual([
      ['mobile-share', 'stub'],
      ['www-mobile', 'stub'],
      ['www-desktop', 'data'],
    ]);
    expect(routes[2]).toMatchObject({ label: 'desktop page', status: 200, note: 'item in webapp.video-detail' });
    expect(result.items[0]!.headers).toMatchObject({ 'User-Agent': DESKTOP_USER_AGENT, Referer: `https://www.tiktok.com/@_/video/${s.itemId}` });
    expect(result.items[0]!.headers?.Cookie).toContain('tt_chain_token=');
  });

  it('asks the route that won first when the same post is resolved again (the re-resolve after a media 403)', async () => {
    const provider = native();
    const link = parseLink(h.sandbox.scenario('photo-post').link);
    const first: Record<string, unknown> = {};
    await provider.resolve(link, { ...h.ctx(), detail: first });
    expect((first.routes as RouteRecord[]).map((r) => r.route)).toEqual(['mobile-share', 'www-mobile', 'www-desktop']);
    const again: Record<string, unknown> = {};
    await provider.resolve(link, { ...h.ctx(), detail: again });
    expect((again.routes as RouteRecord[]).map((r) => [r.route, r.held])).toEqual([['www-desktop', 'data']]);
  });

  it('solves the WAF challenge once and fetches the page again with the cookie', async () => {
    const result = await native().resolve(parseLink(h.sandbox.scenario('waf-challenge').link), h.ctx());
    expect(result.kind).toBe('video');
    const desktop = wwwPages().filter((r) => r.headers['user-agent'] === DESKTOP_USER_AGENT);
    expect(desktop.length).toBeGreaterThanOrEqual(1);
    expect(desktop.at(-1)!.cookies?._wafchallengeid).toBeTruthy();
    expect(wwwPages()[0]!.cookies?._wafchallengeid).toBeUndefined();
  });

  it('reads the older SIGI_STATE layout with its flat author', async () => {
    const s = h.sandbox.scenario('sigi-layout');
    const { result, routes } = await resolveWithDetail('sigi-layout');
    expect(result).toMatchObject({ kind: 'video', author: { username: s.username, nickname: s.nickname }, caption: s.caption });
    expect(routes.at(-1)).toMatchObject({ route: 'www-desktop', note: 'item in ItemModule' });
  });

  it('reports schema drift as UPSTREAM_CHANGED naming the failing path', async () => {
    h.sandbox.setFault('www.tiktok.com', { kind: 'schema-drift' });
    const renamedInfo = await failure('video-post');
    expect(renamedInfo.code).toBe('UPSTREAM_CHANGED');
    expect(renamedInfo.message).toContain('webapp.video-detail.itemInfo.itemStruct');
    h.sandbox.clearFaults();
    h.sandbox.setFault('www.tiktok.com', { kind: 'schema-drift', value: 2 });
    const renamedFields = await failure('video-post');
    expect(renamedFields.code).toBe('UPSTREAM_CHANGED');
    expect(renamedFields.message).toMatch(/itemInfo\.itemStruct\.(author|video\.playAddr)/);
    h.sandbox.clearFaults();
    h.sandbox.setFault('www.tiktok.com', { kind: 'malformed' });
    expect((await failure('video-post')).code).toBe('UPSTREAM_CHANGED');
  });

  it.each(SCENARIOS.map((s) => [s.id]))('%s: ends as the catalogue expects, data from the desktop route', async (id) => {
    const s = h.sandbox.scenario(id);
    const resolver = createResolver({ providers: [native()], http: h.http, strategy: 'sequential' });
    const e = s.expect.native;
    const want = e.ok && e.media.length === 1 && e.media[0] === 'audio' ? 'audio' : 'auto';
    const report = await resolver.resolve(s.link, { want });
    if (e.ok) {
      expect(report.ok, `${report.error?.code} ${report.error?.message}`).toBe(true);
      expect(Resolution.parse(report.result).kind).toBe(e.kind);
      const routes = report.attempts[0]!.detail?.routes as RouteRecord[];
      // The one story the legacy site showed only to mobile identities comes from a mobile route.
      expect(routes.at(-1)).toMatchObject({ route: s.tiktok.mobileOnly ? 'mobile-share' : 'www-desktop', held: 'data' });
    } else {
      expect(report.error?.code).toBe(e.code);
    }
  });
});
