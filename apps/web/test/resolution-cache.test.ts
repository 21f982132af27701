/**
 * The resolution cache (issue 19) and re-resolve amplification (issue 17 item 7), in memory
 * mode: the same item pasted many times costs one upstream resolve, concurrent identical
 * resolves share one run, a failed resolve is reused briefly, and a media request whose
 * report is gone re-resolves through the same cache and pays the resolve rate limit.
 */
import { startSandbox, type Sandbox } from '@tiksaver/sandbox';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ResolveReport } from '@tiksaver/core';
import type { WebReport } from '../shared/types.js';
import { createReportCache, earliestMediaExpiry } from '../server/report-cache.js';
import { createResolutionCache, resolutionKey } from '../server/resolution-cache.js';
import { createMemoryCache } from '../server/store/memory-store.js';
import { postJson, startWeb, type WebUnderTest } from './helpers.js';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox();
});
afterAll(async () => {
  await sandbox?.close();
});
beforeEach(() => {
  sandbox.clearFaults();
});

const upstreamCalls = () => sandbox.log.all().length;

async function resolveJson(web: WebUnderTest, input: string, extra: Record<string, unknown> = {}): Promise<WebReport & { cached?: boolean }> {
  const response = await postJson(web.url, { input, strategy: 'sequential', ...extra });
  return (await response.json()) as WebReport & { cached?: boolean };
}

describe('resolution cache keys', () => {
  it('keys by the canonical item id and the wanted media, not by the pasted text', () => {
    const a = resolutionKey('Look! https://www.tiktok.com/@mila/video/7441820391556789262?is_from_webapp=1&sender_device=pc');
    const b = resolutionKey('https://m.tiktok.com/@someone/video/7441820391556789262');
    expect(a).toBe('item:7441820391556789262|auto');
    expect(b).toBe(a);
    expect(resolutionKey('https://www.tiktok.com/@mila/video/7441820391556789262', { want: 'audio' })).toBe('item:7441820391556789262|audio');
    expect(resolutionKey('https://www.tiktok.com/@mila/video/7441820391556789262', { strategy: 'all' })).toContain('|all');
    expect(resolutionKey('https://www.tiktok.com/@mila')).toBeUndefined();
    expect(resolutionKey('https://vm.tiktok.com/ZMhvqK7Xa/')).toMatch(/^short:/);
  });

  it('never keeps a report past the earliest signed media URL expiry', () => {
    const now = 1_700_000_000_000;
    const expiresSec = Math.floor(now / 1000) + 90;
    const report = {
      input: 'x',
      link: { kind: 'video', input: 'x' },
      ok: true,
      attempts: [],
      strategy: 'sequential',
      totalMs: 1,
      result: {
        kind: 'video',
        id: '1',
        url: 'https://www.tiktok.com/@a/video/1',
        items: [
          { type: 'video', ext: 'mp4', url: `https://v16-webapp-prime.tiktokcdn.com/v/?expire=${expiresSec + 3600}&signature=s` },
          { type: 'audio', ext: 'mp3', url: `https://sf16-ies-music-va.tiktokcdn.com/a.mp3?x-expires=${expiresSec}&x-signature=s` },
        ],
      },
    } as ResolveReport;
    expect(earliestMediaExpiry(report)).toBe(expiresSec * 1000);
    const reports = createReportCache({ ttlMs: 5 * 60_000, now: () => now });
    // 90 s to the expiry, less the 60 s margin for a download to finish.
    expect(reports.ttlFor(report)).toBe(30_000);
    expect(createReportCache({ ttlMs: 10_000, now: () => now }).ttlFor(report)).toBe(10_000);
  });

  it('bounds the memory cache by total bytes, dropping the least recently used', async () => {
    const cache = createMemoryCache({ maxCacheBytes: 1000 });
    await cache.set('report', 'a', 'x'.repeat(400), 60_000);
    await cache.set('report', 'b', 'x'.repeat(400), 60_000);
    await cache.get('report', 'a');
    await cache.set('report', 'c', 'x'.repeat(400), 60_000);
    expect(await cache.get('report', 'b')).toBeUndefined();
    expect(await cache.get('report', 'a')).toBeDefined();
    expect(await cache.get('report', 'c')).toBeDefined();
    await cache.set('report', 'huge', 'x'.repeat(2000), 60_000);
    expect(await cache.get('report', 'huge')).toBeUndefined();
  });

  it('shares one run between concurrent callers and cancels it only when all have gone', async () => {
    const store = createMemoryCache();
    const resolutions = createResolutionCache({ store, reports: createReportCache({ store }) });
    let runs = 0;
    let release!: () => void;
    const gate = new Promise<void>((done) => (release = done));
    let seenSignal: AbortSignal | undefined;
    const load = async (signal: AbortSignal): Promise<ResolveReport> => {
      runs++;
      seenSignal = signal;
      await gate;
      return { input: 'x', link: { kind: 'video', input: 'x' }, ok: false, attempts: [], strategy: 'sequential', totalMs: 1, error: { code: 'NETWORK', message: 'down', hint: 'h', final: false } };
    };
    const leaving = new AbortController();
    const first = resolutions.resolve('item:1|auto', load, leaving.signal);
    const second = resolutions.resolve('item:1|auto', load);
    leaving.abort();
    await expect(first).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(seenSignal?.aborted).toBe(false);
    release();
    const shared = await second;
    expect(runs).toBe(1);
    expect(shared.report.error?.code).toBe('NETWORK');
    // The failure is reused for a while (the short failure cache).
    expect((await resolutions.resolve('item:1|auto', load)).fresh).toBe(false);
    expect(runs).toBe(1);
  });
});

