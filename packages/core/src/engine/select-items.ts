/**
 * Which items of a Resolution to save for a `want`. Providers list video and audio items
 * as alternatives of one media, best first (other qualities, watermarked last resort), so
 * for those we pick the first; images of a photo post are distinct pages, so all of them.
 * Every item stays in the report so UIs can offer the other choices.
 */
import type { MediaItem, MediaType, Resolution, Want } from '../schemas.js';

export function selectItems(resolution: Resolution, want: Want = 'auto'): MediaItem[] {
  const byType = (type: MediaType) => resolution.items.filter((item) => item.type === type);
  const videos = byType('video');
  const images = byType('image');
  const audios = byType('audio');
  switch (want) {
    case 'video':
      return videos.slice(0, 1);
    case 'image':
      return images;
    case 'audio':
      // No separate sound file: the video's soundtrack is extracted (core extractAudio),
      // so hand back the video and let the caller see it is not `audio` yet.
      return audios.length ? audios.slice(0, 1) : videos.slice(0, 1);
    case 'auto':
      // Photo posts give their images; everything else its video. A story whose only
      // media is its sound (the seed guide's "only useful because of the audio") gives
      // the sound, so auto never answers NO_MEDIA for something that can be saved.
      if (resolution.kind === 'photo' && images.length) return images;
      if (videos.length) return videos.slice(0, 1);
      if (images.length) return images;
      return audios.slice(0, 1);
  }
}

/** Whether the resolution can deliver `want` (audio counts as deliverable from a video). */
export function hasWanted(resolution: Resolution, want: Want = 'auto'): boolean {
  return selectItems(resolution, want).length > 0;
}
