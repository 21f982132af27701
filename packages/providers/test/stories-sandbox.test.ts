/**
 * The story listing step against the sandbox (issue 14): profile page with the mobile
 * identity, numeric author id, story list pages followed to the end; the verdicts for a
 * creator with none, a private and a missing account; the login-wanting list.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHttpClient, createResolver, silentLogger, TiksaverError } from '@tiksaver/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hintSettings, renderHint } from '@tiksaver/core';
import { createNativeProvider } from '../src/native/index.js';
import { emptyListHint, listStories, parseProfileTarget, resolveProfileTarget, randomDeviceId, readProfile, storyListUrl, type StoryContext } from '../src/stories/index.js';
import { openHarness, type Harness } from './helpers/sandbox-harness.js';

let h: Harness;
beforeAll(async () => {
  h = await openHarness();
});
afterAll(() => h.close());

async function errorOf(promise: Promise<unknown>): Promise<TiksaverError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TiksaverError) return error;
    throw error;
  }
  throw new Error('expected a TiksaverError');
}

const ctx = (): StoryContext => ({ http: h.http.fork(), signal: new AbortController().signal, logger: silentLogger });

describe('listStories', () => {
  it('lists the three live stories of @mila.travels (two clips, one photo) over two list pages', async () => {
    h.sandbox.log.clear();
    const listing = await listStories(ctx(), { username: 'mila.travels' }, { now: h.sandbox.now() });
    expect(listing.author.username).toBe('mila.travels');
    expect(listing.author.id).toMatch(/^\d{19}$/);
    expect(listing.profileSaysStory).toBe(true);
    const byId = Object.fromEntries(listing.stories.map((s) => [s.id, s]));
    expect(Object.keys(byId).sort()).toEqual(['story-video', 'story-photo', 'story-video-2'].map((id) => h.sandbox.scenario(id).itemId).sort());
    expect(byId[h.sandbox.scenario('story-photo').itemId]!.kind).toBe('photo');
    expect(byId[h.sandbox.scenario('story-video').itemId]!.kind).toBe('video');
    for (const s of listing.stories) {
      expect(s.url).toBe(`https://www.tiktok.com/@mila.travels/story/${s.id}`);
      expect(Date.parse(s.expiresAt!)).toBeGreaterThan(h.sandbox.now());
      expect(Date.parse(s.createdAt!)).toBeLessThan(h.sandbox.now());
    }
    const lists = h.sandbox.log.for('www.tiktok.com').filter((r) => r.path.startsWith('/api/story/item_list/'));
    expect(lists).toHaveLength(2);
    const first = new URL(lists[0]!.url!).searchParams;
    for (const [k, v] of Object.entries({ aid: '1988', app_name: 'tiktok_web', device_platform: 'web_pc', loadBackward: 'false', cursor: '0', count: '5', authorId: listing.author.id })) {
      expect(first.get(k), k).toBe(v);
    }
    expect(new URL(lists[1]!.url!).searchParams.get('cursor')).toBe('2');
    // The profile page was read with the mobile identity (the desktop one is a stub).
    const profile = h.sandbox.log.for('www.tiktok.com').find((r) => r.path === '/@mila.travels')!;
    expect(String(profile.headers['user-agent'])).toMatch(/Mobile/);
  });

  it('reads the profile page through the native page routes, mobile first, and records them', async () => {
    const listing = await listStories(ctx(), { username: 'mila.travels' });
    // m.tiktok.com's share page has no profile form, so the first route tried is www with the mobile identity.
    expect(listing.routes?.map((r) => [r.route, r.held])).toEqual([['www-mobile', 'data']]);
    expect(listing.routes![0]!.url).toBe('https://www.tiktok.com/@mila.travels');
  });

  it('takes a secUid in the @ slot', async () => {
    const byName = await listStories(ctx(), { username: 'mila.travels' });
    const bySecUid = await listStories(ctx(), { secUid: byName.author.secUid! });
    expect(bySecUid.author.username).toBe('mila.travels');
    expect(bySecUid.stories).toHaveLength(3);
  });

  it('gives an empty list for a creator with no story now', async () => {
    const listing = await listStories(ctx(), { username: 'ana.sketches' });
    expect(listing.stories).toEqual([]);
    expect(listing.profileSaysStory).toBe(false);
  });

  it('asks the list again as mobile web when the profile says there is a story but the desktop list has none', async () => {
    h.sandbox.log.clear();
    const listing = await listStories(ctx(), { username: 'jun.bakes' });
    expect(listing.stories.map((s) => s.id)).toEqual([h.sandbox.scenario('mobile-only-story').itemId]);
    const lists = h.sandbox.log.for('www.tiktok.com').filter((r) => r.path.startsWith('/api/story/item_list/'));
    expect(lists.map((r) => new URL(r.url!).searchParams.get('device_platform'))).toEqual(['web_pc', 'web_mobile']);
    expect(String(lists[1]!.headers['user-agent'])).toMatch(/Mobile/);
    expect(emptyListHint(listing)).toBeUndefined();
    const empty = emptyListHint({ ...listing, stories: [] })!;
    expect(renderHint(empty, (setting) => setting)).toMatch(/signed-in viewer.*cookiesFile/);
    expect(hintSettings(empty)).toEqual(['cookiesFile']);
  });

  it('says PRIVATE for a private account and NOT_FOUND for a missing one', async () => {
    expect((await errorOf(listStories(ctx(), { username: 'closed.circle' }))).code).toBe('PRIVATE');
    expect((await errorOf(listStories(ctx(), { username: 'nobody.here.at.all' }))).code).toBe('NOT_FOUND');
  });

  it('explains --cookies when TikTok wants a signed-in viewer for the list', async () => {
    h.sandbox.control('tiktok', 'stories:login');
    try {
      const error = await errorOf(listStories(ctx(), { username: 'mila.travels' }));
      expect(error.code).toBe('BLOCKED');
      expect(hintSettings(error.hint)).toEqual(['cookiesFile']);
      const signedIn = ctx();
      await signedIn.http.cookies.setCookie('sessionid=abc123; Domain=.tiktok.com; Path=/; Secure', 'https://www.tiktok.com/');
      expect((await listStories(signedIn, { username: 'mila.travels' })).stories).toHaveLength(3);
    } finally {
      h.sandbox.control('tiktok', 'stories:open');
    }
  });

  it('resolves every listed story by id through the normal engine', async () => {
    const resolver = createResolver({ providers: [createNativeProvider()], http: h.http });
    const listing = await listStories(ctx(), { username: 'mila.travels' });
    for (const s of listing.stories) {
      const report = await resolver.resolve(s.url);
      expect(report.ok, s.id).toBe(true);
      expect(report.result!.kind).toBe('story');
      expect(report.result!.id).toBe(s.id);
    }
  });
});

describe('profile targets', () => {
  it('takes @name, a bare name, a profile link and a short link that opens a profile', async () => {
    expect(parseProfileTarget('@mila.travels')).toEqual({ username: 'mila.travels' });
    expect(parseProfileTarget('mila.travels')).toEqual({ username: 'mila.travels' });
    expect(parseProfileTarget('https://www.tiktok.com/@mila.travels?lang=en')).toEqual({ username: 'mila.travels' });
    expect(() => parseProfileTarget(h.sandbox.scenario('video-post').link)).toThrow(/not from a video link/);
    const server = createServer((_req, res) => res.writeHead(301, { Location: 'https://www.tiktok.com/@mila.travels?_t=x&_r=1' }).end());
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const http = createHttpClient({ hostMap: `vm.tiktok.com=http://127.0.0.1:${(server.address() as AddressInfo).port}` });
      await expect(resolveProfileTarget('https://vm.tiktok.com/ZMprof1le/', http)).resolves.toEqual({ username: 'mila.travels' });
    } finally {
      server.close();
    }
  });
});

describe('story list parameters', () => {
  it('draws device_id from 7250000000000000000-7325099899999994577', () => {
    for (let i = 0; i < 200; i++) {
      const id = BigInt(randomDeviceId());
      expect(id >= 7250000000000000000n && id <= 7325099899999994577n).toBe(true);
    }
  });

  it('builds the web_pc query', () => {
    const q = new URL(storyListUrl('https://www.tiktok.com', '123', '0', '7260000000000000000', 'verify_x')).searchParams;
    expect(q.get('device_id')).toBe('7260000000000000000');
    expect(q.get('verifyFp')).toBe('verify_x');
  });

  it('reads SIGI-era profile pages (UserModule) and a reflow-named scope', () => {
    const sigi = `<script id="SIGI_STATE" type="application/json">${JSON.stringify({ UserModule: { users: { old: { id: '6800000000000000042', uniqueId: 'old', secUid: 'MS4wLjABAAAAxyz' } } }, UserPage: { statusCode: 0 } })}</script>`;
    expect(readProfile({ html: sigi, pageUrl: 'https://www.tiktok.com/@old', finalUrl: 'https://www.tiktok.com/@old' }, 'old')).toMatchObject({ id: '6800000000000000042', username: 'old' });
    const reflow = `<script id="__UNIVERSAL_DATA_FOR_REHYDRATION__" type="application/json">${JSON.stringify({ __DEFAULT_SCOPE__: { 'webapp.reflow.user-detail': { statusCode: 0, userInfo: { user: { id: '6800000000000000043', uniqueId: 'r', userStoryStatus: 1 } } } } })}</script>`;
    expect(readProfile({ html: reflow, pageUrl: 'u', finalUrl: 'https://www.tiktok.com/@r' }, 'r')).toMatchObject({ id: '6800000000000000043', hasStory: true });
    const stub = '<html><body>' + 'x'.repeat(1400) + '</body></html>';
    expect(() => readProfile({ html: stub, pageUrl: 'u', finalUrl: 'https://www.tiktok.com/@r' }, 'r')).toThrow(/no data/);
  });
});
