/**
 * Optional app-API fallback (reference tiktok-web.md §2 "Mobile app API fallback"):
 * POST https://{host}/aweme/v1/multi/aweme/detail/ with aweme_ids=[ID]. Like yt-dlp since
 * #9938 it runs only with a user-supplied install id (iid): without a valid one the API
 * answers empty. Its snake_case item is normalised to the web itemStruct shape so one
 * mapper serves both.
 */
import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import { TiksaverError, type ProviderContext } from '@tiksaver/core';
import { parseItem } from './map-item.js';
import type { ItemStruct } from './schemas.js';

export interface AppInfo {
  /** Install id of a TikTok app install (required). */
  iid: string;
  deviceId?: string;
  appName?: string;
  appVersion?: string;
  manifestVersion?: string;
  aid?: string;
  /** API host (default api16-normal-c-useast1a.tiktokv.com). */
  apiHost?: string;
}

export const APP_API_DEFAULT_HOST = 'api16-normal-c-useast1a.tiktokv.com';

type Raw = Record<string, any>;

function urlList(node: Raw | undefined): string[] {
  return Array.isArray(node?.url_list) ? node.url_list.filter((u: unknown) => typeof u === 'string') : [];
}

function addr(node: Raw | undefined): Raw | undefined {
  if (!node) return undefined;
  return { UrlList: urlList(node), UrlKey: node.url_key, Width: node.width, Height: node.height, DataSize: node.data_size };
}

/** App-API aweme (snake_case) → web itemStruct (camelCase). */
export function normaliseAppItem(aweme: Raw): Raw {
  const video = aweme.video as Raw | undefined;
  const images = aweme.image_post_info?.images as Raw[] | undefined;
  const playUrl = urlList(aweme.music?.play_url)[0];
  return {
    id: String(aweme.aweme_id ?? aweme.id ?? ''),
    desc: aweme.desc,
    createTime: aweme.create_time,
    author: aweme.author && { id: aweme.author.uid, uniqueId: aweme.author.unique_id, nickname: aweme.author.nickname, secUid: aweme.author.sec_uid },
    is_story: aweme.is_story,
    ...(video && {
      video: {
        PlayAddrStruct: addr(video.play_addr),
        downloadAddr: urlList(video.download_addr)[0],
        width: video.width,
        height: video.height,
        // The app API counts milliseconds; the web page counts seconds.
        duration: typeof video.duration === 'number' ? Math.round(video.duration / 1000) : undefined,
        bitrateInfo: (video.bit_rate as Raw[] | undefined)?.map((b) => ({
          GearName: b.gear_name,
          Bitrate: b.bit_rate,
          CodecType: b.is_bytevc1 || b.is_h265 ? 'h265' : 'h264',
          PlayAddr: addr(b.play_addr),
        })),
      },
    }),
    ...(images?.length && {
      imagePost: {
        images: images.map((image) => ({
          imageURL: { urlList: urlList(image.display_image) },
          imageWidth: image.display_image?.width,
          imageHeight: image.display_image?.height,
        })),
      },
    }),
    ...(aweme.music && {
      music: { id: aweme.music.id_str ?? aweme.music.id, title: aweme.music.title, authorName: aweme.music.author, playUrl, duration: aweme.music.duration },
    }),
  };
}

function stripUndefined(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value));
}

export async function resolveViaAppApi(ctx: ProviderContext, itemId: string, info: AppInfo): Promise<ItemStruct> {
  const host = info.apiHost ?? APP_API_DEFAULT_HOST;
  const appVersion = info.appVersion ?? '35.1.3';
  const manifest = info.manifestVersion ?? '2023501030';
  const query = new URLSearchParams({
    iid: info.iid,
    device_id: info.deviceId ?? String(7250000000000000000n + BigInt(randomInt(0, 2 ** 47))),
    aid: info.aid ?? '0',
    app_name: info.appName ?? 'musical_ly',
    version_name: appVersion,
    manifest_version_code: manifest,
    update_version_code: manifest,
    device_platform: 'android',
    os: 'android',
    channel: 'googleplay',
    cdid: randomUUID(),
    _rticket: String(Date.now()),
    ts: String(Math.floor(Date.now() / 1000)),
    region: 'US',
    language: 'en',
  });
  const url = `https://${host}/aweme/v1/multi/aweme/detail/?${query}`;
  await ctx.http.cookies.setCookie(`odin_tt=${randomBytes(80).toString('hex')}; Path=/`, url);
  const body = await ctx.http.getJson<Raw>(url, {
    method: 'POST',
    form: { aweme_ids: `[${itemId}]`, request_source: '0' },
    headers: {
      'user-agent': `com.zhiliaoapp.musically/${manifest} (Linux; U; Android 13; en_US; Pixel 7; Build/TD1A.220804.031; Cronet/58.0.2991.0)`,
      'x-argus': '',
    },
    signal: ctx.signal,
  });
  const aweme = (body?.aweme_details as Raw[] | undefined)?.[0];
  if (!aweme) {
    throw new TiksaverError('NOT_FOUND', 'TikTok app API returned no item', {
      detail: { appApi: host, statusCode: body?.status_code, statusMsg: body?.status_msg },
    });
  }
  return parseItem(stripUndefined(normaliseAppItem(aweme)), url);
}
