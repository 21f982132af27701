import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../src/index.js';
import { fetchVia, type Reply } from './helpers.js';

const API = 'https://www.tikwm.com/api/';
const XHR = { accept: 'application/json, text/javascript, */*; q=0.01', 'x-requested-with': 'XMLHttpRequest' };

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox({ services: ['tikwm', 'tiktok-cdn'] });
});
afterAll(() => sb.close());
beforeEach(() => {
  sb.control('tikwm', 'reset');
  sb.control('tikwm', 'limits-off');
});

function post(url: string, hd = '1', headers: Record<string, string> = {}): Promise<Reply> {
  return fetchVia(sb, API, {
    method: 'POST',
    headers: { ...XHR, 'content-type': 'application/x-www-form-urlencoded; charset=UTF-8', ...headers },
    body: new URLSearchParams({ url, hd }).toString(),
  });
}

const json = (reply: Reply) => JSON.parse(reply.text) as { code: number; msg: string; data?: Record<string, any> };

describe('tikwm imitation: /api/', () => {
  it('answers a video post with code 0 and host-relative play/hdplay/wmplay/music paths that download', async () => {
    const s = sb.scenario('video-post');
    const answer = json(await post(s.link));
    expect(answer).toMatchObject({ code: 0, msg: 'success' });
    const data = answer.data!;
    expect(data).toMatchObject({ id: s.itemId, title: s.caption, author: { unique_id: s.username, nickname: s.nickname } });
    for (const field of ['play', 'hdplay', 'wmplay', 'music']) expect(data[field]).toMatch(/^\/video\//);
    const video = await fetchVia(sb, `https://www.tikwm.com${data['hdplay']}`);
    expect(video.status).toBe(200);
    expect(video.headers['content-type']).toBe('video/mp4');
    expect(video.body.subarray(4, 8).toString('latin1')).toBe('ftyp');
    expect(data['hd_size']).toBe(video.body.length);
    const music = await fetchVia(sb, `https://www.tikwm.com${data['music']}`);
    expect(music.headers['content-type']).toBe('audio/mpeg');
  });

  it('answers some items like the documented 2021 sample and 2023 list items: no data.id, numbers missing', async () => {
    const sample = json(await post(sb.scenario('legacy-fields').link)).data!;
    expect(sample).not.toHaveProperty('id');
    expect(sample).not.toHaveProperty('size');
    expect(sample['play']).toMatch(/^\/video\//);
    expect(sample['hdplay']).toMatch(/hdplay/);
    const item = json(await post(sb.scenario('sigi-layout').link)).data!;
    expect(item).not.toHaveProperty('id');
    expect(item['video_id']).toBe(sb.scenario('sigi-layout').itemId);
    expect(item).not.toHaveProperty('create_time');
  });

  it('fills hdplay only when hd=1, and accepts the GET form', async () => {
    const s = sb.scenario('video-post');
    expect(json(await post(s.link, '0')).data!['hdplay']).toBe('');
    const get = json(await fetchVia(sb, `${API}?url=${encodeURIComponent(s.link)}&hd=1`, { headers: XHR }));
    expect(get.data!['hdplay']).toMatch(/hdplay/);
  });

  it('lists photo-post images as absolute CDN URLs that download without cookies', async () => {
    const s = sb.scenario('photo-post');
    const data = json(await post(s.link)).data!;
    expect(data['images']).toHaveLength(12);
    expect(data['play']).toBe('');
    const image = await fetchVia(sb, data['images'][0]);
    expect(image.status).toBe(200);
    expect(image.headers['content-type']).toBe('image/jpeg');
  });

  it('accepts short links directly', async () => {
    const s = sb.scenario('video-post');
    expect(json(await post(s.shortLink)).data!['id']).toBe(s.itemId);
  });

  it('answers every catalogue scenario as its tikwm expectation says', async () => {
    for (const s of sb.scenarios) {
      const answer = json(await post(s.link));
      const expected = s.expect.tikwm;
      if (!expected.ok && expected.code === 'UNSUPPORTED_KIND') {
        // A live story is an ordinary item to tikwm; the adapter refuses it as undeclared.
        expect(s.kind, s.id).toBe('story');
        expect(answer.code, s.id).toBe(0);
        continue;
      }
      if (!expected.ok) {
        expect(answer, s.id).toMatchObject({ code: -1, msg: 'Url parsing is failed! Please check url.' });
        continue;
      }
      expect(answer.code, s.id).toBe(0);
      const data = answer.data!;
      expect(Boolean(data['play']), s.id).toBe(expected.media.includes('video'));
      expect((data['images'] ?? []).length > 0, s.id).toBe(expected.media.includes('image'));
      expect(Boolean(data['music']), s.id).toBe(expected.media.includes('audio'));
    }
  });

  it('says "Url parsing is failed!" for unknown and non-TikTok links', async () => {
    expect(json(await post('https://www.tiktok.com/@x/video/1234567890123'))).toMatchObject({ code: -1 });
    expect(json(await post('not a url'))).toMatchObject({ code: -1, msg: 'Url parsing is failed! Please check url.' });
  });
});

describe('tikwm imitation: limits and refusals', () => {
  it('answers a second call inside the interval with the real free-tier message', async () => {
    sb.control('tikwm', 'limits-on');
    sb.control('tikwm', 'interval-ms:60000');
    const s = sb.scenario('video-post');
    expect(json(await post(s.link)).code).toBe(0);
    expect(json(await post(s.link))).toEqual({ code: -1, msg: 'Free Api Limit: 1 request/second.', processed_time: expect.any(Number) });
  });

  it('locks a burst out with HTTP 429 and Retry-After, until the lock-out has passed', async () => {
    sb.control('tikwm', 'limits-on');
    sb.control('tikwm', 'lockout-ms:45000');
    const s = sb.scenario('video-post');
    const replies = await Promise.all(Array.from({ length: 5 }, () => post(s.link)));
    const locked = replies.filter((r) => r.status === 429);
    expect(locked.length).toBeGreaterThan(0);
    expect(Number(locked[0]!.headers['retry-after'])).toBeGreaterThan(0);
    expect((await post(s.link)).status).toBe(429);
    sb.shiftTime(46_000);
    expect(json(await post(s.link)).code).toBe(0);
  });

  it('can be locked out on demand', async () => {
    sb.control('tikwm', 'limits-on');
    sb.control('tikwm', 'lockout:30000');
    const reply = await post(sb.scenario('video-post').link);
    expect(reply.status).toBe(429);
    expect(reply.headers['retry-after']).toBe('30');
  });

  it('refuses a bare scripted client (no browser user agent) with 403', async () => {
    expect((await post(sb.scenario('video-post').link, '1', { 'user-agent': 'python-requests/2.31' })).status).toBe(403);
  });

  it('refuses POST with 405 when told to, so clients fall back to GET', async () => {
    sb.control('tikwm', 'refuse-post');
    expect((await post(sb.scenario('video-post').link)).status).toBe(405);
  });

  it('serves no media for items it does not offer', async () => {
    const s = sb.scenario('post-deleted');
    expect((await fetchVia(sb, `https://www.tikwm.com/video/media/play/${s.itemId}.mp4`)).status).toBe(404);
    expect((await fetchVia(sb, `https://www.tikwm.com/video/media/play/${sb.scenario('photo-post').itemId}.mp4`)).status).toBe(404);
  });
});
