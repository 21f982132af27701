import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SCENARIOS } from '@tiksaver/sandbox';
import { createVidgapProvider } from '../src/vidgap/index.js';
import { faultCodes } from './contract/index.js';
import { expectCatalogueOutcome, openHarness, waitForRequest, type Harness } from './helpers/sandbox-harness.js';

let h: Harness;
beforeAll(async () => {
  h = await openHarness();
});
afterAll(() => h?.close());
afterEach(() => {
  h.sandbox.clearFaults();
  h.sandbox.control('vidgap', 'normal');
});

const byId = (id: string) => SCENARIOS.find((s) => s.id === id)!;
const fastRetries = { retryDelayMs: 20 };

describe('vidgap against the sandbox', () => {
  const provider = createVidgapProvider(fastRetries);

  it.each(SCENARIOS.map((s) => [s.id, s] as const))('%s ends as the catalogue expects', async (_id, scenario) => {
    const result = expectCatalogueOutcome(await h.outcome(provider, scenario), scenario, scenario.expect.vidgap);
    if (!result) return;
    expect(result.caption).toBe(scenario.caption || undefined);
  });

  it('accepts a short link handed over directly (tab "all")', async () => {
    h.sandbox.log.clear();
    const outcome = await h.outcome(provider, byId('photo-post'), { form: 'short' });
    expect(outcome.ok && outcome.result.kind).toBe('photo');
    const call = h.sandbox.log.for('vidgap').find((r) => r.method === 'POST')!;
    expect(JSON.parse(call.body!)[0].tab).toBe('all');
  });

  it('sends the documented server-action request after a cookie warm-up', async () => {
    h.sandbox.log.clear();
    const scenario = byId('story-video');
    const outcome = await h.outcome(provider, scenario);
    expect(outcome.ok).toBe(true);
    const log = h.sandbox.log.for('vidgap');
    const post = log.find((r) => r.method === 'POST' && r.path === '/')!;
    expect(log.indexOf(post)).toBeGreaterThan(0);
    expect(log[0]).toMatchObject({ method: 'GET', path: '/' });
    expect(post.headers['next-action']).toMatch(/^[0-9a-f]{42}$/);
    expect(post.headers['content-type']).toBe('text/plain;charset=UTF-8');
    expect(post.headers['accept']).toBe('text/x-component');
    expect(decodeURIComponent(String(post.headers['next-router-state-tree']))).toBe('["",{"children":["__PAGE__",{},null,null,0]},null,null,16]');
    expect(post.headers['referer']).toBe('https://vidgap.com/');
    expect(post.cookies?.['__cf_bm']).toBeTruthy();
    expect(JSON.parse(post.body!)).toEqual([{ vLink: encodeURIComponent(scenario.link), agent: 'Web', tab: 'story', amplified: false, platform: 'tiktok' }]);
  });

  it('picks the tab per kind and wish', async () => {
    h.sandbox.log.clear();
    await h.outcome(provider, byId('photo-post'));
    await h.outcome(provider, byId('video-post'), { want: 'audio' });
    await h.outcome(provider, byId('video-post'));
    const tabs = h.sandbox.log
      .for('vidgap')
      .filter((r) => r.method === 'POST')
      .map((r) => JSON.parse(r.body!)[0].tab);
    expect(tabs).toEqual(['slideshow', 'audio', 'video']);
  });

  it('labels HD, SD and the watermarked last resort; every file downloads with the TikTok Referer', async () => {
    const outcome = await h.outcome(provider, byId('video-post'));
    if (!outcome.ok) throw outcome.error;
    const videos = outcome.result.items.filter((i) => i.type === 'video');
    expect(videos.map((v) => [v.quality, v.watermark])).toEqual([
      ['HD', false],
      ['SD', false],
      ['watermarked', true],
    ]);
    for (const item of outcome.result.items) {
      expect(new URL(item.url).hostname).toMatch(/tiktokcdn/);
      expect(item.headers?.['Referer']).toBe('https://www.tiktok.com/');
      const got = await h.fetchMedia(item);
      expect(got.status, item.url).toBe(200);
      expect(got.bytes).toBeGreaterThan(100);
    }
  });

  it('delivers photo-post images and music, downloadable', async () => {
    const scenario = byId('photo-post');
    const outcome = await h.outcome(provider, scenario);
    if (!outcome.ok) throw outcome.error;
    expect(outcome.result.items.filter((i) => i.type === 'image')).toHaveLength(scenario.media.images!);
    const audio = outcome.result.items.find((i) => i.type === 'audio')!;
    expect(audio.ext).toBe('mp3');
    const got = await h.fetchMedia(audio);
    expect(got.status).toBe(200);
    expect(got.contentType).toMatch(/audio/);
  });

  it('survives a redeploy without a restart: the same instance rediscovers the action id once', async () => {
    const scenario = byId('video-post');
    expect((await h.outcome(provider, scenario)).ok).toBe(true);
    const before = h.sandbox.log.for('vidgap').filter((r) => r.method === 'POST').at(-1)!.headers['next-action'];
    h.sandbox.control('vidgap', 'redeploy');
    h.sandbox.log.clear();
    const after = await h.outcome(provider, scenario);
    expect(after.ok, after.ok ? '' : String((after as { error: unknown }).error)).toBe(true);
    const log = h.sandbox.log.for('vidgap');
    const posts = log.filter((r) => r.method === 'POST');
    expect(posts).toHaveLength(2);
    expect(posts[0]!.headers['next-action']).toBe(before);
    expect(posts[1]!.headers['next-action']).not.toBe(before);
    expect(log.some((r) => r.path.startsWith('/_next/static/chunks/'))).toBe(true);
    // Cached again: the next resolution reads no chunks.
    h.sandbox.log.clear();
    expect((await h.outcome(provider, scenario)).ok).toBe(true);
    expect(h.sandbox.log.for('vidgap').some((r) => r.path.startsWith('/_next/'))).toBe(false);
  });

  it('a configured stale action id is replaced by discovery', async () => {
    h.sandbox.log.clear();
    const seeded = createVidgapProvider({ ...fastRetries, actionId: `40${'0'.repeat(40)}` });
    const outcome = await h.outcome(seeded, byId('video-post'));
    expect(outcome.ok).toBe(true);
    const posts = h.sandbox.log.for('vidgap').filter((r) => r.method === 'POST');
    expect(posts.map((r) => r.headers['next-action'] === `40${'0'.repeat(40)}`)).toEqual([true, false]);
  });

  it('reads a missing result row as RATE_LIMITED and a queue session as UPSTREAM_CHANGED', async () => {
    h.sandbox.control('vidgap', 'throttle');
    const throttled = await h.outcome(provider, byId('video-post'));
    expect(throttled.ok ? 'resolved' : throttled.code).toBe('RATE_LIMITED');
    h.sandbox.control('vidgap', 'queue');
    const queued = await h.outcome(provider, byId('video-post'));
    expect(queued.ok ? 'resolved' : queued.code).toBe('UPSTREAM_CHANGED');
    expect(queued.ok ? '' : String((queued.error as Error).message)).toMatch(/queue/i);
  });

  it('retries 502/503 twice with backoff, then succeeds', async () => {
    await h.outcome(provider, byId('video-post')); // warm the id cache
    h.sandbox.control('vidgap', 'overload:2');
    h.sandbox.log.clear();
    const outcome = await h.outcome(provider, byId('video-post'));
    expect(outcome.ok, outcome.ok ? '' : String((outcome as { error: unknown }).error)).toBe(true);
    expect(h.sandbox.log.for('vidgap').filter((r) => r.method === 'POST')).toHaveLength(3);
  });

  it('gives up after two retries of a persistent overload', async () => {
    h.sandbox.control('vidgap', 'overload:3');
    h.sandbox.log.clear();
    const outcome = await h.outcome(provider, byId('video-post'));
    expect(outcome.ok ? 'resolved' : outcome.code).toBe('NETWORK');
    expect(h.sandbox.log.for('vidgap').filter((r) => r.method === 'POST')).toHaveLength(3);
  });

  it('the site refuses the action without the warm-up cookie (Cloudflare challenge)', async () => {
    const res = await h.http.fork().request('https://vidgap.com/', {
      method: 'POST',
      body: '[]',
      headers: { 'Next-Action': 'x' },
      okStatuses: [403],
    });
    expect(res.status).toBe(403);
    expect(res.header('cf-mitigated')).toBe('challenge');
  });

  it('aborts during the backoff wait', async () => {
    await h.outcome(provider, byId('video-post'));
    h.sandbox.control('vidgap', 'overload:3');
    h.sandbox.log.clear();
    const controller = new AbortController();
    const slow = createVidgapProvider({ retryDelayMs: 60_000 });
    const pending = slow.resolve(h.link(byId('video-post')), h.ctx({ signal: controller.signal }));
    await waitForRequest(h.sandbox, (path, method) => method === 'POST' && path === '/');
    controller.abort();
    await expect(pending).rejects.toMatchObject({ code: 'CANCELLED' });
  });

  it('stops in-flight requests when the signal aborts', async () => {
    const scenario = byId('video-post');
    await h.outcome(provider, scenario); // warm the id cache
    h.sandbox.log.clear();
    h.sandbox.setFault('vidgap.com', { kind: 'hang' });
    const controller = new AbortController();
    const pending = provider.resolve(h.link(scenario), h.ctx({ signal: controller.signal }));
    await waitForRequest(h.sandbox, (path) => path === '/');
    controller.abort();
    await expect(pending).rejects.toMatchObject({ code: 'CANCELLED' });
  });
});

describe('vidgap under sandbox faults', () => {
  const provider = createVidgapProvider({ timeoutMs: 1000, retryDelayMs: 10 });

  it.each(['status-429', 'status-403', 'status-404', 'reset', 'malformed', 'schema-drift', 'redirect-loop', 'redirect-private', 'oversize', 'hang'] as const)('%s', async (kind) => {
    h.sandbox.setFault('vidgap.com', { kind, ...(kind === 'oversize' && { value: 8 * 1024 * 1024 }) });
    const outcome = await h.outcome(provider, byId('video-post'));
    expect(faultCodes(kind, 'vidgap')).toContain(outcome.ok ? 'resolved' : outcome.code);
  });
});
