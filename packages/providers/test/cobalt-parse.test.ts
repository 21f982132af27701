import { Resolution, type ParsedLink } from '@tiksaver/core';
import { describe, expect, it } from 'vitest';
import { cobaltApiError, cobaltCodeToErrorCode, cobaltHttpError } from '../src/cobalt/errors.js';
import { parseCobaltAnswer, toResolution } from '../src/cobalt/parse.js';
import { buildRequestBody } from '../src/cobalt/request.js';
import { answer } from './helpers/answer.js';
import { errorOf } from './helpers/error-of.js';

const videoLink: ParsedLink = {
  kind: 'video',
  input: 'https://www.tiktok.com/@jun.bakes/video/7438215530219064619',
  url: 'https://www.tiktok.com/@jun.bakes/video/7438215530219064619',
  id: '7438215530219064619',
};

describe('cobalt request body', () => {
  it('asks for a ready file, MP3 audio and the basic filename style, and nothing the strict schema could reject', () => {
    expect(buildRequestBody('https://x', 'auto', false)).toEqual({
      url: 'https://x',
      downloadMode: 'auto',
      audioFormat: 'mp3',
      filenameStyle: 'basic',
      localProcessing: 'disabled',
    });
    expect(buildRequestBody('https://x', 'audio', true)).toMatchObject({ downloadMode: 'audio', tiktokFullAudio: true, allowH265: true });
    expect(JSON.stringify(buildRequestBody(`https://www.tiktok.com/@${'a'.repeat(24)}/video/7438215530219064619`, 'audio', true)).length).toBeLessThan(1024);
  });
});

describe('cobalt answers', () => {
  it('turns a tunnel into one labelled no-watermark video whose type comes from the filename', () => {
    const answer = parseCobaltAnswer({ status: 'tunnel', url: 'https://c.example/tunnel?id=a&exp=1&sig=b', filename: 'tiktok_jun.bakes_7438215530219064619.mp4' });
    const resolution = toResolution(answer, videoLink, 'auto');
    expect(Resolution.parse(resolution)).toBeTruthy();
    expect(resolution.items).toEqual([
      expect.objectContaining({ type: 'video', ext: 'mp4', watermark: false, quality: expect.stringContaining('90 s') }),
    ]);
  });

  it('types an audio tunnel from its .mp3 filename', () => {
    const answer = parseCobaltAnswer({ status: 'redirect', url: 'https://cdn.example/x', filename: 'tiktok_a_1_audio.mp3' });
    expect(toResolution(answer, videoLink, 'audio').items[0]).toMatchObject({ type: 'audio', ext: 'mp3', mimeType: 'audio/mpeg' });
  });

  it('turns a picker into numbered photos plus the sound', () => {
    const answer = parseCobaltAnswer({
      status: 'picker',
      picker: [
        { type: 'photo', url: 'https://p16.tiktokcdn.com/a~tplv-photomode-image.jpeg?x=1' },
        { type: 'photo', url: 'https://p16.tiktokcdn.com/b~tplv-photomode-image.jpeg?x=1' },
      ],
      audio: 'https://c.example/tunnel?id=c',
      audioFilename: 'tiktok_ana_7437660142881279278_audio.mp3',
    });
    const resolution = toResolution(answer, { ...videoLink, kind: 'short', id: 'ZSphoto12' }, 'auto');
    expect(resolution.kind).toBe('photo');
    expect(resolution.id).toBe('7437660142881279278');
    expect(resolution.items.map((i) => [i.type, i.index])).toEqual([
      ['image', 1],
      ['image', 2],
      ['audio', undefined],
    ]);
  });

  it('refuses local-processing with a clear UPSTREAM_CHANGED (we asked for a ready file)', () => {
    const error = errorOf(() => parseCobaltAnswer({ status: 'local-processing', type: 'merge', tunnel: [], output: {} }));
    expect(error.code).toBe('UPSTREAM_CHANGED');
    expect(error.message).toContain('local processing');
  });

  it('says UPSTREAM_CHANGED for an unknown status', () => {
    expect(errorOf(() => parseCobaltAnswer({ status: 'stream', url: 'x' })).code).toBe('UPSTREAM_CHANGED');
  });
});

