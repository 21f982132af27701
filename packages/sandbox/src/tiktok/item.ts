/**
 * Builds `itemInfo.itemStruct` for a scenario, field by field as tiktok-web.md §2 "Fields
 * of itemStruct" lists them, including the legacy variants (playAddr list, string
 * createTime, flat author), bitrateInfo with h264/h265 (bytevc1)/bytevc2 entries, imagePost
 * with .jpeg/.webp URLs, music.playUrl with mime_type=audio_mpeg and story expiry fields.
 */
import { createHash } from 'node:crypto';
import { loadFile } from '../media.js';
import type { Signer } from '../signing.js';
import type { MediaAssetRef, Scenario } from '../types.js';
import { cdnUrls } from './cdn-urls.js';

/** Dimensions and sizes of the committed sample files (media/README.md). */
export const SAMPLE = { width: 576, height: 1024, duration: 3, imageWidth: 540, imageHeight: 720, musicDuration: 8 };

const DAY = 86400;

/** Deterministic 19-digit id derived from a string (user ids, music ids, video ids). */
export function numericId(seed: string): string {
  const h = createHash('sha256').update(seed).digest();
  return (6800000000000000000n + (h.readBigUInt64BE(0) % 600000000000000000n)).toString();
}

function hexId(seed: string, len = 32): string {
  return createHash('sha256').update(seed).digest('hex').slice(0, len);
}

export function secUid(username: string): string {
  return 'MS4wLjABAAAA' + createHash('sha256').update(`sec:${username}`).digest('base64url').slice(0, 52);
}

export interface ItemOptions {
  signer: Signer;
  /** Signing time of the media URLs. */
  nowMs: number;
  /** When the sandbox started: story and post times are fixed relative to it, so shifting the clock ages them. */
  anchorMs?: number;
  /** Bind every media URL to this page session (see cdnUrls). */
  sessionId?: string;
}

/** Story expiry in ms (createTime + 24h as TikTok does), relative to the sandbox start. */
export function storyTimes(s: Scenario, anchorMs: number): { createTime: number; expiresAtMs: number } {
  const now = Math.floor(anchorMs / 1000);
  const expiresIn = s.expiresInSec ?? DAY;
  const createTime = now - (DAY - expiresIn);
  return { createTime, expiresAtMs: (createTime + DAY) * 1000 };
}

export function createTimeOf(s: Scenario, anchorMs: number): number {
  if (s.kind === 'story') return storyTimes(s, anchorMs).createTime;
  // Posts: a stable age derived from the id so repeated fetches agree.
  return Math.floor(anchorMs / 1000) - 3 * DAY - (Number(s.itemId.slice(-5)) % DAY);
}

/** A live story whose 24 hours ran out on the (shifted) sandbox clock. */
export function storyRanOut(s: Scenario, anchorMs: number, nowMs: number): boolean {
  return s.kind === 'story' && nowMs >= storyTimes(s, anchorMs).expiresAtMs;
}

export function authorObject(s: Scenario) {
  const avatar = `https://p16-sign-va.tiktokcdn.com/tos-maliva-avt-0068/${hexId(`avt:${s.username}`)}~tplv-tiktokx-cropcenter:100:100.jpeg?x-expires=1732600000&x-signature=avatar`;
  return {
    id: numericId(`user:${s.username}`),
    shortId: '',
    uniqueId: s.username,
    nickname: s.nickname,
    avatarLarger: avatar.replace(':100:100', ':1080:1080'),
    avatarMedium: avatar.replace(':100:100', ':720:720'),
    avatarThumb: avatar,
    signature: '',
    verified: false,
    secUid: secUid(s.username),
    secret: s.tiktok.statusCode === 10222,
    ftc: false,
    relation: 0,
    openFavorite: false,
    commentSetting: 0,
    duetSetting: 0,
    stitchSetting: 0,
    privateAccount: s.tiktok.statusCode === 10222,
    downloadSetting: 0,
  };
}

function stats(s: Scenario) {
  const n = Number(s.itemId.slice(-6));
  const v = { diggCount: 1200 + (n % 9000), shareCount: 40 + (n % 300), commentCount: 18 + (n % 200), playCount: 25000 + n, collectCount: 77 + (n % 500) };
  return {
    stats: v,
    statsV2: Object.fromEntries(Object.entries(v).map(([k, x]) => [k, String(x)])) as Record<string, string>,
  };
}

const asset = (s: Scenario, a: Omit<MediaAssetRef, 'scenarioId'>): MediaAssetRef => ({ scenarioId: s.id, ...a });