describe('POST /api/resolve with the resolution cache on', () => {
  let web: WebUnderTest;
  beforeAll(async () => {
    web = await startWeb(sandbox, { config: { resolveCacheTtlMs: 60_000, failureCacheTtlMs: 10_000 } });
  });
  afterAll(async () => {
    await web?.close();
  });

  it('answers the same item again without an upstream request, marked cached', async () => {
    const link = sandbox.scenario('video-post').link;
    const first = await resolveJson(web, link);
    expect(first.ok).toBe(true);
    expect(first.cached).toBeUndefined();
    const before = upstreamCalls();
    const again = await resolveJson(web, `Watch this ${link}?is_from_webapp=1`);
    expect(again).toMatchObject({ ok: true, cached: true, provider: first.provider });
    expect(again.input).toContain('Watch this');
    // Never the text of whoever pasted it first.
    expect(again.link.input).toContain('Watch this');
    expect(upstreamCalls()).toBe(before);
    // The cached answer's links work like the first ones.
    const media = await fetch(web.url + again.result!.items[again.result!.selected[0]!]!.downloadUrl);
    expect(media.status).toBe(200);
    await media.arrayBuffer();
  });

  it('a story pasted by fifty people at once costs one upstream resolve', async () => {
    const link = sandbox.scenario('story-video').link;
    const before = upstreamCalls();
    const reports = await Promise.all(Array.from({ length: 50 }, () => resolveJson(web, link, { want: 'video' })));
    const during = upstreamCalls() - before;
    expect(reports.every((r) => r.ok)).toBe(true);
    expect(reports.filter((r) => !r.cached)).toHaveLength(1);
    // One more, alone, for the size of one run.
    const oneRun = await (async () => {
      const start = upstreamCalls();
      await resolveJson(web, link, { want: 'video', providers: ['native', 'snaptik'] });
      return upstreamCalls() - start;
    })();
    expect(during).toBeLessThanOrEqual(oneRun);
  });

  it('replays the attempts of a cached answer on an event stream', async () => {
    const link = sandbox.scenario('video-post').link;
    await resolveJson(web, link);
    const response = await postJson(web.url, { input: link, strategy: 'sequential' }, { Accept: 'text/event-stream' });
    const text = await response.text();
    expect(text).toContain('event: link');
    expect(text).toContain('event: attempt-end');
    expect(text).toMatch(/event: report\ndata: .*"cached":true/);
  });

  it('reuses a failed resolve for a few seconds instead of re-running the chain', async () => {
    const link = sandbox.scenario('photo-post').link;
    sandbox.setFault('*', { kind: 'status-503' });
    const first = await resolveJson(web, link);
    expect(first.ok).toBe(false);
    const before = upstreamCalls();
    const again = await resolveJson(web, link);
    expect(again).toMatchObject({ ok: false, cached: true, error: { code: first.error!.code } });
    expect(upstreamCalls()).toBe(before);
  });
});

