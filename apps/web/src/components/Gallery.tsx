import { useState } from 'react';
import type { WebMediaItem } from '../lib/api.js';
import { renewOnError } from '../lib/fresh-links.js';
import { mediaLabels } from './MediaLabels.js';

function inline(item: WebMediaItem): string {
  return `${item.downloadUrl}?inline=1`;
}

/**
 * Every image of a photo post: each opens full size, each can be saved alone, and a
 * selection is saved as one zip (the zip route's ?only= takes item indexes).
 */
export function Gallery({ images, indexes, zipUrl }: { images: WebMediaItem[]; indexes: number[]; zipUrl?: string }) {
  const [picked, setPicked] = useState<number[]>([]);
  const toggle = (index: number, on: boolean) => setPicked((list) => (on ? [...list, index].sort((a, b) => a - b) : list.filter((n) => n !== index)));
  return (
    <div className="gallery-wrap">
      {zipUrl && images.length > 1 && (
        <div className="gallery-tools">
          {picked.length > 0 ? (
            <>
              <a className="button button-ghost button-small" href={`${zipUrl}?only=${picked.join(',')}`} download data-testid="zip-selected">
                Download {picked.length} selected (zip)
              </a>
              <button type="button" className="button button-ghost button-small" onClick={() => setPicked([])}>
                Clear selection
              </button>
            </>
          ) : (
            <p className="small muted">Tick images to save only some of them; open one to see it full size.</p>
          )}
        </div>
      )}
      <ul className="gallery" aria-label={`${images.length} images`}>
        {images.map((item, n) => {
          const index = indexes[n]!;
          const size = mediaLabels(item).map((l) => l.text).join(', ');
          return (
            <li key={item.downloadUrl} className="gallery-item">
              <a href={inline(item)} target="_blank" rel="noopener" className="gallery-view" aria-label={`Image ${n + 1} of ${images.length}, full size (opens a new tab)`}>
                <img src={inline(item)} alt="" loading="lazy" width={item.width} height={item.height} onError={renewOnError} />
              </a>
              <div className="gallery-row">
                {images.length > 1 && (
                  <label className="check">
                    <input type="checkbox" checked={picked.includes(index)} onChange={(e) => toggle(index, e.target.checked)} aria-label={`Select image ${n + 1}`} />
                  </label>
                )}
                <a className="button button-small" href={item.downloadUrl} download aria-label={`Download image ${n + 1}${size ? ` (${size})` : ''}`}>
                  Image {n + 1}
                </a>
              </div>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
