/**
 * Every scenario's short link and page, over real sockets, checked against a zod schema of
 * the documented rehydration shape (tiktok-web.md §2), on the legacy desktop-data site
 * where the desktop page carries `webapp.video-detail`. Today's site (stub, reflow scope,
 * share page) is tiktok-today.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { DEAD_LINK_LOCATION, renderItemPage, SCENARIOS, shortLinkTarget, solveWafPage, startSandbox, type Sandbox, type Scenario } from '../src/index.js';
import { cookieHeader, fetchVia, MOBILE_UA, rehydration } from './helpers.js';

const Url = z.string().regex(/^https:\/\//);
const PlayAddr = z.object({
  UrlList: z.array(Url).min(3),
  UrlKey: z.string().regex(/^v[^_]+_(h264|bytevc1|bytevc2)_\d+p_\d+$/),
  DataSize: z.number().int().positive(),
  Width: z.number().int(),
  Height: z.number().int(),
  Uri: z.string(),
});
const BitrateInfo = z.object({ GearName: z.string(), Bitrate: z.number(), CodecType: z.string(), PlayAddr });
const Author = z.object({ id: z.string().regex(/^\d+$/), uniqueId: z.string(), nickname: z.string(), secUid: z.string(), avatarThumb: Url });
const Video = z.object({
  playAddr: z.union([z.string(), z.array(z.object({ src: Url }))]),
  downloadAddr: z.string(),
  width: z.number(),
  height: z.number(),
  duration: z.number(),
  cover: Url,
  bitrateInfo: z.array(BitrateInfo).optional(),
});
const Music = z.object({
  id: z.string(),
  title: z.string(),
  authorName: z.string(),
  duration: z.number(),
  playUrl: z.string().includes('mime_type=audio_mpeg').optional(),
});
const Image = z.object({ imageURL: z.object({ urlList: z.array(Url).min(1) }), imageWidth: z.number(), imageHeight: z.number() });
const ItemStruct = z.object({
  id: z.string().regex(/^\d{19}$/),
  desc: z.string(),
  createTime: z.union([z.number().int(), z.string().regex(/^\d+$/)]),
  author: z.union([Author, z.string()]),
  stats: z.object({ playCount: z.number(), diggCount: z.number(), shareCount: z.number(), commentCount: z.number(), collectCount: z.number() }),
  statsV2: z.record(z.string(), z.string()),
  music: Music,
  video: Video.optional(),
  imagePost: z.object({ images: z.array(Image) }).optional(),
  isContentClassified: z.boolean().optional(),
});
const Scope = z.object({
  'webapp.app-context': z.object({ appType: z.enum(['pc', 'm']), language: z.string(), region: z.string() }),
  'seo.abtest': z.object({ canonical: Url, pageId: z.string(), vidList: z.array(z.unknown()) }),
  'webapp.video-detail': z
    .object({ statusCode: z.number().int(), statusMsg: z.string(), itemInfo: z.object({ itemStruct: ItemStruct }).optional() })
    .optional(),
});

let sb: Sandbox;
/** Profile pages carry data for the mobile identity only (the desktop gets the stub). */
const mobile = { headers: { 'user-agent': MOBILE_UA } };
beforeAll(async () => {
  sb = await startSandbox({ tiktokSite: 'legacy-desktop' });
});
afterAll(() => sb.close());

/** Fetches a page, solving the WAF challenge the way yt-dlp/gallery-dl do. */
async function page(url: string, headers: Record<string, string> = {}) {
  let reply = await fetchVia(sb, url, { headers });
  if (reply.text.includes('Please wait...') && reply.text.includes('id="cs"')) {
    const solved = solveWafPage(reply.text);
    expect(solved?.name).toBe('_wafchallengeid');
    reply = await fetchVia(sb, url, { headers: { ...headers, cookie: `${solved!.name}=${solved!.value}` } });
  }
  return reply;
}

const okScenarios = SCENARIOS.filter((s) => s.tiktok.statusCode === 0 && !s.tiktok.loginRedirect && !s.tiktok.ageRestricted);

