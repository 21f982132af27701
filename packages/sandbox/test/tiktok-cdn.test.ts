/**
 * The CDN imitation: page session (the tt_chain_token of the page response that listed
 * the URL + a TikTok Referer), signed-URL expiry, HEAD/OPTIONS refused, Range, ETag, the
 * media counters, and synthetic large files. Pages are fetched as today's mobile identity.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MEDIA_DIR, startSandbox, syntheticBytes, syntheticUrl, type Sandbox } from '../src/index.js';
import { cookieHeader, fetchVia, MOBILE_UA, rehydration } from './helpers.js';

let sb: Sandbox;
let session: { cookie: string; referer: string };
let item: Record<string, any>;
let photo: Record<string, any>;
let photoSession: { cookie: string; referer: string };

const mobile = { 'user-agent': MOBILE_UA };
const REFLOW = 'webapp.reflow.video.detail';

beforeAll(async () => {
  sb = await startSandbox();
  const s = sb.scenario('video-post');
  const reply = await fetchVia(sb, s.link, { headers: mobile });
  session = { cookie: cookieHeader(reply.headers['set-cookie']), referer: s.link };
  item = rehydration(reply.text)[REFLOW].itemInfo.itemStruct;
  const p = sb.scenario('photo-post');
  const photoReply = await fetchVia(sb, p.link, { headers: mobile });
  photoSession = { cookie: cookieHeader(photoReply.headers['set-cookie']), referer: p.link };
  photo = rehydration(photoReply.text)[REFLOW].itemInfo.itemStruct;
});
afterAll(() => sb.close());

const sampleMp4 = () => readFileSync(`${MEDIA_DIR}sample.mp4`);

describe('session check', () => {
  it('refuses video without the tt_chain_token cookie or without a TikTok Referer', async () => {
    const url = item.video.playAddr as string;
    expect((await fetchVia(sb, url)).status).toBe(403);
    expect((await fetchVia(sb, url, { headers: { cookie: session.cookie } })).status).toBe(403);
    expect((await fetchVia(sb, url, { headers: { referer: 'https://www.tiktok.com/' } })).status).toBe(403);
    expect((await fetchVia(sb, url, { headers: { cookie: 'tt_chain_token=AAAAAAAAAAAAAAAAAAAAAA==', referer: session.referer } })).status).toBe(403);
    expect((await fetchVia(sb, url, { headers: { cookie: session.cookie, referer: 'https://snaptik.app/' } })).status).toBe(403);
  });

  it('serves the real sample with the page cookie and a TikTok Referer, on every listed host', async () => {
    const urls: string[] = item.video.bitrateInfo.flatMap((b: any) => b.PlayAddr.UrlList.slice(0, 2));
    for (const url of [item.video.playAddr, ...urls]) {
      const reply = await fetchVia(sb, url, { headers: { cookie: session.cookie, referer: 'https://www.tiktok.com/' } });
      expect(reply.status).toBe(200);
      expect(reply.headers['content-type']).toBe('video/mp4');
      expect(reply.body.equals(sampleMp4())).toBe(true);
    }
    expect(item.video.bitrateInfo[0].PlayAddr.DataSize).toBe(sampleMp4().length);
  });

  it('serves a different (watermarked) file for downloadAddr', async () => {
    const reply = await fetchVia(sb, item.video.downloadAddr, { headers: { cookie: session.cookie, referer: session.referer } });
    expect(reply.status).toBe(200);
    expect(reply.body.equals(sampleMp4())).toBe(false);
  });

  it("refuses a URL with another page's valid session (tiktok-web.md §0: bound to the page response)", async () => {
    const url = item.video.playAddr as string;
    expect((await fetchVia(sb, url, { headers: { cookie: photoSession.cookie, referer: session.referer } })).status).toBe(403);
    expect((await fetchVia(sb, url, { headers: { cookie: session.cookie, referer: session.referer } })).status).toBe(200);
  });

  it('serves images (jpeg and webp) and music only with their page session', async () => {
    const urls: string[] = photo.imagePost.images[0].imageURL.urlList;
    expect((await fetchVia(sb, urls[0]!)).status).toBe(403);
    expect((await fetchVia(sb, photo.music.playUrl)).status).toBe(403);
    const headers = { cookie: photoSession.cookie, referer: photoSession.referer };
    const jpeg = await fetchVia(sb, urls.find((u) => u.includes('.jpeg?'))!, { headers });
    expect(jpeg.status).toBe(200);
    expect(jpeg.headers['content-type']).toBe('image/jpeg');
    expect(jpeg.body.subarray(0, 3).toString('hex')).toBe('ffd8ff');
    const webp = await fetchVia(sb, urls.find((u) => u.includes('.webp?'))!, { headers });
    expect(webp.headers['content-type']).toBe('image/webp');
    expect(webp.body.subarray(8, 12).toString()).toBe('WEBP');
    const second = await fetchVia(sb, photo.imagePost.images[1].imageURL.urlList[0], { headers });
    expect(createHash('sha1').update(second.body).digest('hex')).not.toBe(createHash('sha1').update(jpeg.body).digest('hex'));
    const music = await fetchVia(sb, photo.music.playUrl, { headers });
    expect(music.status).toBe(200);
    expect(music.headers['content-type']).toBe('audio/mpeg');
  });
});

describe('signed URLs', () => {
  it('expire (expire= / x-expires= in the past -> 403)', async () => {
    const headers = { cookie: session.cookie, referer: session.referer };
    const photoHeaders = { cookie: photoSession.cookie, referer: photoSession.referer };
    const image = photo.imagePost.images[0].imageURL.urlList[0];
    expect((await fetchVia(sb, item.video.playAddr, { headers })).status).toBe(200);
    sb.shiftTime(7 * 3600_000);
    try {
      expect((await fetchVia(sb, item.video.playAddr, { headers })).status).toBe(403);
      expect((await fetchVia(sb, image, { headers: photoHeaders })).status).toBe(403);
    } finally {
      sb.shiftTime(-7 * 3600_000);
    }
    expect((await fetchVia(sb, image, { headers: photoHeaders })).status).toBe(200);
  });

  it('refuse a tampered expiry or signature', async () => {
    const headers = { cookie: session.cookie, referer: session.referer };
    const url = new URL(item.video.playAddr);
    url.searchParams.set('expire', String(Number(url.searchParams.get('expire')) + 3600));
    expect((await fetchVia(sb, url.href, { headers })).status).toBe(403);
    const unknown = 'https://v16-webapp-prime.tiktokcdn.com/abc/def/video/tos/x/y/nothing/';
    expect((await fetchVia(sb, unknown, { headers })).status).toBe(404);
  });
});

describe('HEAD refused; Range, ETag', () => {
  const headers = () => ({ cookie: session.cookie, referer: session.referer });

  it('refuses HEAD and OPTIONS even with the session (tiktok-web.md §0), and counts them', async () => {
    const before = sb.mediaCounters();
    expect((await fetchVia(sb, item.video.playAddr, { method: 'HEAD', headers: headers() })).status).toBe(403);
    expect((await fetchVia(sb, item.video.playAddr, { method: 'OPTIONS', headers: headers() })).status).toBe(403);
    const after = sb.mediaCounters();
    expect(after.head - before.head).toBe(1);
    expect(after.options - before.options).toBe(1);
    const counted = await fetchVia(sb, 'https://www.tiktok.com/__sandbox/media');
    expect(JSON.parse(counted.text)).toMatchObject({ head: after.head, options: after.options });
  });

  it('gives length, type, ETag and Last-Modified on a ranged GET', async () => {
    const reply = await fetchVia(sb, item.video.playAddr, { headers: { ...headers(), range: 'bytes=0-0' } });
    expect(reply.status).toBe(206);
    expect(reply.headers['content-range']).toBe(`bytes 0-0/${sampleMp4().length}`);
    expect(reply.headers['accept-ranges']).toBe('bytes');
    expect(reply.headers.etag).toMatch(/^"[0-9a-f]+"$/);
    expect(reply.headers['last-modified']).toBeTruthy();
    expect(reply.body.length).toBe(1);
  });

  it('counts page-session GETs with and without their session', async () => {
    const before = sb.mediaCounters();
    await fetchVia(sb, item.video.playAddr, { headers: { ...headers(), range: 'bytes=0-0' } });
    await fetchVia(sb, item.video.playAddr, { headers: { range: 'bytes=0-0' } });
    const after = sb.mediaCounters();
    expect(after.withPageSession - before.withPageSession).toBe(1);
    expect(after.withoutPageSession - before.withoutPageSession).toBe(1);
  });

  it('answers ranges with 206 and Content-Range, and 416 past the end', async () => {
    const full = sampleMp4();
    const mid = await fetchVia(sb, item.video.playAddr, { headers: { ...headers(), range: 'bytes=100-199' } });
    expect(mid.status).toBe(206);
    expect(mid.headers['content-range']).toBe(`bytes 100-199/${full.length}`);
    expect(mid.body.equals(full.subarray(100, 200))).toBe(true);
    const open = await fetchVia(sb, item.video.playAddr, { headers: { ...headers(), range: `bytes=${full.length - 10}-` } });
    expect(open.body.equals(full.subarray(full.length - 10))).toBe(true);
    const suffix = await fetchVia(sb, item.video.playAddr, { headers: { ...headers(), range: 'bytes=-5' } });
    expect(suffix.body.equals(full.subarray(full.length - 5))).toBe(true);
    const past = await fetchVia(sb, item.video.playAddr, { headers: { ...headers(), range: `bytes=${full.length}-` } });
    expect(past.status).toBe(416);
    expect(past.headers['content-range']).toBe(`bytes */${full.length}`);
  });

  it('answers If-None-Match with 304 and ignores a Range whose If-Range no longer matches', async () => {
    const etag = String((await fetchVia(sb, item.video.playAddr, { headers: { ...headers(), range: 'bytes=0-0' } })).headers.etag);
    const cached = await fetchVia(sb, item.video.playAddr, { headers: { ...headers(), 'if-none-match': etag } });
    expect(cached.status).toBe(304);
    const stale = await fetchVia(sb, item.video.playAddr, { headers: { ...headers(), range: 'bytes=0-9', 'if-range': '"old"' } });
    expect(stale.status).toBe(200);
    const fresh = await fetchVia(sb, item.video.playAddr, { headers: { ...headers(), range: 'bytes=0-9', 'if-range': etag } });
    expect(fresh.status).toBe(206);
  });
});

describe('synthetic files', () => {
  it('streams any size deterministically, with ranges', async () => {
    const size = 3 * 1024 * 1024 + 17;
    const url = syntheticUrl(size);
    expect(url).toBe(`https://v16-webapp-prime.tiktokcdn.com/synthetic/${size}.bin`);
    const whole = await fetchVia(sb, url);
    expect(Number(whole.headers['content-length'])).toBe(size);
    expect(whole.body.length).toBe(size);
    expect(whole.body.equals(await syntheticBytes(0, size - 1))).toBe(true);
    const part = await fetchVia(sb, url, { headers: { range: 'bytes=1048570-1048589' } });
    expect(part.status).toBe(206);
    expect(part.body.equals(whole.body.subarray(1048570, 1048590))).toBe(true);
  });

  it('demands a session when the URL says tk=tt_chain_token', async () => {
    const url = 'https://v19-webapp-prime.tiktokcdn-us.com/synthetic/1000.mp4?tk=tt_chain_token';
    expect((await fetchVia(sb, url)).status).toBe(403);
    const ok = await fetchVia(sb, url, { headers: { cookie: session.cookie, referer: session.referer } });
    expect(ok.status).toBe(200);
    expect(ok.headers['content-type']).toBe('video/mp4');
  });
});
