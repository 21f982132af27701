/** The catalogue is well-formed data: unique ids/codes, realistic ids, an expectation for every provider. */
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '@tiksaver/core';
import { PROVIDER_IDS, SCENARIOS, shortCode } from '../src/index.js';

const REQUIRED = [
  'story-video', 'story-photo', 'photo-post', 'video-post', 'story-audio', 'slideshow-no-music', 'story-expired',
  'post-deleted', 'private-account', 'private-post', 'age-restricted', 'region-blocked', 'waf-challenge',
  'mobile-only-story', 'dead-short-link', 'sigi-layout', 'photo-canonical', 'account-gone', 'unknown-status',
];

describe('scenario catalogue', () => {
  it('holds every required scenario once', () => {
    const ids = SCENARIOS.map((s) => s.id);
    expect(ids).toEqual(expect.arrayContaining(REQUIRED));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it.each(SCENARIOS.map((s) => [s.id, s] as const))('%s: realistic ids and links, an expectation per provider', (_id, s) => {
    expect(s.itemId).toMatch(/^\d{19}$/);
    expect(s.link).toMatch(new RegExp(`^https://www\\.tiktok\\.com/@${s.username.replace(/\./g, '\\.')}/(video|photo|story)/${s.itemId}$`));
    expect(s.shortLink).toMatch(/^https:\/\/(vm\.tiktok\.com|vt\.tiktok\.com|www\.tiktok\.com\/t)\/[A-Za-z0-9]{9,12}\/?$/);
    expect(SCENARIOS.filter((x) => shortCode(x) === shortCode(s))).toHaveLength(1);
    for (const p of PROVIDER_IDS) {
      const e = s.expect[p];
      expect(e, p).toBeDefined();
      if (e.ok) {
        expect(e.media.length).toBeGreaterThan(0);
        for (const m of e.media) {
          if (m === 'video') expect(s.media.video).toBe(true);
          if (m === 'image') expect(s.media.images).toBeGreaterThan(0);
          if (m === 'audio') expect(s.media.audio).toBe(true);
        }
      } else expect(Object.keys(ERROR_CODES)).toContain(e.code);
    }
    if (s.kind === 'story') expect(typeof s.expiresInSec).toBe('number');
  });

  it('models the service facts (services.md)', () => {
    const by = (id: string) => SCENARIOS.find((s) => s.id === id)!.expect;
    expect(by('story-photo').snaptik).toEqual({ ok: false, code: 'UNSUPPORTED_KIND' });
    expect(by('story-video').tikwm).toEqual({ ok: false, code: 'UNSUPPORTED_KIND' });
    expect(by('photo-post').tikdown).toEqual({ ok: false, code: 'UNSUPPORTED_KIND' });
    expect(by('photo-post').tikwm).toMatchObject({ ok: true, kind: 'photo' });
    expect(by('story-video').vidgap).toMatchObject({ ok: true, kind: 'story' });
    expect(by('story-video').cobalt).toEqual({ ok: false, code: 'UNSUPPORTED_KIND' });
    expect(by('photo-post').cobalt).toMatchObject({ ok: true, media: ['image', 'audio'] });
    expect(by('story-expired').native).toEqual({ ok: false, code: 'EXPIRED' });
    expect(SCENARIOS.find((s) => s.id === 'photo-post')!.media.images).toBe(12);
  });
});