describe('short links', () => {
  it.each(SCENARIOS.map((s) => [s.id, s] as const))('%s: redirects like vm/vt/t links do', async (_id, s: Scenario) => {
    const reply = await fetchVia(sb, s.shortLink);
    expect([301, 302]).toContain(reply.status);
    const location = String(reply.headers.location);
    const target = shortLinkTarget(s);
    if (!target) {
      expect(location).toBe(DEAD_LINK_LOCATION);
      expect(location.length).toBeLessThanOrEqual(28);
    } else {
      expect(location.startsWith(`${target}?_t=`)).toBe(true);
      expect(location).toMatch(/&_r=1$/);
    }
    // cobalt reads the body: it starts with <a href="https://
    expect(reply.text.startsWith('<a href="https://')).toBe(true);
  });

  it('answers HEAD (yt-dlp resolves with HEAD + facebookexternalhit)', async () => {
    const s = sb.scenario('video-post');
    const reply = await fetchVia(sb, s.shortLink, { method: 'HEAD', headers: { 'user-agent': 'facebookexternalhit/1.1' } });
    expect(reply.headers.location).toContain(`/video/${s.itemId}`);
    expect(reply.body.length).toBe(0);
  });

  it('gives a Discordbot no Location', async () => {
    const reply = await fetchVia(sb, sb.scenario('video-post').shortLink, { headers: { 'user-agent': 'Mozilla/5.0 (compatible; Discordbot/2.0; +https://discordapp.com)' } });
    expect(reply.headers.location).toBeUndefined();
  });

  it('sends unknown codes to the home page', async () => {
    const reply = await fetchVia(sb, 'https://vm.tiktok.com/ZZZnope00/');
    expect(reply.headers.location).toBe(DEAD_LINK_LOCATION);
  });

  it('points story links at /story/ or /video/ per scenario', async () => {
    const photo = await fetchVia(sb, sb.scenario('story-photo').shortLink);
    expect(photo.headers.location).toContain('/story/');
    const clip = await fetchVia(sb, sb.scenario('story-video').shortLink);
    expect(clip.headers.location).toContain('/video/');
  });
});