describe('media requests whose report is gone (issue 17 item 7: re-resolve amplification)', () => {
  let cacheClock = Date.now();
  async function webWith(config: Record<string, unknown>): Promise<WebUnderTest> {
    return startWeb(sandbox, { config, deps: { cache: createReportCache({ ttlMs: 60_000, now: () => cacheClock }) } });
  }

  it('40 requests for an item whose re-resolve fails cost one chain, not forty', async () => {
    const web = await webWith({ resolveCacheTtlMs: 60_000, failureCacheTtlMs: 10_000 });
    try {
      const report = await resolveJson(web, sandbox.scenario('video-post').link);
      const url = web.url + report.result!.items[report.result!.selected[0]!]!.downloadUrl;
      cacheClock += 10 * 60_000;
      sandbox.setFault('*', { kind: 'status-500' });
      const first = await fetch(url);
      const firstBody = (await first.json()) as { error: { code: string } };
      const oneChain = upstreamCalls();
      const statuses: number[] = [first.status];
      for (let wave = 0; wave < 4; wave++) {
        const responses = await Promise.all(Array.from({ length: wave === 0 ? 9 : 10 }, () => fetch(url)));
        for (const response of responses) {
          statuses.push(response.status);
          expect(((await response.json()) as { error: { code: string } }).error.code).toBe(firstBody.error.code);
        }
      }
      expect(statuses).toHaveLength(40);
      expect(new Set(statuses)).toEqual(new Set([first.status]));
      expect(upstreamCalls()).toBe(oneChain);
    } finally {
      cacheClock = Date.now();
      await web.close();
    }
  });

  it('after one re-resolve, the same link (a player seeking) finds the new report without another', async () => {
    const web = await webWith({ resolvePerMinute: 3, resolveCacheTtlMs: 0, failureCacheTtlMs: 0 });
    try {
      const report = await resolveJson(web, sandbox.scenario('video-post').link);
      const url = web.url + report.result!.items[report.result!.selected[0]!]!.downloadUrl;
      cacheClock += 10 * 60_000;
      const pages = () => sandbox.log.all().filter((r) => !r.host.includes('tiktokcdn')).length;
      const statuses: number[] = [];
      let afterFirst = 0;
      for (let i = 0; i < 5; i++) {
        const response = await fetch(url, { headers: { Range: `bytes=${i * 10}-${i * 10 + 9}` } });
        statuses.push(response.status);
        await response.arrayBuffer();
        if (i === 0) afterFirst = pages();
      }
      expect(statuses).toEqual([206, 206, 206, 206, 206]);
      // Only the first one re-resolved (and paid for it: 1 + 1 of the limit of 3).
      expect(pages()).toBe(afterFirst);
    } finally {
      cacheClock = Date.now();
      await web.close();
    }
  });

  it('a re-resolve counts against the resolve rate limit', async () => {
    const web = await webWith({ resolvePerMinute: 3, resolveCacheTtlMs: 0, failureCacheTtlMs: 0 });
    try {
      const report = await resolveJson(web, sandbox.scenario('video-post').link);
      const url = web.url + report.result!.items[report.result!.selected[0]!]!.downloadUrl;
      const statuses: number[] = [];
      for (let i = 0; i < 3; i++) {
        cacheClock += 10 * 60_000;
        const response = await fetch(url);
        statuses.push(response.status);
        if (response.status === 429) {
          expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
          expect(((await response.json()) as { error: { code: string } }).error.code).toBe('TOO_MANY_REQUESTS');
        } else await response.arrayBuffer();
      }
      // One resolve + two re-resolves use the three; the third re-resolve is refused.
      expect(statuses).toEqual([200, 200, 429]);
    } finally {
      cacheClock = Date.now();
      await web.close();
    }
  });
});