function musicObject(s: Scenario, o: ItemOptions) {
  const id = numericId(`music:${s.id}`);
  const cover = `https://p16-sign-va.tiktokcdn.com/tos-maliva-avt-0068/${hexId(`mc:${s.id}`)}~tplv-tiktokx-cropcenter:720:720.jpeg`;
  if (!s.media.audio) {
    // Some slideshows have no music (vxtiktok #39): an empty music object without playUrl.
    return { id: '', title: '', authorName: '', original: false, duration: 0, album: '' };
  }
  return {
    id,
    title: `original sound - ${s.username}`,
    playUrl: cdnUrls(asset(s, { type: 'audio' }), o.signer, o.nowMs, o.sessionId)[0]!,
    coverLarge: cover,
    coverMedium: cover.replace(':720:720', ':200:200'),
    coverThumb: cover.replace(':720:720', ':100:100'),
    authorName: s.nickname,
    original: true,
    duration: SAMPLE.musicDuration,
    album: '',
    scheduleSearchTime: 0,
    collected: false,
    preciseDuration: { preciseDuration: SAMPLE.musicDuration, preciseShootDuration: SAMPLE.musicDuration, preciseAuditionDuration: SAMPLE.musicDuration, preciseVideoDuration: SAMPLE.musicDuration },
  };
}

interface Gear {
  gear: string;
  codecType: string;
  codec: 'h264' | 'h265' | 'bytevc2';
  urlCodec: string;
  res: string;
  width: number;
  height: number;
  bitrate: number;
  quality: number;
}

// "540p" is really 576x1024 (tiktok-web.md: the 540p label is actually 576p).
const GEARS: Gear[] = [
  { gear: 'normal_1080_0', codecType: 'h265_hvc1', codec: 'h265', urlCodec: 'bytevc1', res: '1080p', width: 1080, height: 1920, bitrate: 1480326, quality: 2 },
  { gear: 'normal_720_0', codecType: 'h264', codec: 'h264', urlCodec: 'h264', res: '720p', width: 720, height: 1280, bitrate: 1234567, quality: 10 },
  { gear: 'normal_540_0', codecType: 'h264', codec: 'h264', urlCodec: 'h264', res: '540p', width: 576, height: 1024, bitrate: 820412, quality: 20 },
  { gear: 'adapt_lowest_1080_1', codecType: 'bytevc2', codec: 'bytevc2', urlCodec: 'bytevc2', res: '1080p', width: 1080, height: 1920, bitrate: 990215, quality: 14 },
];

function awemePlayUrl(s: Scenario, videoId: string, o: ItemOptions): string {
  // Listed with every bitrate; broken in practice (yt-dlp #11034), answered 403/404 here.
  return `https://www.tiktok.com/aweme/v1/play/?faid=1988&file_id=${hexId(`file:${s.id}`)}&is_play_url=1&item_id=${s.itemId}&line=0&ply_type=2&signaturev3=${o.signer.sign(`play:${s.itemId}`, 40)}&tk=tt_chain_token&video_id=${videoId}`;
}

function videoObject(s: Scenario, o: ItemOptions) {
  const videoId = `v12044gd0000${hexId(`vid:${s.id}`, 20)}`;
  const cover = `https://p16-sign-va.tiktokcdn.com/obj/tos-maliva-p-0068/${hexId(`cover:${s.id}`)}?x-expires=1732600000&x-signature=cover`;
  const base = { id: numericId(`video:${s.id}`), cover, originCover: cover, dynamicCover: cover, shareCover: [''], reflowCover: cover, zoomCover: { '240': cover, '480': cover, '720': cover, '960': cover } };
  if (!s.media.video) {
    // Slideshows and sound-only items: duration 0 and no playable address (tiktok-web.md §3).
    return { ...base, height: 0, width: 0, duration: 0, ratio: '', playAddr: '', downloadAddr: '', format: '', bitrate: 0 };
  }
  const v = s.tiktok.variants ?? {};
  // Every video URL serves the same sample file, so every gear reports its size.
  const dataSize = loadFile('sample.mp4').data.length;
  const main = cdnUrls(asset(s, { type: 'video', codec: 'h264' }), o.signer, o.nowMs, o.sessionId);
  const bitrateInfo = GEARS.map((g) => {
    const list = cdnUrls(asset(s, { type: 'video', codec: g.codec }), o.signer, o.nowMs, o.sessionId);
    return {
      GearName: g.gear,
      Bitrate: g.bitrate,
      QualityType: g.quality,
      CodecType: g.codecType,
      MVMAF: '{"v2.0": {"srv1": {"v1080": 92.1, "v960": 94.3, "v864": 95.2, "v720": 96.8}}}',
      PlayAddr: {
        DataSize: dataSize,
        Width: g.width,
        Height: g.height,
        Uri: `${videoId}`,
        UrlKey: `${videoId}_${g.urlCodec}_${g.res}_${g.bitrate}`,
        UrlList: [...list, awemePlayUrl(s, videoId, o)],
        FileHash: hexId(`fh:${s.id}:${g.gear}`),
        FileCs: `c:0-${Math.floor(dataSize * 0.8)}-${hexId(`cs:${g.gear}`, 4)}`,
      },
    };
  });
  const playAddr = v.playAddrList ? main.map((src) => ({ src })) : main[0]!;
  return {
    ...base,
    height: SAMPLE.height,
    width: SAMPLE.width,
    duration: SAMPLE.duration,
    ratio: '540p',
    playAddr,
    downloadAddr: cdnUrls(asset(s, { type: 'video', codec: 'h264', watermark: true }), o.signer, o.nowMs, o.sessionId)[0]!,
    format: 'mp4',
    bitrate: 820412,
    encodedType: 'normal',
    videoQuality: 'normal',
    encodeUserTag: '',
    codecType: 'h264',
    definition: '540p',
    size: dataSize,
    VQScore: '64.48',
    volumeInfo: { Loudness: -16.1, Peak: 0.89 },
    subtitleInfos: [],
    ...(v.noBitrateInfo ? {} : { bitrateInfo }),
    ...(s.kind === 'story'
      ? { PlayAddrStruct: { UrlList: bitrateInfo[2]!.PlayAddr.UrlList, Uri: videoId, UrlKey: bitrateInfo[2]!.PlayAddr.UrlKey, DataSize: dataSize, Width: SAMPLE.width, Height: SAMPLE.height } }
      : {}),
  };
}

