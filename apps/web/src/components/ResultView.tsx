import { useEffect, useRef, type ReactNode } from 'react';
import type { WebMediaItem, WebResolution } from '../lib/api.js';
import { Countdown } from './Countdown.js';
import { MediaLabels } from './MediaLabels.js';

const KIND_TEXT = { story: 'Story', video: 'Video', photo: 'Photo post' } as const;
const OTHER_TEXT = { video: 'Video', image: 'Image', audio: 'Sound only' } as const;

function inline(item: WebMediaItem): string {
  return `${item.downloadUrl}?inline=1`;
}

function DownloadLink({ item, children }: { item: WebMediaItem; children: ReactNode }) {
  return (
    <a className="button button-primary" href={item.downloadUrl} download>
      {children}
    </a>
  );
}

function VideoItem({ item }: { item: WebMediaItem }) {
  return (
    <figure className="media-card">
      <video className="player" src={inline(item)} controls preload="metadata" playsInline width={item.width} height={item.height} />
      <figcaption>
        <MediaLabels item={item} />
        <DownloadLink item={item}>Download video</DownloadLink>
      </figcaption>
    </figure>
  );
}

function AudioItem({ item }: { item: WebMediaItem }) {
  return (
    <figure className="media-card">
      <audio className="audio" src={inline(item)} controls preload="none" />
      <figcaption>
        <MediaLabels item={item} />
        <DownloadLink item={item}>Download sound</DownloadLink>
      </figcaption>
    </figure>
  );
}

/** "Sound only" but the provider gave the video: play its soundtrack, offer an MP3 made by the server. */
function SoundFromVideo({ item, mp3 }: { item: WebMediaItem; mp3: boolean }) {
  return (
    <figure className="media-card">
      <audio className="audio" src={inline(item)} controls preload="none" aria-label="Sound of the video" />
      <figcaption>
        <p className="small muted">This provider delivered the video; the sound is taken from it.</p>
        {mp3 ? (
          <a className="button button-primary" href={`${item.downloadUrl}?format=mp3`} download>
            Download MP3
          </a>
        ) : (
          <p className="small">This server cannot convert to MP3 (no ffmpeg); the video below holds the sound.</p>
        )}
        <a className="button button-ghost" href={item.downloadUrl} download>
          Download video
        </a>
      </figcaption>
    </figure>
  );
}

function Gallery({ images, zipUrl }: { images: WebMediaItem[]; zipUrl?: string }) {
  return (
    <div className="gallery-wrap">
      {zipUrl && images.length > 1 && (
        <a className="button button-primary" href={zipUrl} download data-testid="zip">
          Download all {images.length} images (zip)
        </a>
      )}
      <ul className="gallery" aria-label={`${images.length} images`}>
        {images.map((item, n) => (
          <li key={item.downloadUrl} className="gallery-item">
            <img src={inline(item)} alt={`Image ${n + 1} of ${images.length}`} loading="lazy" width={item.width} height={item.height} />
            <a className="button button-small" href={item.downloadUrl} download aria-label={`Download image ${n + 1}`}>
              Image {n + 1}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}

interface ResultViewProps {
  result: WebResolution;
  provider?: string;
  providerLabel?: string;
  want?: string;
  /** The server can make MP3s from videos. */
  mp3?: boolean;
}

export function ResultView({ result, provider, providerLabel, want, mp3 = false }: ResultViewProps) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [result]);
  // What the chosen output asked for comes first; the other items are offered below it.
  const primary = result.selected.length > 0 ? result.selected.map((i) => result.items[i]!).filter(Boolean) : result.items;
  const others = result.items.filter((item) => !primary.includes(item));
  const videos = primary.filter((i) => i.type === 'video');
  const images = primary.filter((i) => i.type === 'image');
  const audio = primary.filter((i) => i.type === 'audio');
  const who = result.author?.username ? `@${result.author.username}` : result.author?.nickname;

  return (
    <section className="result" aria-labelledby="result-title" data-testid="result">
      <h2 id="result-title" ref={heading} tabIndex={-1}>
        {KIND_TEXT[result.kind]}
        {who && <span className="muted"> by {who}</span>}
      </h2>
      {provider && <p className="muted small">Found by {providerLabel ?? provider}.</p>}
      {result.caption && <p className="caption">{result.caption}</p>}
      {result.kind === 'story' && result.expiresAt && <Countdown expiresAt={result.expiresAt} />}
      {videos.map((item) =>
        want === 'audio' && audio.length === 0 ? <SoundFromVideo key={item.downloadUrl} item={item} mp3={mp3} /> : <VideoItem key={item.downloadUrl} item={item} />,
      )}
      {images.length > 0 && <Gallery images={images} {...(result.zipUrl && { zipUrl: result.zipUrl })} />}
      {audio.map((item) => (
        <AudioItem key={item.downloadUrl} item={item} />
      ))}
      {result.items.length === 0 && <p>No media of the kind you asked for. Try another output.</p>}
      {others.length > 0 && (
        <div className="others">
          <h3 className="small muted">Also available</h3>
          <ul>
            {others.map((item) => (
              <li key={item.downloadUrl}>
                <a href={item.downloadUrl} download>
                  {OTHER_TEXT[item.type]}
                  {item.index !== undefined && ` ${item.index}`}
                </a>{' '}
                <span className="muted small">{[item.quality, item.watermark ? 'watermark' : undefined].filter(Boolean).join(', ')}</span>
              </li>
            ))}
          </ul>
        </div>
      )}
      <p className="reminder">
        Saved for yourself: fine. Reposting someone else's story or video? Ask the creator first and credit them.
      </p>
    </section>
  );
}
