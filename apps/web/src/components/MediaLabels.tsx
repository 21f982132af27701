import type { WebMediaItem } from '../lib/api.js';
import { formatBytes, formatDuration } from '../lib/format.js';

/** What the browser read from the file itself (the player's metadata, the download's size). */
export interface FileFacts {
  durationSec?: number;
  width?: number;
  height?: number;
  sizeBytes?: number;
}

export type MediaLabel = { text: string; tone?: 'good' | 'warn' };

/**
 * Resolution, watermark, length and size of one item. Numbers come from the file (the
 * player's metadata) or the item's own fields, never from a provider's quality words
 * ("720p HD" on a 576x1024 file); what is not known is left out.
 */
export function mediaLabels(item: WebMediaItem, file: FileFacts = {}, { size: withSize = true } = {}): MediaLabel[] {
  const labels: MediaLabel[] = [];
  const width = file.width ?? item.width;
  const height = file.height ?? item.height;
  // An image is its size in pixels ("540x720"); "720p" is a video word (the short side).
  if (item.type === 'image' && width && height) labels.push({ text: `${width}x${height}` });
  else if (item.type === 'video' && height) labels.push({ text: `${width ? Math.min(width, height) : height}p` });
  else if (item.type !== 'audio' && item.quality) {
    // No size known: the provider's word, without the watermark part said below.
    const word = item.quality.replace(/,?\s*(no )?watermark(ed)?/gi, '').trim();
    if (word) labels.push({ text: word });
  }
  // Watermarks are a video matter (as in the CLI); images say nothing about them.
  if (item.type === 'video' && item.watermark === false) labels.push({ text: 'no watermark', tone: 'good' });
  if (item.type === 'video' && item.watermark === true) labels.push({ text: 'watermark', tone: 'warn' });
  if (item.codec) labels.push({ text: item.codec.toUpperCase() });
  if (file.durationSec && Number.isFinite(file.durationSec)) labels.push({ text: formatDuration(file.durationSec) });
  const size = file.sizeBytes ?? item.sizeBytes;
  if (size && withSize) labels.push({ text: formatBytes(size) });
  return labels.filter((label, index) => labels.findIndex((other) => other.text.toLowerCase() === label.text.toLowerCase()) === index);
}

/** `size: false` when the size is already on the download button. */
export function MediaLabels({ item, file, size = true }: { item: WebMediaItem; file?: FileFacts; size?: boolean }) {
  const labels = mediaLabels(item, file, { size });
  if (labels.length === 0) return null;
  return (
    <ul className="labels" aria-label="About the file" data-testid="labels">
      {labels.map((label) => (
        <li key={label.text} className={`badge${label.tone ? ` badge-${label.tone}` : ''}`}>
          {label.text}
        </li>
      ))}
    </ul>
  );
}
