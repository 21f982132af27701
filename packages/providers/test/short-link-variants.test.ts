/**
 * Issue 13 acceptance: a TikTok Lite short link and a comment share resolve to the post in
 * the sandbox (they land on t.tiktok.com/i18n/share/video/ID/, an item link).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createResolver } from '@tiksaver/core';
import { SHORT_LINK_VARIANTS } from '@tiksaver/sandbox';
import { createNativeProvider } from '../src/native/index.js';
import { createTikwmProvider } from '../src/tikwm/index.js';
import { openHarness, type Harness } from './helpers/sandbox-harness.js';

let h: Harness;
beforeAll(async () => {
  h = await openHarness();
});
afterAll(() => h?.close());

describe('Lite and comment shares', () => {
  it.each(SHORT_LINK_VARIANTS.map((v) => [v.lands, v.shortLink, v] as const))('a %s share (%s) resolves to the post', async (_lands, shortLink, v) => {
    const s = h.sandbox.scenario(v.scenarioId);
    const resolver = createResolver({ providers: [createNativeProvider({ now: () => h.sandbox.now() })], http: h.http });
    const report = await resolver.resolve(`Watch this on TikTok Lite! ${shortLink}`);
    expect(report.ok, JSON.stringify(report.error)).toBe(true);
    expect(report.link).toMatchObject({ kind: 'video', id: s.itemId, expandedFrom: shortLink, ...(v.commentId && { comment: v.commentId }) });
    expect(report.result).toMatchObject({ id: s.itemId, kind: s.kind });
  });

  it('a service handed the expanded Lite link finds the post too', async () => {
    const resolver = createResolver({ providers: [createTikwmProvider()], http: h.http });
    const report = await resolver.resolve('https://vm.tiktok.com/ZMhvLite5/');
    expect(report.ok, JSON.stringify(report.error)).toBe(true);
    expect(report.result?.id).toBe(h.sandbox.scenario('video-post').itemId);
  });
});
