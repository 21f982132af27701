import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../src/index.js';
import { fetchVia, type Reply } from './helpers.js';

const INSTANCE = 'https://cobalt.sandbox.test/';
const JSON_HEADERS = { accept: 'application/json', 'content-type': 'application/json' };
const KEY = '3f1f5d2a-8c4b-4e6a-9b7c-2d1e0f9a8b7c';

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox({ services: ['cobalt', 'tiktok-cdn'] });
});
afterAll(() => sb.close());
beforeEach(() => sb.control('cobalt', 'reset'));

function api(body: unknown, headers: Record<string, string> = JSON_HEADERS): Promise<Reply> {
  return fetchVia(sb, INSTANCE, { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) });
}

const json = (reply: Reply) => JSON.parse(reply.text) as Record<string, any>;
const errorCode = async (body: unknown, headers?: Record<string, string>) => json(await api(body, headers)).error?.code;

describe('cobalt imitation: API', () => {
  it('tunnels a video post; the tunnel streams the MP4 with Content-Length', async () => {
    const s = sb.scenario('video-post');
    const reply = await api({ url: s.link, downloadMode: 'auto', localProcessing: 'disabled' });
    expect(reply.status).toBe(200);
    const answer = json(reply);
    expect(answer).toMatchObject({ status: 'tunnel', filename: `tiktok_${s.username}_${s.itemId}.mp4` });
    expect(answer['url']).toMatch(/^https:\/\/cobalt\.sandbox\.test\/tunnel\?id=[\w-]+&exp=\d+&sig=[\w-]+$/);
    const file = await fetchVia(sb, answer['url']);
    expect(file.status).toBe(200);
    expect(file.headers['content-type']).toBe('video/mp4');
    expect(Number(file.headers['content-length'])).toBe(file.body.length);
  });

  it('tunnels the sound as MP3 in audio mode', async () => {
    const answer = json(await api({ url: sb.scenario('video-post').link, downloadMode: 'audio', audioFormat: 'mp3', tiktokFullAudio: true }));
    expect(answer).toMatchObject({ status: 'tunnel', filename: expect.stringMatching(/_audio\.mp3$/) });
    expect((await fetchVia(sb, answer['url'])).headers['content-type']).toBe('audio/mpeg');
  });

  it('answers a photo post with a picker of photos plus the sound tunnel', async () => {
    const s = sb.scenario('photo-post');
    const answer = json(await api({ url: s.link }));
    expect(answer['status']).toBe('picker');
    expect(answer['picker']).toHaveLength(12);
    expect(answer['picker'][0]).toMatchObject({ type: 'photo', url: expect.stringContaining('.jpeg?') });
    expect((await fetchVia(sb, answer['picker'][0].url)).headers['content-type']).toBe('image/jpeg');
    expect(answer['audio']).toMatch(/\/tunnel\?/);
    expect(answer['audioFilename']).toMatch(/\.mp3$/);
    const proxied = json(await api({ url: s.link, alwaysProxy: true }));
    expect(proxied['picker'][0].url).toMatch(/\/tunnel\?/);
  });

  it('answers every catalogue scenario as its cobalt expectation says', async () => {
    const codes: Record<string, string> = {
      NOT_FOUND: 'error.api.content.post.unavailable',
      PRIVATE: 'error.api.content.post.private',
      AGE_RESTRICTED: 'error.api.content.post.age',
      REGION_BLOCKED: 'error.api.content.video.region',
      UNSUPPORTED_KIND: 'error.api.link.unsupported',
    };
    for (const s of sb.scenarios) {
      const answer = json(await api({ url: s.link }));
      const expected = s.expect.cobalt;
      if (!expected.ok) {
        expect(answer, s.id).toMatchObject({ status: 'error', error: { code: codes[expected.code] } });
      } else if (expected.media.includes('image')) {
        expect(answer['status'], s.id).toBe('picker');
        expect(Boolean(answer['audio']), s.id).toBe(expected.media.includes('audio'));
      } else {
        expect(answer['status'], s.id).toBe('tunnel');
      }
    }
  });

  it('accepts short links by its :shortLink and t/:shortLink patterns; a dead one is fetch.short_link', async () => {
    expect(json(await api({ url: sb.scenario('video-post').shortLink }))['status']).toBe('tunnel');
    expect(json(await api({ url: sb.scenario('slideshow-no-music').shortLink }))['status']).toBe('picker');
    expect(await errorCode({ url: sb.scenario('dead-short-link').shortLink })).toBe('error.api.fetch.short_link');
  });

  it('has no story pattern: an unknown story link is link.unsupported', async () => {
    expect(await errorCode({ url: 'https://www.tiktok.com/@someone/story/7441820391556789999' })).toBe('error.api.link.unsupported');
  });

  it('says link.invalid, service.unsupported and link.missing for bad links', async () => {
    expect(await errorCode({ url: 'not a link' })).toBe('error.api.link.invalid');
    expect(await errorCode({ url: 'https://example.com/video/1' })).toBe('error.api.service.unsupported');
    expect(await errorCode({ downloadMode: 'auto' })).toBe('error.api.link.missing');
  });
});

