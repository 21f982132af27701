import type { WebMediaItem } from '../lib/api.js';
import { formatBytes, formatDuration } from '../lib/format.js';

/** Quality, watermark, size and length of one item, as small labels. */
export function mediaLabels(item: WebMediaItem): { text: string; tone?: 'good' | 'warn' }[] {
  const labels: { text: string; tone?: 'good' | 'warn' }[] = [];
  if (item.quality) labels.push({ text: item.quality });
  // An image is its size in pixels ("540x720"); "720p" is a video word.
  else if (item.type === 'image' && item.width && item.height) labels.push({ text: `${item.width}x${item.height}` });
  else if (item.height) labels.push({ text: `${item.height}p` });
  // Watermarks are a video matter (as in the CLI); images say nothing about them.
  if (item.type === 'video' && item.watermark === false) labels.push({ text: 'no watermark', tone: 'good' });
  if (item.type === 'video' && item.watermark === true) labels.push({ text: 'watermark', tone: 'warn' });
  if (item.codec) labels.push({ text: item.codec.toUpperCase() });
  if (item.durationSec) labels.push({ text: formatDuration(item.durationSec) });
  if (item.sizeBytes) labels.push({ text: formatBytes(item.sizeBytes) });
  return labels;
}

export function MediaLabels({ item }: { item: WebMediaItem }) {
  const labels = mediaLabels(item);
  if (labels.length === 0) return null;
  return (
    <ul className="labels" aria-label="Details">
      {labels.map((label) => (
        <li key={label.text} className={`badge${label.tone ? ` badge-${label.tone}` : ''}`}>
          {label.text}
        </li>
      ))}
    </ul>
  );
}
