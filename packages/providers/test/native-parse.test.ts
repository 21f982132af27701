import { describe, expect, it } from 'vitest';
import { hintSettings, renderHint } from '@tiksaver/core';
import { isTiksaverError, Resolution, TiksaverError } from '@tiksaver/core';
import { extractPageData, findScriptById } from '../src/native/extract-data.js';
import { parseItemPage } from '../src/native/parse.js';
import { audioFormat, mapItem, parseItem, pickImages } from '../src/native/map-item.js';
import { pickVideo } from '../src/native/pick-video.js';
import { statusToError } from '../src/native/errors.js';
import { CDN, detail, ITEM_ID, nextPage, photoItem, sigiPage, universalPage, videoItem, wafPage } from './native-fixtures.js';

const NOW = 1_764_000_000_000 + 3_600_000; // one hour after the fixtures' createTime

function thrown(fn: () => unknown): TiksaverError {
  try {
    fn();
  } catch (error) {
    if (isTiksaverError(error)) return error;
    throw error;
  }
  throw new Error('expected a TiksaverError');
}

function map(item: unknown, kind: 'story' | 'video' | 'photo' = 'video', extra: Record<string, unknown> = {}) {
  const resolution = mapItem(parseItem(item), { link: { kind, id: ITEM_ID }, now: NOW, ...extra });
  expect(Resolution.safeParse(resolution).success).toBe(true);
  return resolution;
}

describe('finding the embedded data in a page', () => {
  it('finds the rehydration script whatever the attribute order or quoting', () => {
    for (const attrs of [
      'id="__UNIVERSAL_DATA_FOR_REHYDRATION__" type="application/json"',
      'type="application/json" id="__UNIVERSAL_DATA_FOR_REHYDRATION__"',
      "type='application/json' id='__UNIVERSAL_DATA_FOR_REHYDRATION__'",
      'id=__UNIVERSAL_DATA_FOR_REHYDRATION__ type=application/json',
    ]) {
      const data = extractPageData(universalPage(detail(videoItem()), {}, attrs), ITEM_ID);
      expect(data.layout).toBe('universal');
      expect((data as { videoDetail: any }).videoDetail.itemInfo.itemStruct.id).toBe(ITEM_ID);
    }
  });

  it('ignores the id when it is not on a script tag', () => {
    expect(findScriptById('<div id="SIGI_STATE">x</div>', 'SIGI_STATE')).toBeUndefined();
  });

  it('reads the canonical URL next to a missing video-detail', () => {
    const data = extractPageData(universalPage(undefined, { 'seo.abtest': { canonical: `https://www.tiktok.com/@c/photo/${ITEM_ID}` } }), ITEM_ID);
    expect(data).toMatchObject({ layout: 'universal', videoDetail: undefined, canonical: `https://www.tiktok.com/@c/photo/${ITEM_ID}` });
  });

  it('falls back to SIGI_STATE ItemModule[id] and sigi-persisted-data', () => {
    for (const id of ['SIGI_STATE', 'sigi-persisted-data']) {
      const data = extractPageData(sigiPage({ [ITEM_ID]: videoItem() }, id), ITEM_ID) as { layout: string; videoDetail: any };
      expect(data.layout).toBe('sigi');
      expect(data.videoDetail.itemInfo.itemStruct.id).toBe(ITEM_ID);
    }
  });

  it('reads the old __NEXT_DATA__ pageProps', () => {
    const data = extractPageData(nextPage(detail(videoItem())), ITEM_ID) as { layout: string; videoDetail: any };
    expect(data.layout).toBe('next');
    expect(data.videoDetail.itemInfo.itemStruct.id).toBe(ITEM_ID);
  });

  it('recognises the WAF challenge page and a page without data', () => {
    expect(extractPageData(wafPage(5), ITEM_ID).layout).toBe('waf');
    expect(extractPageData('<html><body>hello</body></html>', ITEM_ID).layout).toBe('none');
  });

  it('reports broken JSON as UPSTREAM_CHANGED', () => {
    const page = '<script id="__UNIVERSAL_DATA_FOR_REHYDRATION__" type="application/json">{"__DEFAULT_SCOPE__":</script>';
    expect(thrown(() => extractPageData(page, ITEM_ID)).code).toBe('UPSTREAM_CHANGED');
  });
});

