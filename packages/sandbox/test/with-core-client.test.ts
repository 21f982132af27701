/**
 * The sandbox through tiksaver's own HTTP client and host map (what providers see):
 * cookies set on .tiktok.com by the page reach the CDN, short links answer manual redirects.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createHttpClient, type HttpClient } from '@tiksaver/core';
import { startSandbox, type Sandbox } from '../src/index.js';
import { MOBILE_UA } from './helpers.js';

/** A mobile identity: the UA plus client hints that agree with it (the client's defaults are desktop hints). */
const MOBILE = { 'user-agent': MOBILE_UA, 'sec-ch-ua-mobile': '?1', 'sec-ch-ua-platform': '"Android"' };

let sb: Sandbox;
let http: HttpClient;
beforeAll(async () => {
  sb = await startSandbox();
  http = createHttpClient({ hostMap: sb.hostMapString, retries: 0 });
});
afterAll(() => sb.close());

it('page cookies (tt_chain_token on .tiktok.com) open the CDN video', async () => {
  const s = sb.scenario('video-post');
  // Today's site serves the item to a mobile identity (tiktok-web.md §0).
  const html = await http.getText(`https://www.tiktok.com/@_/video/${s.itemId}`, { headers: MOBILE });
  expect(await http.cookies.getCookieHeader('https://v16-webapp-prime.tiktokcdn.com/')).toBe('');
  expect(await http.cookies.getCookieHeader('https://www.tiktok.com/')).toContain('tt_chain_token=');
  const json = /<script id="__UNIVERSAL_DATA_FOR_REHYDRATION__" type="application\/json">([\s\S]*?)<\/script>/.exec(html)![1]!;
  const item = JSON.parse(json).__DEFAULT_SCOPE__['webapp.reflow.video.detail'].itemInfo.itemStruct;
  const cookie = await http.cookies.getCookieHeader('https://www.tiktok.com/');
  const res = await http.request(item.video.playAddr, { headers: { referer: 'https://www.tiktok.com/', cookie }, okStatuses: [403] });
  expect(res.status).toBe(200);
  expect((await res.bytes()).length).toBe(item.video.bitrateInfo[0].PlayAddr.DataSize);
});

it('short links answer a manual redirect in original URL form', async () => {
  const s = sb.scenario('story-video');
  const res = await http.request(s.shortLink, { redirect: 'manual', okStatuses: [301, 302] });
  expect(res.status).toBe(302);
  expect(res.header('location')).toMatch(new RegExp(`^https://www\\.tiktok\\.com/@${s.username.replace('.', '\\.')}/video/${s.itemId}\\?_t=`));
  await res.dump();
});
