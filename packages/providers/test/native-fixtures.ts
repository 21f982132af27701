/** Hand-written TikTok pages for the parser unit tests (shapes from reference tiktok-web.md §2). */
import { createHash } from 'node:crypto';

export const ITEM_ID = '7300000000000000001';
export const CDN = 'https://v16-webapp-prime.tiktokcdn.com';

export function universalPage(videoDetail: unknown, extraScope: Record<string, unknown> = {}, attrs = 'id="__UNIVERSAL_DATA_FOR_REHYDRATION__" type="application/json"'): string {
  const json = JSON.stringify({ __DEFAULT_SCOPE__: { 'webapp.app-context': { language: 'en' }, ...(videoDetail !== undefined && { 'webapp.video-detail': videoDetail }), ...extraScope } });
  return `<!DOCTYPE html><html><head><title>TikTok</title><script>window.x = "</div>";</script></head><body><div id="app"></div><script ${attrs}>${json}</script><script src="/app.js"></script></body></html>`;
}

export function sigiPage(items: Record<string, unknown>, id = 'SIGI_STATE'): string {
  return `<html><body><script id="${id}" type="application/json">${JSON.stringify({ AppContext: {}, ItemModule: items, UserModule: { users: {} } })}</script></body></html>`;
}

export function nextPage(pageProps: unknown): string {
  return `<html><body><script id="__NEXT_DATA__" type="application/json">${JSON.stringify({ props: { pageProps } })}</script></body></html>`;
}

export function videoItem(overrides: Record<string, unknown> = {}): Record<string, any> {
  return {
    id: ITEM_ID,
    desc: 'sunset over the bay 🌅',
    createTime: 1_764_000_000,
    author: { id: '111', uniqueId: 'creator', nickname: 'The Creator', secUid: 'MS4w' },
    video: {
      id: ITEM_ID,
      width: 1080,
      height: 1920,
      duration: 12,
      format: 'mp4',
      playAddr: `${CDN}/play/${ITEM_ID}.mp4?x-expires=1`,
      downloadAddr: `${CDN}/download/${ITEM_ID}-wm.mp4`,
      PlayAddrStruct: { UrlList: [`${CDN}/struct/${ITEM_ID}.mp4`] },
      bitrateInfo: [
        {
          GearName: 'normal_540_0',
          Bitrate: 800_000,
          CodecType: 'h264',
          PlayAddr: { UrlKey: `v0900_h264_540p_800000`, Width: 576, Height: 1024, DataSize: 1000, UrlList: [`${CDN}/h264-540-a.mp4`, `https://v19.tiktokcdn.com/h264-540-b.mp4`] },
        },
        {
          GearName: 'normal_1080_0',
          Bitrate: 2_000_000,
          CodecType: 'h265_hvc1',
          PlayAddr: { UrlKey: `v0900_bytevc1_1080p_2000000`, Width: 1080, Height: 1920, DataSize: 3000, UrlList: [`${CDN}/h265-1080-a.mp4`] },
        },
        {
          GearName: 'normal_720_0',
          Bitrate: 1_500_000,
          CodecType: 'h264',
          PlayAddr: {
            UrlKey: `v0900_h264_720p_1500000`,
            Width: 720,
            Height: 1280,
            DataSize: 2000,
            UrlList: [`${CDN}/h264-720-a.mp4`, `https://v19.tiktokcdn.com/h264-720-b.mp4`, `https://www.tiktok.com/aweme/v1/play/?video_id=x`],
          },
        },
        {
          GearName: 'adapt_2160_0',
          Bitrate: 9_000_000,
          CodecType: 'bytevc2',
          PlayAddr: { UrlKey: `v0900_bytevc2_2160p_9000000`, Width: 2160, Height: 3840, UrlList: [`${CDN}/bytevc2.mp4`] },
        },
      ],
    },
    music: { id: '99', title: 'original sound - creator', authorName: 'creator', original: true, duration: 12, playUrl: `https://sf16-ies-music.tiktokcdn.com/obj/music.mp3?mime_type=audio_mpeg` },
    stats: { playCount: 1 },
    ...overrides,
  };
}

export function photoItem(overrides: Record<string, unknown> = {}): Record<string, any> {
  return videoItem({
    video: { duration: 0, playAddr: '', width: 0, height: 0 },
    imagePost: {
      images: [0, 1, 2].map((i) => ({
        imageURL: { urlList: [`${CDN}/img/${i}.webp?x=1`, `${CDN}/img/${i}.jpeg?x=1`, `${CDN}/img/${i}.heic?x=1`] },
        imageWidth: 1080,
        imageHeight: 1440,
      })),
    },
    ...overrides,
  });
}

export function detail(item: unknown, statusCode = 0, statusMsg?: string): Record<string, unknown> {
  return { statusCode, ...(statusMsg && { statusMsg }), itemInfo: item === undefined ? {} : { itemStruct: item } };
}

/** A WAF challenge page whose answer is `answer` (reference §2 "Anti-bot / WAF JS challenge"). */
export function wafPage(answer: number, options: { extra?: boolean } = {}): string {
  const a = Buffer.from('challenge-base-bytes').toString('base64');
  const c = createHash('sha256').update(Buffer.from(a, 'base64')).update(String(answer)).digest().toString('base64');
  const cs = Buffer.from(JSON.stringify({ v: { a, c }, s: 'x' })).toString('base64').replace(/=+$/, '');
  return `<html><head><title>Please wait...</title></head><body><p>Please wait...</p>
<div id="cs" class="${cs}"></div><div id="wci" class="_wafchallengeid"></div>${options.extra ? '<div id="rci" class="waforiginalreid"></div><div id="rs" class="orig-123"></div>' : ''}</body></html>`;
}
