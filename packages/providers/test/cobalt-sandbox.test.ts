import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { renderHint, type TiksaverError } from '@tiksaver/core';
import { COBALT_DISABLED_REASON, createCobaltProvider } from '../src/cobalt/index.js';
import { mediaTypes, openHarness, waitForRequest, type Harness } from './helpers/sandbox-harness.js';

const KEY = '9d2f7c1e-4b3a-4c5d-8e6f-0a1b2c3d4e5f';
let h: Harness;
let baseUrl: string;

beforeAll(async () => {
  h = await openHarness();
  baseUrl = `https://${h.sandbox.hostMap.find((entry) => entry.origin === h.sandbox.urls['cobalt'])!.pattern}`;
});
afterAll(() => h.close());
beforeEach(() => {
  h.sandbox.control('cobalt', 'reset');
  h.sandbox.clearFaults();
  h.sandbox.log.clear();
});

const posts = () => h.sandbox.log.for('cobalt').filter((e) => e.method === 'POST');

describe('cobalt adapter: configuration', () => {
  it('is disabled, with the reason to show, when no instance URL is configured', async () => {
    const provider = createCobaltProvider();
    expect(provider).toMatchObject({ enabled: false, disabledReason: COBALT_DISABLED_REASON });
    expect(provider.baseUrl).toBeUndefined();
    await expect(provider.resolve(h.link(h.sandbox.scenario('video-post')), h.ctx())).rejects.toMatchObject({ code: 'MISCONFIGURED' });
  });

  it('reads the instance info (GET /) as a health check', async () => {
    const info = await createCobaltProvider({ baseUrl }).instanceInfo(h.http);
    expect(info.services).toContain('tiktok');
    expect(info.version).toBeTruthy();
  });
});

describe('cobalt adapter against the sandbox instance', () => {
  it('saves a video post: the tunnelled video plus its sound, both downloadable', async () => {
    const outcome = await h.outcome(createCobaltProvider({ baseUrl }), h.sandbox.scenario('video-post'));
    if (!outcome.ok) throw outcome.error;
    expect(mediaTypes(outcome.result)).toEqual(['audio', 'video']);
    const [video, audio] = outcome.result.items;
    expect(video).toMatchObject({ type: 'video', ext: 'mp4', watermark: false, quality: expect.stringContaining('90 s') });
    expect(await h.fetchMedia(video!)).toMatchObject({ status: 200, contentType: 'video/mp4' });
    expect(await h.fetchMedia(audio!)).toMatchObject({ status: 200, contentType: 'audio/mpeg' });
  });

  it('sends the required headers and a body the strict schema accepts', async () => {
    await h.outcome(createCobaltProvider({ baseUrl }), h.sandbox.scenario('video-post'), { want: 'video' });
    const [call] = posts();
    expect(call!.headers['accept']).toBe('application/json');
    expect(call!.headers['content-type']).toBe('application/json');
    expect(call!.headers['authorization']).toBeUndefined();
    expect(JSON.parse(call!.body!)).toEqual({
      url: h.sandbox.scenario('video-post').link,
      downloadMode: 'auto',
      audioFormat: 'mp3',
      filenameStyle: 'basic',
      localProcessing: 'disabled',
    });
  });

  it('asks in audio mode for "sound only" and returns just the MP3', async () => {
    const outcome = await h.outcome(createCobaltProvider({ baseUrl }), h.sandbox.scenario('video-post'), { want: 'audio' });
    if (!outcome.ok) throw outcome.error;
    expect(mediaTypes(outcome.result)).toEqual(['audio']);
    expect(posts()).toHaveLength(1);
    expect(JSON.parse(posts()[0]!.body!)).toMatchObject({ downloadMode: 'audio', tiktokFullAudio: true });
  });

  it('turns a picker into the photos plus the background sound', async () => {
    const outcome = await h.outcome(createCobaltProvider({ baseUrl }), h.sandbox.scenario('photo-post'));
    if (!outcome.ok) throw outcome.error;
    expect(outcome.result.kind).toBe('photo');
    const images = outcome.result.items.filter((i) => i.type === 'image');
    expect(images).toHaveLength(12);
    expect(await h.fetchMedia(images[0]!)).toMatchObject({ status: 200, contentType: 'image/jpeg' });
    const audio = outcome.result.items.find((i) => i.type === 'audio')!;
    expect(await h.fetchMedia(audio)).toMatchObject({ status: 200, contentType: 'audio/mpeg' });
  });

  it('resolves short links through cobalt itself', async () => {
    const outcome = await h.outcome(createCobaltProvider({ baseUrl }), h.sandbox.scenario('photo-post'), { form: 'short' });
    if (!outcome.ok) throw outcome.error;
    // The item id comes from cobalt's filename, since the short link does not carry it.
    expect(outcome.result).toMatchObject({ kind: 'photo', id: h.sandbox.scenario('photo-post').itemId });
    const silent = await h.outcome(createCobaltProvider({ baseUrl }), h.sandbox.scenario('slideshow-no-music'), { form: 'short' });
    if (!silent.ok) throw silent.error;
    expect(mediaTypes(silent.result)).toEqual(['image']);
  });

  it('hands out tunnels that expire: downloads must start promptly', async () => {
    const outcome = await h.outcome(createCobaltProvider({ baseUrl }), h.sandbox.scenario('video-post'), { want: 'video' });
    if (!outcome.ok) throw outcome.error;
    h.sandbox.shiftTime(91_000);
    expect((await h.fetchMedia(outcome.result.items[0]!)).status).toBe(404);
  });
});