function imagePost(s: Scenario, o: ItemOptions) {
  const images = Array.from({ length: s.media.images ?? 0 }, (_, n) => {
    const jpeg = cdnUrls(asset(s, { type: 'image', n, format: 'jpeg' }), o.signer, o.nowMs, o.sessionId);
    const webp = cdnUrls(asset(s, { type: 'image', n, format: 'webp' }), o.signer, o.nowMs, o.sessionId);
    // cobalt picks the entry containing ".jpeg?", gallery-dl takes urlList[0].
    const urlList = s.tiktok.variants?.webpFirst ? [webp[0]!, webp[1]!, jpeg[0]!] : [jpeg[0]!, jpeg[1]!, webp[0]!];
    return { imageURL: { urlList }, imageWidth: SAMPLE.imageWidth, imageHeight: SAMPLE.imageHeight };
  });
  return { images, cover: images[0] ?? null, shareCover: images[0] ?? null, title: '' };
}

/** The expiry fields a story item carries (variants per scenario; 'none' = derive from createTime + 24h). */
function storyFields(s: Scenario, anchorMs: number): Record<string, unknown> {
  if (s.kind !== 'story') return {};
  const { expiresAtMs } = storyTimes(s, anchorMs);
  const field = s.tiktok.variants?.expiryField ?? 'story.ExpiredAt';
  const base = { is_story: 1, isStory: true };
  if (field === 'none') return base;
  if (field === 'story.ExpiredAt') return { ...base, story: { ExpiredAt: expiresAtMs, StoryType: s.media.video ? 1 : 2, ViewerCount: 0 } };
  return { ...base, [field]: expiresAtMs };
}

/** itemStruct for the current rehydration layout; `flat` gives the SIGI/legacy flat author fields. */
export function buildItemStruct(s: Scenario, o: ItemOptions & { flat?: boolean }): Record<string, unknown> {
  const anchor = o.anchorMs ?? o.nowMs;
  const createTime = createTimeOf(s, anchor);
  const author = authorObject(s);
  const flat = o.flat || s.tiktok.variants?.flatAuthor;
  const authorFields = flat
    ? { author: s.username, authorId: author.id, authorSecId: author.secUid, nickname: s.nickname, avatarThumb: author.avatarThumb }
    : { author };
  const item: Record<string, unknown> = {
    id: s.itemId,
    desc: s.caption,
    createTime: s.tiktok.variants?.createTimeString ? String(createTime) : createTime,
    scheduleTime: 0,
    ...authorFields,
    music: musicObject(s, o),
    challenges: [],
    ...stats(s),
    isActivityItem: false,
    duetInfo: { duetFromId: '0' },
    warnInfo: [],
    originalItem: false,
    officalItem: false,
    textExtra: [],
    secret: s.tiktok.statusCode === 10216,
    forFriend: false,
    digged: false,
    itemCommentStatus: 0,
    takeDown: 0,
    effectStickers: [],
    privateItem: s.tiktok.statusCode === 10216,
    duetEnabled: true,
    stitchEnabled: true,
    stickersOnItem: [],
    isAd: false,
    shareEnabled: true,
    comments: [],
    duetDisplay: 0,
    stitchDisplay: 0,
    indexEnabled: true,
    diversificationLabels: [],
    locationCreated: 'US',
    suggestedWords: [],
    contents: [{ desc: s.caption, textExtra: [] }],
    collected: false,
    channelTags: [],
    item_control: { can_repost: true },
    IsAigc: false,
    AIGCDescription: '',
    backendSourceEventTracking: '',
    textLanguage: 'en',
    textTranslatable: true,
    ...storyFields(s, anchor),
  };
  if (s.tiktok.ageRestricted) {
    // Age-gated: no video dict, isContentClassified true (yt-dlp; cobalt content.post.age).
    item.isContentClassified = true;
    return item;
  }
  item.isContentClassified = false;
  item.video = videoObject(s, o);
  if (s.media.images) item.imagePost = imagePost(s, o);
  return item;
}
