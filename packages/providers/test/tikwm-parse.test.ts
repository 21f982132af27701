import { Resolution, type ParsedLink } from '@tiksaver/core';
import { describe, expect, it } from 'vitest';
import { tikwmApiError, tikwmHttpError } from '../src/tikwm/errors.js';
import { parseTikwmResponse, toResolution } from '../src/tikwm/parse.js';
import { answer } from './helpers/answer.js';
import { errorOf } from './helpers/error-of.js';

const BASE = 'https://www.tikwm.com';
const videoLink: ParsedLink = {
  kind: 'video',
  input: 'https://www.tiktok.com/@jun.bakes/video/7438215530219064619',
  url: 'https://www.tiktok.com/@jun.bakes/video/7438215530219064619',
  id: '7438215530219064619',
  username: 'jun.bakes',
};

/** The documented success shape (services.md §2), with host-relative media paths. */
const videoAnswer = {
  code: 0,
  msg: 'success',
  processed_time: 0.1342,
  data: {
    id: '7438215530219064619',
    region: 'US',
    title: 'sourdough in 60 seconds #baking',
    cover: '/video/cover/7438215530219064619.webp',
    duration: 15,
    play: '/video/media/play/7438215530219064619.mp4',
    wmplay: '/video/media/wmplay/7438215530219064619.mp4',
    hdplay: '/video/media/hdplay/7438215530219064619.mp4',
    size: 1000,
    wm_size: 1100,
    hd_size: 2000,
    music: '/video/music/7438215530219064619.mp3',
    music_info: { id: '1', title: 'original sound - jun.bakes', play: '', author: 'Jun bakes', original: true, duration: 15, album: '' },
    create_time: 1732500000,
    author: { id: '6', unique_id: 'jun.bakes', nickname: 'Jun bakes', avatar: 'https://p16.tiktokcdn.com/a.jpeg' },
  },
};