describe('cobalt adapter: instance errors', () => {
  it('sends the API key and succeeds when the instance requires one', async () => {
    h.sandbox.control('cobalt', `api-key:${KEY}`);
    const outcome = await h.outcome(createCobaltProvider({ baseUrl, apiKey: KEY }), h.sandbox.scenario('video-post'));
    expect(outcome.ok).toBe(true);
    expect(posts()[0]!.headers['authorization']).toBe(`Api-Key ${KEY}`);
  });

  it('says MISCONFIGURED (with the cobalt code) for a missing or unknown key', async () => {
    h.sandbox.control('cobalt', `api-key:${KEY}`);
    const missing = await h.outcome(createCobaltProvider({ baseUrl }), h.sandbox.scenario('video-post'));
    expect(missing).toMatchObject({ ok: false, code: 'MISCONFIGURED', error: { detail: { cobaltCode: 'error.api.auth.key.missing' } } });
    const wrong = await h.outcome(createCobaltProvider({ baseUrl, apiKey: '00000000-0000-4000-8000-000000000000' }), h.sandbox.scenario('video-post'));
    expect(wrong).toMatchObject({ ok: false, code: 'MISCONFIGURED', error: { detail: { cobaltCode: 'error.api.auth.key.not_found' } } });
  });

  it('says RATE_LIMITED with the RateLimit-Reset time when the instance limit is reached', async () => {
    h.sandbox.control('cobalt', 'rate-limit:0');
    const outcome = await h.outcome(createCobaltProvider({ baseUrl }), h.sandbox.scenario('video-post'), { want: 'video' });
    expect(outcome).toMatchObject({ ok: false, code: 'RATE_LIMITED' });
    const retryAfterMs = (outcome as { error: { retryAfterMs: number } }).error.retryAfterMs;
    expect(retryAfterMs).toBeGreaterThan(0);
    expect(retryAfterMs).toBeLessThanOrEqual(60_000);
  });

  it('refuses local processing with UPSTREAM_CHANGED that says why', async () => {
    h.sandbox.control('cobalt', 'force-local-processing');
    const outcome = await h.outcome(createCobaltProvider({ baseUrl }), h.sandbox.scenario('video-post'), { want: 'video' });
    expect(outcome).toMatchObject({ ok: false, code: 'UPSTREAM_CHANGED' });
    expect((outcome as { error: Error }).error.message).toMatch(/local processing/);
  });

  it('maps content errors one by one: private is final, region-blocked and deleted are not', async () => {
    const provider = createCobaltProvider({ baseUrl });
    expect(await h.outcome(provider, h.sandbox.scenario('private-post'))).toMatchObject({ ok: false, code: 'PRIVATE', error: { final: true } });
    expect(await h.outcome(provider, h.sandbox.scenario('age-restricted'))).toMatchObject({ ok: false, code: 'AGE_RESTRICTED' });
    expect(await h.outcome(provider, h.sandbox.scenario('region-blocked'))).toMatchObject({ ok: false, code: 'REGION_BLOCKED', error: { final: false } });
    expect(await h.outcome(provider, h.sandbox.scenario('post-deleted'))).toMatchObject({ ok: false, code: 'NOT_FOUND', error: { final: false } });
  });

  it('stops the in-flight request when aborted', async () => {
    h.sandbox.setFault('cobalt', { kind: 'hang' });
    const controller = new AbortController();
    const pending = createCobaltProvider({ baseUrl }).resolve(h.link(h.sandbox.scenario('video-post')), h.ctx({ signal: controller.signal }));
    await waitForRequest(h.sandbox, (path, method) => method === 'POST' && path === '/');
    controller.abort();
    await expect(pending).rejects.toMatchObject({ code: 'CANCELLED' });
  });
});

describe('cobalt adapter: a wrong instance URL', () => {
  it('says UPSTREAM_CHANGED with a hint to use the API URL when the address is not a cobalt API', async () => {
    const outcome = await h.outcome(createCobaltProvider({ baseUrl: 'https://tikdown.org' }), h.sandbox.scenario('video-post'), { want: 'video' });
    expect(outcome).toMatchObject({ ok: false, code: 'UPSTREAM_CHANGED' });
    expect(renderHint((outcome as { error: TiksaverError }).error.hint, (setting) => setting)).toContain('instance API');
  });
});
