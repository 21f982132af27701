import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createResolver, selectItems } from '@tiksaver/core';
import { createNativeProvider } from '../src/native/index.js';
import { createSnaptikProvider } from '../src/snaptik/index.js';
import { createVidgapProvider } from '../src/vidgap/index.js';
import { openHarness, type Harness } from './helpers/sandbox-harness.js';

let h: Harness;
beforeAll(async () => {
  h = await openHarness();
});
afterAll(() => h?.close());

describe('snaptik and vidgap in the fallback chain (issue 7 acceptance)', () => {
  it('a story photo: snaptik says UNSUPPORTED_KIND and vidgap’s image wins', async () => {
    const resolver = createResolver({ providers: [createSnaptikProvider(), createVidgapProvider()], http: h.http, strategy: 'sequential' });
    const report = await resolver.resolve(h.sandbox.scenario('story-photo').link);
    expect(report.ok).toBe(true);
    expect(report.provider).toBe('vidgap');
    expect(report.attempts.map((a) => [a.provider, a.outcome, a.error?.code])).toEqual([
      ['snaptik', 'failed', 'UNSUPPORTED_KIND'],
      ['vidgap', 'ok', undefined],
    ]);
    expect(selectItems(report.result!, 'auto').map((i) => i.type)).toEqual(['image']);
  });

  it('with native failing, a story video resolves through snaptik and the report names both', async () => {
    // 'tiktok' = every TikTok web host (www and m), so every native page route fails.
    h.sandbox.setFault('tiktok', { kind: 'status-500' });
    try {
      const resolver = createResolver({
        providers: [createNativeProvider({ now: () => h.sandbox.now() }), createSnaptikProvider(), createVidgapProvider()],
        http: h.http,
        strategy: 'sequential',
      });
      const report = await resolver.resolve(h.sandbox.scenario('story-video').link);
      expect(report.ok).toBe(true);
      expect(report.provider).toBe('snaptik');
      expect(report.attempts.filter((a) => a.outcome !== 'skipped').map((a) => [a.provider, a.outcome])).toEqual([
        ['native', 'failed'],
        ['snaptik', 'ok'],
      ]);
      expect(report.result?.kind).toBe('story');
    } finally {
      h.sandbox.clearFaults();
    }
  });

  it('one resolver survives a VidGap redeploy without a restart', async () => {
    const resolver = createResolver({ providers: [createVidgapProvider()], http: h.http, strategy: 'sequential' });
    const link = h.sandbox.scenario('video-post').link;
    expect((await resolver.resolve(link)).ok).toBe(true);
    h.sandbox.control('vidgap', 'redeploy');
    const after = await resolver.resolve(link);
    expect(after.ok, JSON.stringify(after.error)).toBe(true);
    expect(after.provider).toBe('vidgap');
  });
});