describe('cobalt imitation: request checks', () => {
  it('requires Accept and Content-Type application/json', async () => {
    const body = { url: sb.scenario('video-post').link };
    expect(await errorCode(body, { 'content-type': 'application/json' })).toBe('error.api.header.accept');
    expect(await errorCode(body, { accept: 'application/json', 'content-type': 'text/plain' })).toBe('error.api.header.content_type');
  });

  it('rejects unknown keys (strict schema), bad enum values and bodies over 1024 bytes as invalid_body', async () => {
    const url = sb.scenario('video-post').link;
    expect(await errorCode({ url, isAudioOnly: true })).toBe('error.api.invalid_body');
    expect(await errorCode({ url, downloadMode: 'video' })).toBe('error.api.invalid_body');
    expect(await errorCode({ url, subtitleLang: 'x'.repeat(1100) })).toBe('error.api.invalid_body');
    expect(await errorCode('{"url": ')).toBe('error.api.invalid_body');
    expect((await api({ url, isAudioOnly: true })).status).toBe(400);
  });

  it('requires the API key when configured, with 401 and auth.key.* codes', async () => {
    sb.control('cobalt', `api-key:${KEY}`);
    const body = { url: sb.scenario('video-post').link };
    const missing = await api(body);
    expect(missing.status).toBe(401);
    expect(json(missing).error.code).toBe('error.api.auth.key.missing');
    expect(await errorCode(body, { ...JSON_HEADERS, authorization: 'Bearer abc' })).toBe('error.api.auth.key.not_api_key');
    expect(await errorCode(body, { ...JSON_HEADERS, authorization: 'Api-Key nope' })).toBe('error.api.auth.key.invalid');
    expect(await errorCode(body, { ...JSON_HEADERS, authorization: 'Api-Key 11111111-2222-4333-8444-555555555555' })).toBe('error.api.auth.key.not_found');
    expect(json(await api(body, { ...JSON_HEADERS, authorization: `Api-Key ${KEY}` }))['status']).toBe('tunnel');
  });

  it('sends RateLimit headers and answers rate_exceeded with 429 and context.limit', async () => {
    sb.control('cobalt', 'rate-limit:2');
    const body = { url: sb.scenario('video-post').link };
    const first = await api(body);
    expect(first.headers['ratelimit-limit']).toBe('2');
    expect(first.headers['ratelimit-remaining']).toBe('1');
    await api(body);
    const third = await api(body);
    expect(third.status).toBe(429);
    expect(json(third)).toEqual({ status: 'error', error: { code: 'error.api.rate_exceeded', context: { limit: 60 } } });
    expect(Number(third.headers['ratelimit-reset'])).toBeGreaterThan(0);
  });

  it('answers local-processing when the instance forces it', async () => {
    sb.control('cobalt', 'force-local-processing');
    const answer = json(await api({ url: sb.scenario('video-post').link, localProcessing: 'disabled' }));
    expect(answer).toMatchObject({ status: 'local-processing', type: 'proxy', tunnel: [expect.stringContaining('/tunnel?')] });
  });
});

describe('cobalt imitation: tunnels and instance info', () => {
  it('expires tunnels after their lifespan (404) and refuses tampered ones (401)', async () => {
    const url = json(await api({ url: sb.scenario('video-post').link }))['url'] as string;
    expect((await fetchVia(sb, url.replace(/sig=[^&]+/, 'sig=forged'))).status).toBe(401);
    expect((await fetchVia(sb, url, { method: 'HEAD' })).status).toBe(200);
    sb.shiftTime(91_000);
    expect((await fetchVia(sb, url)).status).toBe(404);
  });

  it('serves instance info on GET / with tiktok among the services', async () => {
    const info = json(await fetchVia(sb, INSTANCE));
    expect(info['cobalt']).toMatchObject({ version: expect.any(String), services: expect.arrayContaining(['tiktok']) });
    expect(info['git']).toMatchObject({ remote: 'imputnet/cobalt' });
  });
});
