/**
 * Today's TikTok (the sandbox default, tiktok-web.md §0): a plain desktop client gets a
 * ~1.4 KB stub without data, a mobile identity gets the full page with the item under
 * `webapp.reflow.video.detail` on www and on m.tiktok.com/v/ID.html, story items 404 on
 * desktop, and control('tiktok', 'site:legacy-desktop') switches to the older site.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../src/index.js';
import { DESKTOP_UA, fetchVia, MOBILE_UA, rehydration } from './helpers.js';

let sb: Sandbox;

beforeAll(async () => {
  sb = await startSandbox();
});
afterAll(() => sb.close());

const mobile = { 'user-agent': MOBILE_UA, 'sec-ch-ua-mobile': '?1', 'sec-ch-ua-platform': '"Android"' };
const hasData = (html: string) => html.includes('__UNIVERSAL_DATA_FOR_REHYDRATION__') || html.includes('SIGI_STATE');

describe("today's site", () => {
  it('gives a plain desktop client a ~1.4 KB stub with no data, and sets the session cookies', async () => {
    const reply = await fetchVia(sb, sb.scenario('video-post').link, { headers: { 'user-agent': DESKTOP_UA } });
    expect(reply.status).toBe(200);
    expect(reply.body.length).toBeGreaterThan(1000);
    expect(reply.body.length).toBeLessThan(2000);
    expect(hasData(reply.text)).toBe(false);
    expect(String(reply.headers['set-cookie'])).toContain('tt_chain_token=');
  });

  it('gives a mobile identity the full page with the item under the reflow scope', async () => {
    const s = sb.scenario('video-post');
    const reply = await fetchVia(sb, s.link, { headers: mobile });
    const scope = rehydration(reply.text);
    expect(scope['webapp.video-detail']).toBeUndefined();
    expect(scope['webapp.reflow.video.detail'].itemInfo.itemStruct.id).toBe(s.itemId);
    expect(scope['webapp.app-context'].appType).toBe('m');
  });

  it('serves the mobile share page m.tiktok.com/v/ID.html to a mobile identity, a stub to desktop', async () => {
    const s = sb.scenario('photo-post');
    const share = `https://m.tiktok.com/v/${s.itemId}.html`;
    const phone = await fetchVia(sb, share, { headers: mobile });
    expect(phone.status).toBe(200);
    expect(rehydration(phone.text)['webapp.reflow.video.detail'].itemInfo.itemStruct.imagePost.images).toHaveLength(s.media.images!);
    const desk = await fetchVia(sb, share, { headers: { 'user-agent': DESKTOP_UA } });
    expect(hasData(desk.text)).toBe(false);
  });

  it('takes a mobile UA with desktop client hints for a desktop client', async () => {
    const reply = await fetchVia(sb, sb.scenario('video-post').link, { headers: { 'user-agent': MOBILE_UA, 'sec-ch-ua-mobile': '?0', 'sec-ch-ua-platform': '"Windows"' } });
    expect(hasData(reply.text)).toBe(false);
  });

  it('refuses story items on desktop with a 404 and serves them on mobile (yt-dlp #7187)', async () => {
    const s = sb.scenario('story-video');
    const desk = await fetchVia(sb, s.link, { headers: { 'user-agent': DESKTOP_UA } });
    expect(desk.status).toBe(404);
    expect(rehydration(desk.text)['webapp.reflow.video.detail']).toBeUndefined();
    const phone = await fetchVia(sb, s.link, { headers: mobile });
    expect(rehydration(phone.text)['webapp.reflow.video.detail'].itemInfo.itemStruct.story.ExpiredAt).toBeGreaterThan(sb.now());
  });

  it('carries status codes in the reflow scope for refused items', async () => {
    const reply = await fetchVia(sb, sb.scenario('private-post').link, { headers: mobile });
    expect(rehydration(reply.text)['webapp.reflow.video.detail']).toMatchObject({ statusCode: 10216 });
  });

  it('switches to the legacy desktop-data site and back through the control hook', async () => {
    sb.control('tiktok', 'site:legacy-desktop');
    try {
      const reply = await fetchVia(sb, sb.scenario('video-post').link, { headers: { 'user-agent': DESKTOP_UA } });
      expect(rehydration(reply.text)['webapp.video-detail'].itemInfo.itemStruct.id).toBe(sb.scenario('video-post').itemId);
      const share = await fetchVia(sb, `https://m.tiktok.com/v/${sb.scenario('video-post').itemId}.html`, { headers: mobile });
      expect(share.status).toBe(301);
    } finally {
      sb.control('tiktok', 'site:today');
    }
  });
});
