import { afterAll, beforeAll, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../src/index.js';
import { cookieHeader, fetchVia, rehydration } from './helpers.js';

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox();
});
afterAll(() => sb.close());

it('smoke', async () => {
  const s = sb.scenario('video-post');
  const page = await fetchVia(sb, s.link);
  expect(page.status).toBe(200);
  const scope = rehydration(page.text);
  const item = scope['webapp.video-detail'].itemInfo.itemStruct;
  const cdn = await fetchVia(sb, item.video.playAddr, { headers: { cookie: cookieHeader(page.headers['set-cookie']), referer: s.link } });
  expect(cdn.status).toBe(200);
  console.log(sb.hostMapString, page.body.length, cdn.body.length);
});
