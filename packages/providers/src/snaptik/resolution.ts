/**
 * SnaptikPost -> core Resolution, with honest labels: SnapTik serves no-watermark files
 * ("HD" when the HD endpoint answered), never story photos, and audio only when the
 * payload has a link for it.
 */
import { TiksaverError, type MediaItem, type ParsedLink, type Resolution } from '@tiksaver/core';
import { itemIdFrom, serviceTargetUrl } from '../shared/link-target.js';
import { PROVIDER_ID } from './errors.js';
import type { SnaptikPost } from './parse.js';

export interface ChosenVideo {
  url: string;
  hd: boolean;
  sizeBytes?: number;
}

function imageExt(url: string): string {
  const path = new URL(url).pathname.toLowerCase();
  if (path.endsWith('.webp') || /format=webp|[.~]webp/.test(url)) return 'webp';
  if (path.endsWith('.png')) return 'png';
  return 'jpg';
}

/** `videos` best first (selectItems takes the first); the others stay as visible choices. */
export function toResolution(link: ParsedLink, post: SnaptikPost, videos: ChosenVideo[]): Resolution {
  const isStory = link.kind === 'story';
  if (isStory && (post.type === 'carousel' || videos.length === 0)) {
    // services.md §1 + issue 7: SnapTik delivers story videos, never story photos.
    throw new TiksaverError('UNSUPPORTED_KIND', 'SnapTik cannot deliver photo stories (only story videos)', {
      provider: PROVIDER_ID,
    });
  }
  const items: MediaItem[] = [];
  if (post.type === 'carousel') {
    post.images.forEach((url, i) => {
      const ext = imageExt(url);
      items.push({ type: 'image', url, ext, mimeType: ext === 'jpg' ? 'image/jpeg' : `image/${ext}`, index: i + 1, watermark: false });
    });
  } else {
    for (const video of videos) items.push({
      type: 'video',
      url: video.url,
      ext: 'mp4',
      mimeType: 'video/mp4',
      watermark: false,
      quality: video.hd ? 'HD' : 'SD',
      ...(post.durationSec !== undefined && { durationSec: post.durationSec }),
      ...(video.sizeBytes !== undefined && { sizeBytes: video.sizeBytes }),
    });
  }
  if (post.audioUrl) {
    items.push({ type: 'audio', url: post.audioUrl, ext: 'mp3', mimeType: 'audio/mpeg', quality: 'original sound' });
  }
  if (items.length === 0) {
    throw new TiksaverError('NO_MEDIA', 'SnapTik found the post but returned no media links', { provider: PROVIDER_ID });
  }
  return {
    kind: isStory ? 'story' : post.type === 'carousel' ? 'photo' : 'video',
    id: itemIdFrom(link, post.id),
    url: serviceTargetUrl(link),
    ...(post.author && { author: post.author }),
    ...(post.title && { caption: post.title }),
    items,
  };
}
