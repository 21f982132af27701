/**
 * Issue 13: a service's word is hearsay. Ambiguous texts map to the least committal code,
 * and in a chain no service's claim ends it or becomes a final verdict.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createResolver } from '@tiksaver/core';
import { createDefaultProviders } from '../src/registry.js';
import { snaptikFailure } from '../src/snaptik/errors.js';
import { createSnaptikProvider, snaptikCodeForMessage } from '../src/snaptik/index.js';
import { vidgapFailure } from '../src/vidgap/errors.js';
import { createVidgapProvider } from '../src/vidgap/index.js';
import { openHarness, type Harness } from './helpers/sandbox-harness.js';

let h: Harness;
beforeAll(async () => {
  h = await openHarness();
});
afterAll(() => h?.close());

describe('ambiguous service texts', () => {
  it.each(['Video not found or private.', 'This video is private or has been removed', 'Video not found, or the account is private'])(
    'SnapTik "%s" is NOT_FOUND with its own wording, never PRIVATE',
    (text) => {
      expect(snaptikCodeForMessage(text)).toBe('NOT_FOUND');
      expect(snaptikFailure(text, 'extract')).toMatchObject({ code: 'NOT_FOUND', final: false, detail: { claim: 'not found or private' } });
    },
  );

  it('a plain "private" or "not found" keeps its meaning', () => {
    expect(snaptikCodeForMessage('This video is private.')).toBe('PRIVATE');
    expect(snaptikFailure('Video not found or has been removed.', 'extract').detail).not.toHaveProperty('claim');
  });

  it('VidGap without a known failureKind reads "not found or private" the same way', () => {
    expect(vidgapFailure(undefined, 'Content not found or private')).toMatchObject({ code: 'NOT_FOUND', detail: { claim: 'not found or private' } });
    expect(vidgapFailure('private', 'This account is private.').code).toBe('PRIVATE');
  });

  it('every download service speaks as a service, only native for TikTok', () => {
    const authority = Object.fromEntries(createDefaultProviders({ cobaltUrl: 'https://cobalt.example' }).map((p) => [p.id, p.authority ?? 'tiktok']));
    expect(authority).toEqual({ native: 'tiktok', snaptik: 'service', vidgap: 'service', tikdown: 'service', tikwm: 'service', cobalt: 'service' });
  });
});

describe('services in the chain', () => {
  it('a deleted post with snaptik and vidgap ends as not found, both asked, never private', async () => {
    const resolver = createResolver({ providers: [createSnaptikProvider(), createVidgapProvider()], http: h.http, strategy: 'hedged', hedgeDelayMs: 0 });
    const report = await resolver.resolve(h.sandbox.scenario('post-deleted').link);
    expect(report.attempts.map((a) => [a.provider, a.outcome, a.error?.code, a.error?.final])).toEqual([
      ['snaptik', 'failed', 'NOT_FOUND', false],
      ['vidgap', 'failed', 'NOT_FOUND', false],
    ]);
    expect(report.error).toMatchObject({ code: 'NOT_FOUND', final: false });
    expect(report.error?.message).toMatch(/^2 services say not found \(snaptik: not found or private, vidgap\); TikTok itself was not asked\./);
    expect(report.error?.detail).toMatchObject({ claims: { snaptik: 'not found or private', vidgap: 'not found' } });
  });

  it('a service\'s "private" does not stop the chain: a private account with only services ends non-final', async () => {
    const resolver = createResolver({ providers: [createVidgapProvider(), createSnaptikProvider()], http: h.http, strategy: 'sequential' });
    const report = await resolver.resolve(h.sandbox.scenario('private-account').link);
    expect(report.attempts.map((a) => a.outcome)).toEqual(['failed', 'failed']);
    expect(report.attempts[0]?.error).toMatchObject({ code: 'PRIVATE', final: false, detail: { hearsay: true } });
    expect(report.error?.final).toBe(false);
  });

  it('with TikTok\'s pages refused, every service asked is named and so is the refusal', async () => {
    h.sandbox.setFault('www.tiktok.com', { kind: 'status-403' });
    h.sandbox.setFault('m.tiktok.com', { kind: 'status-403' });
    try {
      const providers = createDefaultProviders({ providers: ['native', 'snaptik', 'vidgap', 'tikwm'], exclude: [] }).filter((p) => p.enabled !== false);
      const resolver = createResolver({ providers, http: h.http, strategy: 'sequential' });
      const report = await resolver.resolve(h.sandbox.scenario('post-deleted').link);
      expect(report.attempts[0]).toMatchObject({ provider: 'native', outcome: 'failed' });
      expect(report.error).toMatchObject({ code: 'NOT_FOUND', final: false });
      expect(report.error?.message).toMatch(/^3 services say not found \(snaptik: not found or private, vidgap, tikwm\); TikTok itself could not be asked/);
    } finally {
      h.sandbox.clearFaults();
    }
  }, 60_000);
});
