import { createHttpClient, createResolver, parseLink, silentLogger, type Provider } from '@tiksaver/core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTikdownProvider } from '../src/tikdown/index.js';
import { createTikwmProvider } from '../src/tikwm/index.js';
import { mediaTypes, openHarness, waitForRequest, type Harness } from './helpers/sandbox-harness.js';

let h: Harness;
const provider: Provider = createTikwmProvider();

beforeAll(async () => {
  h = await openHarness();
});
afterAll(() => h.close());
beforeEach(() => {
  h.sandbox.control('tikwm', 'reset');
  h.sandbox.clearFaults();
  h.sandbox.log.clear();
});

const apiCalls = () => h.sandbox.log.for('tikwm').filter((e) => e.path.startsWith('/api'));

describe('tikwm adapter against the sandbox', () => {
  it('saves a video post as its H.264 no-watermark video (HEVC HD offered next) plus its sound, downloaded from tikwm', async () => {
    const outcome = await h.outcome(provider, h.sandbox.scenario('video-post'));
    if (!outcome.ok) throw outcome.error;
    expect(mediaTypes(outcome.result)).toEqual(['audio', 'video']);
    const [video, hd, audio] = outcome.result.items;
    expect(video).toMatchObject({ url: expect.stringMatching(/^https:\/\/www\.tikwm\.com\/video\/media\/play\//), watermark: false, codec: 'h264', quality: 'SD, no watermark' });
    expect(hd).toMatchObject({ url: expect.stringMatching(/^https:\/\/www\.tikwm\.com\/video\/media\/hdplay\//), watermark: false, codec: 'h265', quality: 'HD (H.265/HEVC), no watermark' });
    expect(await h.fetchMedia(video!)).toMatchObject({ status: 200, contentType: 'video/mp4', bytes: video!.sizeBytes });
    expect(await h.fetchMedia(hd!)).toMatchObject({ status: 200, contentType: 'video/mp4', bytes: hd!.sizeBytes });
    expect(await h.fetchMedia(audio!)).toMatchObject({ status: 200, contentType: 'audio/mpeg' });
  }, 30_000);

  it('with the H.265 preference puts hdplay first', async () => {
    const outcome = await h.outcome(createTikwmProvider({ codec: 'h265' }), h.sandbox.scenario('video-post'));
    if (!outcome.ok) throw outcome.error;
    expect(outcome.result.items[0]).toMatchObject({ codec: 'h265', url: expect.stringMatching(/\/hdplay\//) });
  }, 30_000);

  it('resolves answers without data.id (2021 sample, 2023 list item) from the link', async () => {
    for (const id of ['legacy-fields', 'sigi-layout']) {
      const s = h.sandbox.scenario(id);
      const outcome = await h.outcome(provider, s);
      if (!outcome.ok) throw outcome.error;
      expect(outcome.result).toMatchObject({ id: s.itemId, kind: 'video' });
      expect(outcome.result.items[0]).toMatchObject({ codec: 'h264' });
    }
  }, 30_000);

  it('saves the 12 images and the music of a photo post', async () => {
    const outcome = await h.outcome(provider, h.sandbox.scenario('photo-post'));
    if (!outcome.ok) throw outcome.error;
    expect(outcome.result.kind).toBe('photo');
    const images = outcome.result.items.filter((i) => i.type === 'image');
    expect(images.map((i) => i.index)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    expect(await h.fetchMedia(images[11]!)).toMatchObject({ status: 200, contentType: 'image/jpeg' });
  }, 30_000);

  it('POSTs the form with hd=1 and the browser XHR headers', async () => {
    await h.outcome(provider, h.sandbox.scenario('video-post'));
    const [call] = apiCalls();
    expect(call).toMatchObject({ method: 'POST', path: '/api/' });
    expect(call!.headers['x-requested-with']).toBe('XMLHttpRequest');
    expect(call!.headers['user-agent']).toMatch(/Mozilla/);
    expect(Object.fromEntries(new URLSearchParams(call!.body))).toEqual({ url: h.sandbox.scenario('video-post').link, hd: '1' });
  }, 30_000);

  it('falls back to GET /api/?url=&hd=1 when the POST is refused', async () => {
    h.sandbox.control('tikwm', 'refuse-post');
    const outcome = await h.outcome(provider, h.sandbox.scenario('video-post'));
    expect(outcome.ok).toBe(true);
    expect(apiCalls().map((e) => e.method)).toEqual(['POST', 'GET']);
    expect(apiCalls()[1]!.path).toMatch(/^\/api\/\?url=.+&hd=1$/);
  }, 30_000);

  it('spaces its calls at least one second apart, even when asked concurrently', async () => {
    const scenarios = ['video-post', 'photo-post', 'region-blocked'].map((id) => h.sandbox.scenario(id));
    const outcomes = await Promise.all(scenarios.map((s) => h.outcome(provider, s)));
    expect(outcomes.map((o) => o.ok)).toEqual([true, true, true]);
    const times = apiCalls().map((e) => e.at);
    expect(times).toHaveLength(3);
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(1000);
  }, 30_000);

  it('survives a soft limit caused by someone else on the same IP with one paced retry', async () => {
    const s = h.sandbox.scenario('video-post');
    // Another client (its own pacer) takes this second's slot just before us.
    const stranger = createHttpClient({ hostMap: h.sandbox.hostMap, retries: 0 });
    const theirs = await createTikwmProvider().resolve(parseLink(s.link), { signal: new AbortController().signal, http: stranger, logger: silentLogger, want: 'auto' });
    expect(theirs.items.length).toBeGreaterThan(0);
    const outcome = await h.outcome(provider, s);
    expect(outcome.ok).toBe(true);
  }, 30_000);

  it('reports RATE_LIMITED with a retry time when the free-tier limit persists', async () => {
    h.sandbox.control('tikwm', 'interval-ms:600000');
    await h.outcome(provider, h.sandbox.scenario('video-post'));
    const outcome = await h.outcome(provider, h.sandbox.scenario('video-post'));
    expect(outcome).toMatchObject({ ok: false, code: 'RATE_LIMITED', error: { final: false } });
    const retryAfterMs = (outcome as { error: { retryAfterMs: number } }).error.retryAfterMs;
    expect(retryAfterMs).toBeGreaterThanOrEqual(1000);
    expect(retryAfterMs).toBeLessThanOrEqual(2000);
  }, 30_000);

  it('reports RATE_LIMITED with the lock-out time while tikwm blocks the IP after a burst', async () => {
    h.sandbox.control('tikwm', 'lockout:45000');
    const outcome = await h.outcome(provider, h.sandbox.scenario('video-post'));
    expect(outcome).toMatchObject({ ok: false, code: 'RATE_LIMITED' });
    // Retry-After counts down from 45 s (the pacer may have held the call a second).
    const retryAfterMs = (outcome as { error: { retryAfterMs: number } }).error.retryAfterMs;
    expect(retryAfterMs).toBeGreaterThan(30_000);
    expect(retryAfterMs).toBeLessThanOrEqual(45_000);
  }, 30_000);

  it('says NOT_FOUND (non-final) for a deleted post and UNSUPPORTED_KIND for a live story', async () => {
    expect(await h.outcome(provider, h.sandbox.scenario('post-deleted'))).toMatchObject({ ok: false, code: 'NOT_FOUND', error: { final: false } });
    expect(await h.outcome(provider, h.sandbox.scenario('story-video'))).toMatchObject({ ok: false, code: 'UNSUPPORTED_KIND' });
  }, 30_000);

  it('maps an HTTP 403 block to BLOCKED and drifted JSON to UPSTREAM_CHANGED', async () => {
    h.sandbox.setFault('www.tikwm.com', { kind: 'schema-drift', path: '/api', times: 1 });
    expect(await h.outcome(provider, h.sandbox.scenario('video-post'))).toMatchObject({ ok: false, code: 'UPSTREAM_CHANGED' });
    h.sandbox.control('tikwm', 'refuse-post');
    const blocked = await provider
      .resolve(h.link(h.sandbox.scenario('video-post')), { ...h.ctx(), http: h.http.fork({ headers: { 'user-agent': 'curl/8.5' } }) })
      .catch((error: unknown) => error);
    expect(blocked).toMatchObject({ code: 'BLOCKED' });
  }, 30_000);

  it('stops a call waiting for its turn or in flight when aborted', async () => {
    h.sandbox.setFault('www.tikwm.com', { kind: 'hang', path: '/api' });
    const controller = new AbortController();
    const pending = provider.resolve(h.link(h.sandbox.scenario('video-post')), h.ctx({ signal: controller.signal }));
    await waitForRequest(h.sandbox, (path) => path.startsWith('/api'));
    controller.abort();
    await expect(pending).rejects.toMatchObject({ code: 'CANCELLED' });
  }, 30_000);
});

describe('tikwm in the fallback chain', () => {
  it('shows RATE_LIMITED and the retry time in its attempt while tikwm is locked out, and the next provider still wins', async () => {
    h.sandbox.control('tikwm', 'reset');
    h.sandbox.control('tikwm', 'lockout:40000');
    const resolver = createResolver({ providers: [createTikwmProvider(), createTikdownProvider()], http: h.http });
    const report = await resolver.resolve(h.sandbox.scenario('video-post').link);
    expect(report).toMatchObject({ ok: true, provider: 'tikdown' });
    const tikwm = report.attempts.find((a) => a.provider === 'tikwm')!;
    expect(tikwm).toMatchObject({ outcome: 'failed', error: { code: 'RATE_LIMITED' } });
    expect(tikwm.error!.retryAfterMs).toBeGreaterThan(30_000);
  }, 30_000);
});