describe('cobalt error codes', () => {
  const table: Array<[string, string]> = [
    ['error.api.content.video.unavailable', 'NOT_FOUND'],
    ['error.api.content.post.unavailable', 'NOT_FOUND'],
    ['error.api.content.video.private', 'PRIVATE'],
    ['error.api.content.post.private', 'PRIVATE'],
    ['error.api.content.video.age', 'AGE_RESTRICTED'],
    ['error.api.content.post.age', 'AGE_RESTRICTED'],
    ['error.api.content.region', 'REGION_BLOCKED'],
    ['error.api.content.video.region', 'REGION_BLOCKED'],
    ['error.api.content.too_long', 'UNSUPPORTED_KIND'],
    ['error.api.content.paid', 'UNSUPPORTED_KIND'],
    ['error.api.content.video.live', 'UNSUPPORTED_KIND'],
    ['error.api.link.invalid', 'UNSUPPORTED_KIND'],
    ['error.api.link.unsupported', 'UNSUPPORTED_KIND'],
    ['error.api.link.missing', 'MISCONFIGURED'],
    ['error.api.service.unsupported', 'UNSUPPORTED_KIND'],
    ['error.api.service.disabled', 'UNSUPPORTED_KIND'],
    ['error.api.fetch.fail', 'NETWORK'],
    ['error.api.fetch.critical', 'NETWORK'],
    ['error.api.fetch.rate', 'RATE_LIMITED'],
    ['error.api.fetch.empty', 'NOT_FOUND'],
    ['error.api.fetch.short_link', 'NOT_FOUND'],
    ['error.api.rate_exceeded', 'RATE_LIMITED'],
    ['error.api.capacity', 'RATE_LIMITED'],
    ['error.api.auth.key.missing', 'MISCONFIGURED'],
    ['error.api.auth.key.invalid', 'MISCONFIGURED'],
    ['error.api.auth.jwt.missing', 'MISCONFIGURED'],
    ['error.api.auth.turnstile.invalid', 'MISCONFIGURED'],
    ['error.api.invalid_body', 'UPSTREAM_CHANGED'],
    ['error.api.header.accept', 'UPSTREAM_CHANGED'],
    ['error.api.generic', 'UPSTREAM_CHANGED'],
    ['error.api.something.new', 'UPSTREAM_CHANGED'],
  ];
  it.each(table)('%s -> %s', (cobaltCode, code) => {
    expect(cobaltCodeToErrorCode(cobaltCode)).toBe(code);
  });

  it('never turns a cobalt link-pattern miss into a final verdict', () => {
    for (const code of ['link.invalid', 'link.unsupported', 'fetch.short_link', 'content.post.unavailable']) {
      expect(cobaltApiError({ code }).final).toBe(false);
    }
    expect(cobaltApiError({ code: 'content.post.private' }).final).toBe(true);
  });

  it('takes the retry time from RateLimit-Reset, else from context.limit seconds', () => {
    expect(cobaltApiError({ code: 'error.api.rate_exceeded', limit: 60, retryAfterMs: 12_000 }).retryAfterMs).toBe(12_000);
    expect(cobaltApiError({ code: 'error.api.rate_exceeded', limit: 60 }).retryAfterMs).toBe(60_000);
    expect(cobaltApiError({ code: 'error.api.content.too_long', limit: 10800 }).retryAfterMs).toBeUndefined();
  });

  it('keeps the cobalt code in the error detail', () => {
    expect(cobaltApiError({ code: 'error.api.fetch.fail' }).detail).toMatchObject({ cobaltCode: 'error.api.fetch.fail' });
  });

  it('maps HTTP refusals without a cobalt body', async () => {
    expect((await cobaltHttpError(answer(401), undefined)).code).toBe('MISCONFIGURED');
    expect(await cobaltHttpError(answer(429), 5000)).toMatchObject({ code: 'RATE_LIMITED', retryAfterMs: 5000 });
    expect((await cobaltHttpError(answer(502), undefined)).code).toBe('NETWORK');
  });

  it('parses error answers into the mapped TiksaverError', () => {
    const error = errorOf(() => parseCobaltAnswer({ status: 'error', error: { code: 'error.api.content.post.age', context: { service: 'tiktok' } } }, { status: 400 }));
    expect(error).toMatchObject({ code: 'AGE_RESTRICTED', provider: 'cobalt' });
  });
});