describe('tikwm answer parsing', () => {
  it('turns a video answer into both clean videos, H.264 first, plus the original sound, with absolute URLs', () => {
    const resolution = toResolution(parseTikwmResponse(videoAnswer), videoLink, BASE);
    expect(Resolution.parse(resolution)).toBeTruthy();
    expect(resolution).toMatchObject({ kind: 'video', id: '7438215530219064619', author: { username: 'jun.bakes', nickname: 'Jun bakes' } });
    expect(resolution.createdAt).toBe(new Date(1732500000 * 1000).toISOString());
    const [sd, hd, audio] = resolution.items;
    expect(sd).toMatchObject({ type: 'video', codec: 'h264', url: 'https://www.tikwm.com/video/media/play/7438215530219064619.mp4', watermark: false, quality: 'SD, no watermark', sizeBytes: 1000 });
    expect(hd).toMatchObject({
      type: 'video',
      codec: 'h265',
      url: 'https://www.tikwm.com/video/media/hdplay/7438215530219064619.mp4',
      watermark: false,
      quality: 'HD (H.265/HEVC), no watermark',
      sizeBytes: 2000,
    });
    expect(audio).toMatchObject({ type: 'audio', ext: 'mp3', url: 'https://www.tikwm.com/video/music/7438215530219064619.mp3', quality: 'original sound' });
    expect(resolution.items).toHaveLength(3);
  });

  it('puts hdplay (HEVC) first only when H.265 is preferred, and never calls HEVC plain "HD"', () => {
    const h265 = toResolution(parseTikwmResponse(videoAnswer), videoLink, BASE, 'h265');
    expect(h265.items.map((i) => [i.type, i.codec])).toEqual([['video', 'h265'], ['video', 'h264'], ['audio', undefined]]);
    for (const item of h265.items.filter((i) => i.codec === 'h265')) expect(item.quality).toMatch(/H\.265|HEVC/);
  });

  it('takes the id from the link when data.id is absent (documented 2021 sample) and reads missing numbers as unknown', () => {
    const { id: _id, size: _s, hd_size: _h, duration: _d, create_time: _c, ...rest } = videoAnswer.data;
    const resolution = toResolution(parseTikwmResponse({ code: 0, msg: 'success', data: rest }), videoLink, BASE);
    expect(resolution.id).toBe('7438215530219064619');
    expect(resolution.items[0]).not.toHaveProperty('sizeBytes');
    expect(resolution.items[0]?.durationSec).toBeUndefined();
    expect(resolution.createdAt).toBeUndefined();
  });

  it('reads a 2023 list item (video_id, numbers as strings, odd metadata) without failing', () => {
    const { id: _id, ...rest } = videoAnswer.data;
    const data = { ...rest, video_id: '7438215530219064619', duration: '15', size: null, play_count: '48.2K', title: 12345, author: 'jun.bakes', music_info: [] };
    const resolution = toResolution(parseTikwmResponse({ code: 0, msg: 'success', data }), { ...videoLink, id: undefined, url: undefined, kind: 'short', input: 'https://vm.tiktok.com/ZMhvVid42/' }, BASE);
    expect(resolution).toMatchObject({ id: '7438215530219064619', kind: 'video' });
    expect(resolution.items[0]).toMatchObject({ codec: 'h264', durationSec: 15 });
    expect(resolution.caption).toBeUndefined();
    expect(resolution.author).toBeUndefined();
  });

  it('stays strict on media: a media URL that is not a string is a changed answer', () => {
    expect(errorOf(() => parseTikwmResponse({ code: 0, msg: 'success', data: { ...videoAnswer.data, play: { url: 'x' } } })).code).toBe('UPSTREAM_CHANGED');
  });

  it('labels an SD or watermarked fallback so a downgrade is visible', () => {
    const sd = toResolution(parseTikwmResponse({ ...videoAnswer, data: { ...videoAnswer.data, hdplay: '' } }), videoLink, BASE);
    expect(sd.items[0]).toMatchObject({ quality: 'SD, no watermark', watermark: false, url: `${BASE}/video/media/play/7438215530219064619.mp4` });
    const wm = toResolution(parseTikwmResponse({ ...videoAnswer, data: { ...videoAnswer.data, hdplay: '', play: '' } }), videoLink, BASE);
    expect(wm.items[0]).toMatchObject({ quality: 'SD, watermarked', watermark: true });
    const hdOnly = toResolution(parseTikwmResponse({ ...videoAnswer, data: { ...videoAnswer.data, play: '' } }), videoLink, BASE);
    expect(hdOnly.items[0]).toMatchObject({ codec: 'h265', quality: 'HD (H.265/HEVC), no watermark' });
  });

  it('keeps absolute URLs and resolves relative ones against a custom base URL', () => {
    const data = { ...videoAnswer.data, hdplay: 'https://cdn.example/hd.mp4', music: 'video/music/x.mp3' };
    const resolution = toResolution(parseTikwmResponse({ ...videoAnswer, data }), videoLink, 'https://mirror.example/tikwm', 'h265');
    expect(resolution.items[0]!.url).toBe('https://cdn.example/hd.mp4');
    expect(resolution.items[1]!.url).toBe('https://mirror.example/video/media/play/7438215530219064619.mp4');
    expect(resolution.items[2]!.url).toBe('https://mirror.example/tikwm/video/music/x.mp3');
  });

  it('turns a photo post into numbered images plus its sound', () => {
    const images = ['https://p16-sign-va.tiktokcdn.com/a~tplv-photomode-image.jpeg?x=1', 'https://p16-sign-va.tiktokcdn.com/b~tplv-photomode-image.webp?x=1'];
    const answer = { ...videoAnswer, data: { ...videoAnswer.data, play: '', wmplay: '', hdplay: '', images } };
    const photoLink: ParsedLink = { ...videoLink, kind: 'photo' };
    const resolution = toResolution(parseTikwmResponse(answer), photoLink, BASE);
    expect(resolution.kind).toBe('photo');
    expect(resolution.items.map((i) => [i.type, i.index, i.ext])).toEqual([
      ['image', 1, 'jpeg'],
      ['image', 2, 'webp'],
      ['audio', undefined, 'mp3'],
    ]);
  });

  it('says NO_MEDIA when the answer lists nothing to download', () => {
    const answer = { ...videoAnswer, data: { ...videoAnswer.data, play: '', wmplay: '', hdplay: '', music: '' } };
    expect(errorOf(() => toResolution(parseTikwmResponse(answer), videoLink, BASE)).code).toBe('NO_MEDIA');
  });

  it('maps the free-tier limit message to RATE_LIMITED with a retry time', () => {
    const error = errorOf(() => parseTikwmResponse({ code: -1, msg: 'Free Api Limit: 1 request/second.', processed_time: 0.01 }));
    expect(error.code).toBe('RATE_LIMITED');
    expect(error.retryAfterMs).toBeGreaterThanOrEqual(1000);
    expect(error.retryAfterMs).toBeLessThanOrEqual(2000);
    expect(error.provider).toBe('tikwm');
  });

  it('maps "Url parsing is failed" to a non-final NOT_FOUND', () => {
    const error = errorOf(() => parseTikwmResponse({ code: -1, msg: 'Url parsing is failed! Please check url.' }));
    expect(error.code).toBe('NOT_FOUND');
    expect(error.final).toBe(false);
  });

  it('keeps unknown messages as UPSTREAM_CHANGED', () => {
    const error = tikwmApiError(-1, 'Something new');
    expect(error.code).toBe('UPSTREAM_CHANGED');
    expect(error.message).toContain('Something new');
  });

  it('treats a missing code or missing data as UPSTREAM_CHANGED (schema drift)', () => {
    expect(errorOf(() => parseTikwmResponse({ status: 0, data: {} })).code).toBe('UPSTREAM_CHANGED');
    expect(errorOf(() => parseTikwmResponse({ code: 0, msg: 'success' })).code).toBe('UPSTREAM_CHANGED');
    expect(errorOf(() => parseTikwmResponse('<html>')).code).toBe('UPSTREAM_CHANGED');
  });

  it('maps HTTP 429 to RATE_LIMITED (Retry-After kept) and 403 to BLOCKED', async () => {
    expect(await tikwmHttpError(answer(429, { 'Retry-After': '30' }))).toMatchObject({ code: 'RATE_LIMITED', retryAfterMs: 30_000 });
    expect((await tikwmHttpError(answer(429))).retryAfterMs).toBeGreaterThan(0);
    expect((await tikwmHttpError(answer(403))).code).toBe('BLOCKED');
  });
});
