/**
 * A service's word is hearsay (issue 13): only TikTok's own answer ends the chain; the
 * services' claims are counted, and the verdict says who said what.
 */
import { describe, expect, it } from 'vitest';
import { createResolver, TiksaverError, type ErrorCode } from '../src/index.js';
import { fails, ok, outcomes, provider, run, VIDEO_LINK, hintWords } from './engine-helpers.js';

const service = { authority: 'service' as const };
const says = (id: string, code: ErrorCode, claim?: string) =>
  provider(id, () => {
    throw new TiksaverError(code, `${id} says ${code}`, { ...(claim && { detail: { claim } }) });
  }, service);

describe('a service saying "private" or "expired"', () => {
  it('does not stop the chain: the next provider still delivers', async () => {
    const resolver = createResolver({ providers: [says('snaptik', 'PRIVATE'), says('vidgap', 'EXPIRED'), ok('tikwm', service)], strategy: 'sequential' });
    const { report } = await run(resolver, VIDEO_LINK);
    expect(report.ok).toBe(true);
    expect(report.provider).toBe('tikwm');
    expect(report.attempts[0]?.error).toMatchObject({ code: 'PRIVATE', final: false, detail: { hearsay: true } });
    expect(report.attempts[1]?.error).toMatchObject({ code: 'EXPIRED', final: false, detail: { hearsay: true } });
  });

  it('TikTok\'s own PRIVATE is still final and stops the chain', async () => {
    const after = ok('snaptik', service);
    const resolver = createResolver({ providers: [fails('native', 'PRIVATE'), after], strategy: 'sequential' });
    const { report } = await run(resolver, VIDEO_LINK);
    expect(report.error).toMatchObject({ code: 'PRIVATE', final: true, provider: 'native' });
    expect(after.calls).toHaveLength(0);
  });
});

describe('the verdict when only services could speak', () => {
  it('names the services that say not found and why TikTok itself could not be asked', async () => {
    const resolver = createResolver({
      providers: [fails('native', 'BLOCKED'), says('snaptik', 'NOT_FOUND', 'not found or private'), says('vidgap', 'NOT_FOUND'), says('tikwm', 'NOT_FOUND')],
      strategy: 'sequential',
    });
    const { report } = await run(resolver, VIDEO_LINK);
    expect(outcomes(report)).toEqual(['native:failed', 'snaptik:failed', 'vidgap:failed', 'tikwm:failed']);
    expect(report.error).toMatchObject({ code: 'NOT_FOUND', final: false });
    expect(report.error?.message).toBe(
      '3 services say not found (snaptik: not found or private, vidgap, tikwm); TikTok itself could not be asked: its pages were refused.',
    );
    expect(report.error?.detail).toMatchObject({
      claims: { snaptik: 'not found or private', vidgap: 'not found', tikwm: 'not found' },
      tiktok: 'TikTok itself could not be asked: its pages were refused',
    });
    expect(hintWords(report.error?.hint)).toMatch(/Only TikTok can say for sure/);
    expect(hintWords(report.error?.hint)).toMatch(/expired.*deleted/);
  });

  it('services agreeing on "private" give a PRIVATE that is not final, and say TikTok was not asked', async () => {
    const resolver = createResolver({ providers: [says('snaptik', 'PRIVATE'), says('vidgap', 'PRIVATE')], strategy: 'sequential' });
    const { report } = await run(resolver, VIDEO_LINK);
    expect(report.error).toMatchObject({ code: 'PRIVATE', final: false });
    expect(report.error?.message).toMatch(/^2 services say private \(snaptik, vidgap\); TikTok itself was not asked\./);
  });

  it('one service alone is reported as one service\'s word', async () => {
    const resolver = createResolver({ providers: [says('snaptik', 'PRIVATE')] });
    const { report } = await run(resolver, VIDEO_LINK);
    expect(report.error).toMatchObject({ code: 'PRIVATE', final: false });
    expect(report.error?.message).toMatch(/^1 service says private \(snaptik\); TikTok itself was not asked\./);
  });

  it('TikTok\'s own word about the post outranks a service\'s claim', async () => {
    const resolver = createResolver({ providers: [fails('native', 'REGION_BLOCKED'), says('snaptik', 'PRIVATE')], strategy: 'sequential' });
    const { report } = await run(resolver, VIDEO_LINK);
    expect(report.error).toMatchObject({ code: 'REGION_BLOCKED', final: false });
    expect(report.error?.detail).toMatchObject({ claims: { native: 'blocked in this region (TikTok says)', snaptik: 'private' } });
    expect(report.error?.message).toMatch(/TikTok itself says blocked in this region/);
  });

  it('TikTok and the services agreeing on not found keep the plain "does not exist" wording', async () => {
    const resolver = createResolver({ providers: [fails('native', 'NOT_FOUND'), says('tikwm', 'NOT_FOUND')], strategy: 'sequential' });
    const { report } = await run(resolver, VIDEO_LINK);
    expect(report.error?.code).toBe('NOT_FOUND');
    expect(report.error?.message).toContain('(native, tikwm) says this post does not exist');
  });
});