describe('parseItemPage (extract + validate in one pure step)', () => {
  it('returns the validated item of a good page', () => {
    const outcome = parseItemPage(universalPage(detail(videoItem())), ITEM_ID);
    expect(outcome.ok && outcome.item.id).toBe(ITEM_ID);
  });

  it('returns the status error with its raw code', () => {
    const outcome = parseItemPage(universalPage(detail(undefined, 10216, 'status_self_see')), ITEM_ID);
    expect(outcome).toMatchObject({ ok: false, statusCode: 10216, error: { code: 'PRIVATE' } });
  });

  it('names what is missing when video-detail or itemStruct is gone', () => {
    const noDetail = parseItemPage(universalPage(undefined), ITEM_ID);
    expect(noDetail).toMatchObject({ ok: false, noItem: true, error: { code: 'UPSTREAM_CHANGED' } });
    const noItem = parseItemPage(universalPage({ statusCode: 0, itemInfo: {} }), ITEM_ID);
    expect(!noItem.ok && noItem.error.message).toContain('itemInfo.itemStruct');
    const deleted = parseItemPage(universalPage({ statusCode: 0, statusMsg: 'status_deleted', itemInfo: {} }), ITEM_ID);
    expect(deleted).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('treats isContentClassified without video as AGE_RESTRICTED', () => {
    const outcome = parseItemPage(universalPage(detail(videoItem({ video: undefined, isContentClassified: true }))), ITEM_ID);
    expect(outcome).toMatchObject({ ok: false, error: { code: 'AGE_RESTRICTED' } });
  });
});

describe('picking the video', () => {
  it('prefers h264, then the highest resolution, and keeps every other URL as an ordered fallback', () => {
    const video = pickVideo(parseItem(videoItem()).video)!;
    expect(video).toMatchObject({ url: `${CDN}/h264-720-a.mp4`, codec: 'h264', width: 720, height: 1280, bitrate: 1_500_000, watermark: false, quality: '720p HD' });
    expect(video.fallbackUrls).toEqual([
      'https://v19.tiktokcdn.com/h264-720-b.mp4',
      `${CDN}/h264-540-a.mp4`,
      'https://v19.tiktokcdn.com/h264-540-b.mp4',
      `${CDN}/h265-1080-a.mp4`,
      `${CDN}/play/${ITEM_ID}.mp4?x-expires=1`,
      `${CDN}/struct/${ITEM_ID}.mp4`,
    ]);
  });

  it('drops bytevc2 renditions and www.tiktok.com/aweme/v1/play URLs', () => {
    const video = pickVideo(parseItem(videoItem()).video)!;
    const all = [video.url, ...(video.fallbackUrls ?? [])];
    expect(all.some((u) => u.includes('bytevc2'))).toBe(false);
    expect(all.some((u) => u.includes('www.tiktok.com'))).toBe(false);
  });

  it('puts h265 first with codec h265', () => {
    const video = pickVideo(parseItem(videoItem()).video, 'h265')!;
    expect(video).toMatchObject({ url: `${CDN}/h265-1080-a.mp4`, codec: 'h265', height: 1920, quality: '1080p HD' });
  });

  it('reads the codec and size from UrlKey when CodecType and dimensions are missing', () => {
    const item = videoItem({
      video: { bitrateInfo: [{ Bitrate: 1, PlayAddr: { UrlKey: 'v12044gd0000_h264_540p_1620672', UrlList: [`${CDN}/k.mp4`] } }] },
    });
    expect(pickVideo(parseItem(item).video)).toMatchObject({ codec: 'h264', height: 540, url: `${CDN}/k.mp4` });
  });

  it('accepts the old playAddr list of {src}', () => {
    const item = videoItem({ video: { playAddr: [{ src: `${CDN}/old-a.mp4` }, { src: `${CDN}/old-b.mp4` }], width: 576, height: 1024 } });
    expect(pickVideo(parseItem(item).video)).toMatchObject({ url: `${CDN}/old-a.mp4`, fallbackUrls: [`${CDN}/old-b.mp4`], height: 1024 });
  });

  it('uses PlayAddrStruct when it is all there is', () => {
    const item = videoItem({ video: { PlayAddrStruct: { UrlList: [`${CDN}/s1.mp4`, `${CDN}/s2.mp4`], Width: 720, Height: 1280 } } });
    expect(pickVideo(parseItem(item).video)).toMatchObject({ url: `${CDN}/s1.mp4`, fallbackUrls: [`${CDN}/s2.mp4`], watermark: false });
  });

  it('falls back to the watermarked downloadAddr (or old download.url) only when nothing else exists, and says so', () => {
    for (const video of [{ playAddr: '', downloadAddr: `${CDN}/wm.mp4` }, { playAddr: '', download: { url: `${CDN}/wm.mp4` } }]) {
      expect(pickVideo(parseItem(videoItem({ video })).video)).toMatchObject({ url: `${CDN}/wm.mp4`, watermark: true, quality: expect.stringContaining('watermarked') });
    }
  });
});

describe('mapping an item to a resolution', () => {
  it('maps a video post with author, caption, created time, video and audio', () => {
    const r = map(videoItem());
    expect(r).toMatchObject({ kind: 'video', id: ITEM_ID, url: `https://www.tiktok.com/@creator/video/${ITEM_ID}`, caption: 'sunset over the bay 🌅', author: { username: 'creator', nickname: 'The Creator' }, createdAt: '2025-11-24T16:00:00.000Z' });
    expect(r.items.map((i) => i.type)).toEqual(['video', 'audio']);
    expect(r.items[1]).toMatchObject({ ext: 'mp3', mimeType: 'audio/mpeg', quality: 'original sound' });
    expect(r.expiresAt).toBeUndefined();
  });

  it('takes JSON nulls for absent objects (story, imagePost, music, downloadAddr)', () => {
    const base = videoItem();
    const r = map({ ...base, story: null, imagePost: null, music: null, isStory: null, video: { ...base.video, downloadAddr: null, PlayAddrStruct: null } });
    expect(r.kind).toBe('video');
    expect(r.items.map((i) => i.type)).toEqual(['video']);
    expect(thrown(() => parseItem({ ...base, author: null })).message).toContain('itemInfo.itemStruct.author');
  });

  it('accepts createTime as a string, a flat SIGI author and authorInfo', () => {
    expect(map(videoItem({ createTime: '1764000000' })).createdAt).toBe('2025-11-24T16:00:00.000Z');
    expect(map(videoItem({ author: 'flatuser', nickname: 'Flat User', authorId: 5 })).author).toEqual({ username: 'flatuser', nickname: 'Flat User' });
    expect(map(videoItem({ author: undefined, authorInfo: { uniqueId: 'info', nickname: 'Info' } })).author).toEqual({ username: 'info', nickname: 'Info' });
  });

  it('maps a photo post to JPEG images with dimensions and 1-based index, plus audio', () => {
    const r = map(photoItem());
    expect(r.kind).toBe('photo');
    expect(r.url).toBe(`https://www.tiktok.com/@creator/photo/${ITEM_ID}`);
    const images = r.items.filter((i) => i.type === 'image');
    expect(images).toHaveLength(3);
    expect(images[0]).toMatchObject({ url: `${CDN}/img/0.jpeg?x=1`, ext: 'jpg', width: 1080, height: 1440, index: 1 });
    expect(images[0]!.fallbackUrls).toEqual([`${CDN}/img/0.webp?x=1`, `${CDN}/img/0.heic?x=1`]);
    expect(r.items.some((i) => i.type === 'video')).toBe(false);
    expect(r.items.at(-1)!.type).toBe('audio');
  });

  it('keeps a webp-only image as webp', () => {
    const images = pickImages({ images: [{ imageURL: { urlList: [`${CDN}/only.webp`] } }] });
    expect(images[0]).toMatchObject({ ext: 'webp', mimeType: 'image/webp' });
  });

  it('guesses the audio extension from mime_type like yt-dlp (default m4a)', () => {
    expect(audioFormat('https://x.tiktokcdn.com/a?mime_type=audio_mpeg').ext).toBe('mp3');
    expect(audioFormat('https://x.tiktokcdn.com/a?mime_type=audio_mp4').ext).toBe('m4a');
    expect(audioFormat('https://x.tiktokcdn.com/a').ext).toBe('m4a');
  });

  it('treats a story link as a story and dates its expiry createTime + 24h', () => {
    const r = map(videoItem(), 'story');
    expect(r.kind).toBe('story');
    expect(r.expiresAt).toBe('2025-11-25T16:00:00.000Z');
  });

  it('detects a story from is_story and from story.ExpiredAt (milliseconds)', () => {
    expect(map(videoItem({ is_story: 1 })).kind).toBe('story');
    const r = map(videoItem({ story: { ExpiredAt: NOW + 5_000 } }));
    expect(r).toMatchObject({ kind: 'story', expiresAt: new Date(NOW + 5_000).toISOString() });
    expect(map(videoItem({ storyExpiredAt: (NOW + 60_000) / 1000 })).expiresAt).toBe(new Date(NOW + 60_000).toISOString());
    expect(map(photoItem({ expiredAt: NOW + 1 })).kind).toBe('story');
  });

  it('reports an expired story as EXPIRED, final', () => {
    const error = thrown(() => map(videoItem({ story: { ExpiredAt: NOW - 1 } }), 'story'));
    expect(error).toMatchObject({ code: 'EXPIRED', final: true });
    expect(thrown(() => map(videoItem({ createTime: (NOW - 25 * 3_600_000) / 1000 }), 'story')).code).toBe('EXPIRED');
  });

  it('keeps a sound-only story as audio', () => {
    const r = map(videoItem({ video: { playAddr: '', downloadAddr: '', duration: 0 } }), 'story');
    expect(r.items.map((i) => i.type)).toEqual(['audio']);
  });

  it('says NO_MEDIA when the item has no media and AGE_RESTRICTED when it is classified', () => {
    expect(thrown(() => map(videoItem({ video: undefined, music: { id: '', title: '' } }))).code).toBe('NO_MEDIA');
    expect(thrown(() => map(videoItem({ video: undefined, isContentClassified: true }))).code).toBe('AGE_RESTRICTED');
  });

  it('names the failing path when the shape drifts', () => {
    const error = thrown(() => parseItem(videoItem({ video: { playAddr: 42 } })));
    expect(error.code).toBe('UPSTREAM_CHANGED');
    expect(error.message).toContain('itemInfo.itemStruct.video.playAddr');
    expect(error.detail).toMatchObject({ path: 'itemInfo.itemStruct.video.playAddr' });
    expect(thrown(() => parseItem(videoItem({ id: undefined }))).message).toContain('itemInfo.itemStruct.id');
    expect(thrown(() => parseItem(photoItem({ imagePost: { images: [{ imageURL: {} }] } }))).message).toContain('imagePost.images[0].imageURL.urlList');
    expect(thrown(() => parseItem(videoItem({ author: undefined }))).message).toContain('itemInfo.itemStruct.author');
    const renamed = videoItem();
    renamed.video.play_addr = renamed.video.playAddr;
    delete renamed.video.playAddr;
    delete renamed.video.bitrateInfo;
    delete renamed.video.PlayAddrStruct;
    expect(thrown(() => parseItem(renamed)).message).toContain('itemInfo.itemStruct.video.playAddr');
  });
});

describe('status codes', () => {
  const cases: Array<[number, string]> = [
    [10204, 'NOT_FOUND'],
    [10216, 'PRIVATE'],
    [10222, 'PRIVATE'],
    [10221, 'NOT_FOUND'],
    [10231, 'REGION_BLOCKED'],
    [10000, 'BLOCKED'],
    [100004, 'UPSTREAM_CHANGED'],
  ];
  it.each(cases)('maps %i to %s with the raw code kept', (status, code) => {
    const error = statusToError(status, 'msg', { pageUrl: 'https://www.tiktok.com/@_/video/1' });
    expect(error.code).toBe(code);
    expect(error.detail).toMatchObject({ statusCode: status });
  });

  it('names region/IP and the proxy setting (--proxy) in the 10204 hint', () => {
    const hint = statusToError(10204, undefined, { pageUrl: 'x' }).hint;
    expect(renderHint(hint, (setting) => setting)).toMatch(/region|IP/);
    expect(hintSettings(hint)).toContain('proxy');
  });

  it('puts an unknown code in the message', () => {
    expect(statusToError(100004, undefined, { pageUrl: 'x' }).message).toContain('100004');
  });
});