describe('item pages', () => {
  it.each(okScenarios.map((s) => [s.id, s] as const))('%s: page carries the documented item shape', async (_id, s: Scenario) => {
    const headers: Record<string, string> = s.tiktok.mobileOnly ? { 'user-agent': MOBILE_UA } : {};
    for (const user of ['_', 'i', '', s.username]) {
      const reply = await page(`https://www.tiktok.com/@${user}/video/${s.itemId}`, headers);
      expect(reply.status).toBe(200);
      expect(String(reply.headers['set-cookie'])).toContain('tt_chain_token=');
      let item: z.infer<typeof ItemStruct>;
      if (s.tiktok.layout === 'sigi') {
        const m = /<script id="SIGI_STATE" type="application\/json">([\s\S]*?)<\/script>/.exec(reply.text);
        const state = JSON.parse(m![1]!);
        expect(reply.text).not.toContain('__UNIVERSAL_DATA_FOR_REHYDRATION__');
        item = ItemStruct.parse(state.ItemModule[s.itemId]);
        expect(state.UserModule.users[s.username].uniqueId).toBe(s.username);
      } else {
        const scope = Scope.parse(rehydration(reply.text));
        const detail = scope['webapp.video-detail']!;
        expect(detail.statusCode).toBe(0);
        item = detail.itemInfo!.itemStruct;
        expect(scope['seo.abtest'].pageId).toBe(s.itemId);
        expect(scope['webapp.app-context'].appType).toBe(s.tiktok.mobileOnly ? 'm' : 'pc');
      }
      expect(item.id).toBe(s.itemId);
      expect(item.desc).toBe(s.caption);
      expect(item.video).toBeDefined();
      if (s.media.video) {
        expect(item.video!.duration).toBeGreaterThan(0);
        if (!s.tiktok.variants?.noBitrateInfo) {
          const codecs = item.video!.bitrateInfo!.map((b) => b.PlayAddr.UrlKey.split('_').at(-3));
          expect(codecs).toEqual(expect.arrayContaining(['h264', 'bytevc1', 'bytevc2']));
          expect(item.video!.bitrateInfo!.some((b) => b.CodecType.includes('h265'))).toBe(true);
          for (const b of item.video!.bitrateInfo!) {
            expect(b.PlayAddr.UrlList.some((u) => u.includes('tiktokcdn.com/'))).toBe(true);
            expect(b.PlayAddr.UrlList.some((u) => u.includes('tiktokcdn-us.com/'))).toBe(true);
            expect(b.PlayAddr.UrlList.at(-1)).toMatch(/^https:\/\/www\.tiktok\.com\/aweme\/v1\/play\//);
          }
        }
      } else {
        expect(item.video!.duration).toBe(0);
        expect(item.video!.playAddr).toBe('');
      }
      expect(item.imagePost?.images.length ?? 0).toBe(s.media.images ?? 0);
      expect(!!item.music.playUrl).toBe(!!s.media.audio);
    }
  });

  it('follows the legacy variants: playAddr list, string createTime, flat author', async () => {
    const s = sb.scenario('legacy-fields');
    const item = rehydration((await page(s.link)).text)['webapp.video-detail'].itemInfo.itemStruct;
    expect(Array.isArray(item.video.playAddr)).toBe(true);
    expect(item.video.playAddr[0].src).toMatch(/^https:\/\//);
    expect(typeof item.createTime).toBe('string');
    expect(item.author).toBe(s.username);
    expect(item.authorId).toMatch(/^\d{19}$/);
    expect(item.authorSecId).toMatch(/^MS4wLjABAAAA/);
  });

  it('orders image URLs .jpeg first by default and .webp first in the variant', async () => {
    const normal = rehydration((await page(sb.scenario('photo-post').link)).text)['webapp.video-detail'].itemInfo.itemStruct;
    expect(normal.imagePost.images[0].imageURL.urlList[0]).toContain('.jpeg?');
    expect(normal.imagePost.images[0].imageURL.urlList.some((u: string) => u.includes('.webp?'))).toBe(true);
    const webp = rehydration((await page(sb.scenario('photo-webp-first').link)).text)['webapp.video-detail'].itemInfo.itemStruct;
    expect(webp.imagePost.images[0].imageURL.urlList[0]).toContain('.webp?');
    expect(webp.imagePost.images[0].imageURL.urlList.some((u: string) => u.includes('.jpeg?'))).toBe(true);
  });

  it('carries story expiry in story.ExpiredAt (ms) or the expiredAt / storyExpiredAt fallbacks', async () => {
    const now = sb.now();
    const clip = rehydration((await page(sb.scenario('story-video').link)).text)['webapp.video-detail'].itemInfo.itemStruct;
    expect(clip.story.ExpiredAt).toBeGreaterThan(now + 17 * 3600_000);
    expect(clip.story.ExpiredAt).toBeLessThan(now + 19 * 3600_000);
    expect(clip.is_story).toBe(1);
    expect(clip.story.ExpiredAt).toBe((clip.createTime + 86400) * 1000);
    const audio = rehydration((await page(sb.scenario('story-audio').link)).text)['webapp.video-detail'].itemInfo.itemStruct;
    expect(audio.expiredAt).toBeGreaterThan(now);
    const mobile = rehydration((await page(sb.scenario('mobile-only-story').link, { 'user-agent': MOBILE_UA })).text)['webapp.video-detail'].itemInfo.itemStruct;
    expect(mobile.storyExpiredAt).toBeGreaterThan(now);
  });

  it('serves /photo/ and /story/ paths with the same data as /video/', async () => {
    const s = sb.scenario('photo-post');
    const viaPhoto = rehydration((await page(`https://www.tiktok.com/@${s.username}/photo/${s.itemId}`)).text);
    expect(viaPhoto['webapp.video-detail'].itemInfo.itemStruct.id).toBe(s.itemId);
    expect(viaPhoto['seo.abtest'].canonical).toBe(s.link);
    const story = sb.scenario('story-video');
    const viaStory = rehydration((await page(`https://m.tiktok.com/@${story.username}/story/${story.itemId}`)).text);
    expect(viaStory['webapp.video-detail'].itemInfo.itemStruct.id).toBe(story.itemId);
  });

  it('leaves webapp.video-detail off a photo-canonical /photo/ page but keeps seo.abtest.canonical', async () => {
    const s = sb.scenario('photo-canonical');
    const scope = rehydration((await page(`https://www.tiktok.com/@${s.username}/photo/${s.itemId}`)).text);
    expect(scope['webapp.video-detail']).toBeUndefined();
    expect(scope['seo.abtest'].canonical).toBe(s.link);
    const video = rehydration((await page(`https://www.tiktok.com/@${s.username}/video/${s.itemId}`)).text);
    expect(video['webapp.video-detail'].itemInfo.itemStruct.imagePost.images).toHaveLength(4);
  });
});

describe('refusals', () => {
  it.each([
    ['post-deleted', 10204],
    ['story-expired', 10204],
    ['dead-short-link', 10204],
    ['private-account', 10222],
    ['private-post', 10216],
    ['region-blocked', 10231],
    ['account-gone', 10221],
    ['unknown-status', 100004],
  ] as const)('%s: statusCode %d and no itemInfo', async (id, code) => {
    const s = sb.scenario(id);
    const detail = Scope.parse(rehydration((await page(`https://www.tiktok.com/@_/video/${s.itemId}`)).text))['webapp.video-detail']!;
    expect(detail.statusCode).toBe(code);
    expect(detail.itemInfo).toBeUndefined();
    expect(detail.statusMsg).toBe(s.tiktok.statusMsg);
  });

  it('mobile-only-story: desktop gets 10204, a mobile UA gets the item with appType "m"', async () => {
    const s = sb.scenario('mobile-only-story');
    const desktop = rehydration((await page(s.link)).text);
    expect(desktop['webapp.video-detail'].statusCode).toBe(10204);
    expect(desktop['webapp.app-context'].appType).toBe('pc');
    const mobile = rehydration((await page(s.link, { 'user-agent': MOBILE_UA })).text);
    expect(mobile['webapp.video-detail'].itemInfo.itemStruct.id).toBe(s.itemId);
    expect(mobile['webapp.app-context'].appType).toBe('m');
  });

  it('age-restricted: isContentClassified and no video', async () => {
    const item = rehydration((await page(sb.scenario('age-restricted').link)).text)['webapp.video-detail'].itemInfo.itemStruct;
    expect(item.isContentClassified).toBe(true);
    expect(item.video).toBeUndefined();
  });

  it('login-required: redirects to /login', async () => {
    const reply = await fetchVia(sb, sb.scenario('login-required').link);
    expect(reply.status).toBe(302);
    expect(new URL(String(reply.headers.location)).pathname).toBe('/login');
    const login = await fetchVia(sb, String(reply.headers.location));
    expect(login.status).toBe(200);
    expect(login.text).toContain('Log in | TikTok');
  });

  it('a live story runs out when the sandbox clock passes its 24 hours', async () => {
    const s = sb.scenario('story-video');
    const before = rehydration((await page(s.link)).text)['webapp.video-detail'];
    expect(before.statusCode).toBe(0);
    const expiresAt = before.itemInfo.itemStruct.story.ExpiredAt;
    sb.shiftTime(19 * 3600_000);
    try {
      expect(sb.now()).toBeGreaterThan(expiresAt);
      expect(rehydration((await page(s.link)).text)['webapp.video-detail'].statusCode).toBe(10204);
      const profile = rehydration((await fetchVia(sb, `https://www.tiktok.com/@${s.username}`, mobile)).text)['webapp.user-detail'].userInfo.user;
      expect(profile.hasStory).toBe(false);
      // Posts do not expire.
      expect(rehydration((await page(sb.scenario('video-post').link)).text)['webapp.video-detail'].statusCode).toBe(0);
    } finally {
      sb.shiftTime(-19 * 3600_000);
    }
  });

  it('unknown ids answer 10204 like a deleted post', async () => {
    const detail = rehydration((await page('https://www.tiktok.com/@ughuwhguweghw/video/1')).text)['webapp.video-detail'];
    expect(detail.statusCode).toBe(10204);
  });
});

describe('WAF challenge', () => {
  it('answers with the "Please wait..." page until the _wafchallengeid cookie is right', async () => {
    const s = sb.scenario('waf-challenge');
    const first = await fetchVia(sb, s.link);
    expect(first.status).toBe(200);
    expect(first.text).toContain('Please wait...');
    expect(first.text).not.toContain('__UNIVERSAL_DATA_FOR_REHYDRATION__');
    for (const id of ['cs', 'wci', 'rci', 'rs']) expect(first.text).toMatch(new RegExp(`<p[^>]*id="${id}"[^>]*class="[^"]+"`));
    const wrong = await fetchVia(sb, s.link, { headers: { cookie: '_wafchallengeid=eyJ2Ijp7fX0=' } });
    expect(wrong.text).toContain('Please wait...');
    const solved = solveWafPage(first.text)!;
    const second = await fetchVia(sb, s.link, { headers: { cookie: `${solved.name}=${solved.value}` } });
    expect(rehydration(second.text)['webapp.video-detail'].itemInfo.itemStruct.id).toBe(s.itemId);
  });

  it('can be switched on for every page', async () => {
    sb.control('tiktok', 'waf:on');
    try {
      expect((await fetchVia(sb, sb.scenario('video-post').link)).text).toContain('Please wait...');
    } finally {
      sb.control('tiktok', 'waf:off');
    }
    expect((await fetchVia(sb, sb.scenario('video-post').link)).text).toContain('__UNIVERSAL_DATA_FOR_REHYDRATION__');
  });
});

describe('other pages', () => {
  it('profile pages carry webapp.user-detail', async () => {
    const scope = rehydration((await fetchVia(sb, 'https://www.tiktok.com/@mila.travels', mobile)).text);
    const user = scope['webapp.user-detail'].userInfo;
    expect(user.user.uniqueId).toBe('mila.travels');
    expect(user.user.id).toMatch(/^\d{19}$/);
    expect(user.user.secUid).toMatch(/^MS4wLjABAAAA/);
    expect(typeof user.stats.videoCount).toBe('number');
    expect(typeof user.statsV2.videoCount).toBe('string');
    const priv = rehydration((await fetchVia(sb, 'https://www.tiktok.com/@closed.circle', mobile)).text);
    expect(priv['webapp.user-detail'].statusCode).toBe(10222);
    const gone = rehydration((await fetchVia(sb, 'https://www.tiktok.com/@nobody.here', mobile)).text);
    expect(gone['webapp.user-detail'].statusCode).toBe(10221);
  });

  it('serves home, live and music pages and redirects tiktok.com to www', async () => {
    const home = await fetchVia(sb, 'https://www.tiktok.com/');
    expect(rehydration(home.text)['webapp.video-detail']).toBeUndefined();
    const live = await fetchVia(sb, 'https://www.tiktok.com/@jun.bakes/live');
    expect(rehydration(live.text)['webapp.live-detail'].statusCode).toBe(0);
    const item = rehydration((await page(sb.scenario('video-post').link)).text)['webapp.video-detail'].itemInfo.itemStruct;
    const music = await fetchVia(sb, `https://www.tiktok.com/music/original-sound-${item.music.id}`);
    expect(rehydration(music.text)['webapp.music-detail'].musicInfo.music.id).toBe(item.music.id);
    const bare = await fetchVia(sb, 'https://tiktok.com/@i/video/1');
    expect(bare.status).toBe(301);
    expect(bare.headers.location).toBe('https://www.tiktok.com/@i/video/1');
  });

  it('pads pages to about a megabyte on request', async () => {
    const s = sb.scenario('video-post');
    const reply = await fetchVia(sb, `${s.link}?__pad=1mb`);
    expect(reply.body.length).toBeGreaterThan(1024 * 1024 - 1024);
    expect(reply.body.length).toBeLessThan(1024 * 1024 + 64 * 1024);
    expect(rehydration(reply.text)['webapp.video-detail'].itemInfo.itemStruct.id).toBe(s.itemId);
  });

  it('answers the www.tiktok.com aweme/v1/play URLs 403 (no session) or 404', async () => {
    const first = await page(sb.scenario('video-post').link);
    const item = rehydration(first.text)['webapp.video-detail'].itemInfo.itemStruct;
    const play = item.video.bitrateInfo[0].PlayAddr.UrlList.at(-1);
    expect((await fetchVia(sb, play)).status).toBe(403);
    expect((await fetchVia(sb, play, { headers: { cookie: cookieHeader(first.headers['set-cookie']) } })).status).toBe(404);
  });

  it('lists live stories on /api/story/item_list/ by numeric authorId (gallery-dl flow)', async () => {
    const profile = rehydration((await fetchVia(sb, 'https://www.tiktok.com/@mila.travels', mobile)).text)['webapp.user-detail'].userInfo.user;
    expect(profile.hasStory).toBe(true);
    const api = (id: string, count = 5, cursor = 0) =>
      fetchVia(sb, `https://www.tiktok.com/api/story/item_list/?aid=1988&app_name=tiktok_web&device_platform=web_pc&authorId=${id}&loadBackward=false&count=${count}&cursor=${cursor}`);
    const list = JSON.parse((await api(profile.id)).text);
    const ids = list.itemList.map((i: { id: string }) => i.id);
    expect(ids).toEqual(expect.arrayContaining([sb.scenario('story-video').itemId, sb.scenario('story-photo').itemId]));
    expect(ids).not.toContain(sb.scenario('story-expired').itemId);
    for (const item of list.itemList) ItemStruct.parse(item);
    const first = JSON.parse((await api(profile.id, 1)).text);
    expect(first.itemList).toHaveLength(1);
    expect(first.HasMoreAfter).toBe(true);
    const second = JSON.parse((await api(profile.id, 1, Number(first.MaxCursor))).text);
    expect(second.itemList[0].id).not.toBe(first.itemList[0].id);
    const none = JSON.parse((await api('6800000000000000001')).text);
    expect(none.itemList).toBeUndefined();
    expect(none.statusCode).toBe(0);
  });

  it('gives a plain desktop client the ~1.4 KB profile stub with no data (tiktok-web.md §0)', async () => {
    const stub = await fetchVia(sb, 'https://www.tiktok.com/@mila.travels');
    expect(stub.status).toBe(200);
    expect(stub.body.length).toBeGreaterThan(1000);
    expect(stub.body.length).toBeLessThan(2000);
    expect(stub.text).not.toContain('__UNIVERSAL_DATA_FOR_REHYDRATION__');
    expect(stub.text).not.toContain('SIGI_STATE');
  });

  it('answers a profile by secUid in the @ slot like by username', async () => {
    const byName = rehydration((await fetchVia(sb, 'https://www.tiktok.com/@mila.travels', mobile)).text)['webapp.user-detail'].userInfo.user;
    const bySecUid = rehydration((await fetchVia(sb, `https://www.tiktok.com/@${byName.secUid}`, mobile)).text)['webapp.user-detail'].userInfo.user;
    expect(bySecUid.id).toBe(byName.id);
    expect(bySecUid.uniqueId).toBe('mila.travels');
  });

  it('lists three stories (two clips, one photo) over two pages, at most two per page whatever count asks', async () => {
    const profile = rehydration((await fetchVia(sb, 'https://www.tiktok.com/@mila.travels', mobile)).text)['webapp.user-detail'].userInfo.user;
    expect(profile.userStoryStatus).toBe(1);
    const api = (cursor: string) =>
      fetchVia(sb, `https://www.tiktok.com/api/story/item_list/?aid=1988&app_name=tiktok_web&device_platform=web_pc&authorId=${profile.id}&loadBackward=false&count=5&cursor=${cursor}`);
    const first = JSON.parse((await api('0')).text);
    expect(first.itemList).toHaveLength(2);
    expect(first.HasMoreAfter).toBe(true);
    const second = JSON.parse((await api(first.MaxCursor)).text);
    expect(second.HasMoreAfter).toBe(false);
    const ids = [...first.itemList, ...second.itemList].map((i: { id: string }) => i.id);
    expect(ids.sort()).toEqual(['story-video', 'story-photo', 'story-video-2'].map((id) => sb.scenario(id).itemId).sort());
  });

  it('can demand a signed-in session for the story list (an empty 200 body without sessionid)', async () => {
    const id = rehydration((await fetchVia(sb, 'https://www.tiktok.com/@mila.travels', mobile)).text)['webapp.user-detail'].userInfo.user.id;
    const url = `https://www.tiktok.com/api/story/item_list/?aid=1988&authorId=${id}&count=5&cursor=0`;
    sb.control('tiktok', 'stories:login');
    try {
      const refused = await fetchVia(sb, url);
      expect(refused.status).toBe(200);
      expect(refused.body.length).toBe(0);
      expect(JSON.parse((await fetchVia(sb, url, { headers: { cookie: 'sessionid=abc' } })).text).itemList).toHaveLength(2);
    } finally {
      sb.control('tiktok', 'stories:open');
    }
  });

  it('renderItemPage builds a ~1 MB page outside any server (benchmarks)', () => {
    const html = renderItemPage('video-post', { padBytes: 1024 * 1024 });
    expect(html.length).toBeGreaterThan(1024 * 1024 - 1024);
    expect(rehydration(html)['webapp.video-detail'].itemInfo.itemStruct.id).toBe(sb.scenario('video-post').itemId);
    expect(renderItemPage('sigi-layout')).toContain('<script id="SIGI_STATE"');
  });
});
