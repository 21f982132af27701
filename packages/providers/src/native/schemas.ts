/**
 * Zod schemas for the item shapes TikTok's web page has served over the years
 * (reference tiktok-web.md §2 "Fields of itemStruct"). They accept each documented variant:
 * playAddr as a string or a list of {src}, createTime as a number or numeric string, author
 * as an object, `authorInfo`, or a flat string, story expiry fields, imagePost and music.
 * Only the fields the mapper reads are declared; the rest is stripped, which keeps
 * validation cheap (bench/parse.mjs). A shape none of them accepts is upstream drift and
 * becomes UPSTREAM_CHANGED with the failing path (map-item.ts driftError).
 */
import * as z from 'zod';

/** A number that TikTok sometimes sends as a numeric string. */
export const NumberLike = z.union([z.number(), z.string().regex(/^-?\d+(\.\d+)?$/).transform(Number)]);
/** Ids: long numbers must stay strings (they exceed 2^53); numbers are accepted and stringified. */
export const IdLike = z.union([z.string(), z.number().transform(String)]);
/** 0/1 or boolean flags (`is_story`, `isContentClassified`). */
export const FlagLike = z.union([z.boolean(), z.number().transform((n) => n !== 0), z.string().transform((s) => s === '1' || s === 'true')]);

export const UrlListStruct = z.object({
  UrlList: z.array(z.string()).nullish(),
  UrlKey: z.string().nullish(),
  DataSize: NumberLike.nullish(),
  Width: NumberLike.nullish(),
  Height: NumberLike.nullish(),
});
export type UrlListStruct = z.infer<typeof UrlListStruct>;

export const BitrateInfo = z.object({
  Bitrate: NumberLike.nullish(),
  CodecType: z.string().nullish(),
  PlayAddr: UrlListStruct.nullish(),
});
export type BitrateInfo = z.infer<typeof BitrateInfo>;

/** Current pages: a URL string; older pages: a list of {src}. */
export const PlayAddr = z.union([z.string(), z.array(z.object({ src: z.string() }))]);

export const VideoStruct = z.object({
  playAddr: PlayAddr.nullish(),
  downloadAddr: z.string().nullish(),
  /** Older pages: download.url instead of downloadAddr. */
  download: z.object({ url: z.string().nullish() }).nullish(),
  PlayAddrStruct: UrlListStruct.nullish(),
  bitrateInfo: z.array(BitrateInfo).nullish(),
  width: NumberLike.nullish(),
  height: NumberLike.nullish(),
  /** Seconds; 0 for audio-only slideshows. */
  duration: NumberLike.nullish(),
  codecType: z.string().nullish(),
});
export type VideoStruct = z.infer<typeof VideoStruct>;

export const ImagePost = z.object({
  images: z.array(
    z.object({
      imageURL: z.object({ urlList: z.array(z.string()) }),
      imageWidth: NumberLike.nullish(),
      imageHeight: NumberLike.nullish(),
    }),
  ),
  title: z.string().nullish(),
});
export type ImagePost = z.infer<typeof ImagePost>;

export const MusicStruct = z.object({
  title: z.string().nullish(),
  playUrl: z.string().nullish(),
  duration: NumberLike.nullish(),
  original: FlagLike.nullish(),
});
export type MusicStruct = z.infer<typeof MusicStruct>;

export const AuthorStruct = z.object({
  uniqueId: z.string().nullish(),
  nickname: z.string().nullish(),
});
export type AuthorStruct = z.infer<typeof AuthorStruct>;

/** Story expiry as sent in list APIs: `story.ExpiredAt` in milliseconds (unverified, see §3). */
export const StoryStruct = z.object({
  ExpiredAt: NumberLike.nullish(),
  expiredAt: NumberLike.nullish(),
});

export const ItemStruct = z.object({
  id: IdLike,
  desc: z.string().nullish(),
  createTime: NumberLike.nullish(),
  /** Object on current pages; the @handle string on SIGI-era pages (with flat fields below). */
  author: z.union([AuthorStruct, z.string()]).nullish(),
  authorInfo: AuthorStruct.nullish(),
  nickname: z.string().nullish(),
  uniqueId: z.string().nullish(),
  video: VideoStruct.nullish(),
  imagePost: ImagePost.nullish(),
  music: MusicStruct.nullish(),
  isContentClassified: FlagLike.nullish(),
  is_story: FlagLike.nullish(),
  isStory: FlagLike.nullish(),
  story: StoryStruct.nullish(),
  expiredAt: NumberLike.nullish(),
  storyExpiredAt: NumberLike.nullish(),
})
  // Every page shape names the author somehow (cobalt: no author means an empty answer).
  .refine((item) => item.author != null || item.authorInfo != null || item.uniqueId != null, {
    path: ['author'],
    message: 'missing (no author, authorInfo or uniqueId)',
  })
  // A video dict always carries playAddr (possibly '') or a rendition list; without them
  // the fields were renamed, not emptied.
  .refine((item) => !item.video || 'playAddr' in item.video || item.video.bitrateInfo != null || item.video.PlayAddrStruct != null, {
    path: ['video', 'playAddr'],
    message: 'missing (no playAddr, bitrateInfo or PlayAddrStruct)',
  });
export type ItemStruct = z.infer<typeof ItemStruct>;

/** `__DEFAULT_SCOPE__["webapp.video-detail"]`. */
export const VideoDetail = z.object({
  statusCode: NumberLike.nullish(),
  statusMsg: z.string().nullish(),
  itemInfo: z.object({ itemStruct: z.unknown().nullish() }).nullish(),
});
export type VideoDetail = z.infer<typeof VideoDetail>;
