import { useEffect, useRef, useState } from 'react';
import type { WebMediaItem, WebResolution } from '../lib/api.js';
import { freshDownloads, renewOnError } from '../lib/fresh-links.js';
import { formatBytes } from '../lib/format.js';
import { Countdown } from './Countdown.js';
import { Gallery } from './Gallery.js';
import { MediaLabels, type FileFacts } from './MediaLabels.js';
import { Notice } from './Notice.js';

const KIND_TEXT = { story: 'Story', video: 'Video', photo: 'Photo post' } as const;
const OTHER_TEXT = { video: 'Video', image: 'Image', audio: 'Sound only' } as const;

function inline(item: WebMediaItem): string {
  return `${item.downloadUrl}?inline=1`;
}

/** The size of the file behind a link (HEAD), when the provider did not say it. */
function useFileSize(item: WebMediaItem | undefined): number | undefined {
  const [size, setSize] = useState<number | undefined>(item?.sizeBytes);
  useEffect(() => {
    if (!item || item.sizeBytes) return;
    const controller = new AbortController();
    fetch(item.downloadUrl, { method: 'HEAD', signal: controller.signal })
      .then((response) => Number(response.headers.get('content-length')) || undefined)
      .then((bytes) => bytes && setSize(bytes), () => undefined);
    return () => controller.abort();
  }, [item]);
  return size;
}

interface Primary {
  href: string;
  text: string;
  item?: WebMediaItem;
}

/** The one button the result is about: Download video / photo / all as zip / MP3. */
function primaryAction(videos: WebMediaItem[], images: WebMediaItem[], audio: WebMediaItem[], want: string | undefined, mp3: boolean, zipUrl?: string): Primary | undefined {
  const video = videos[0];
  if (want === 'audio' && audio.length === 0 && video) {
    return mp3 ? { href: `${video.downloadUrl}?format=mp3`, text: 'Download MP3' } : { href: video.downloadUrl, text: 'Download video', item: video };
  }
  if (video) return { href: video.downloadUrl, text: 'Download video', item: video };
  if (images.length === 1) return { href: images[0]!.downloadUrl, text: 'Download photo', item: images[0]! };
  if (images.length > 1 && zipUrl) return { href: zipUrl, text: `Download all ${images.length} as zip` };
  const sound = audio[0];
  if (sound) return { href: sound.downloadUrl, text: sound.ext === 'mp3' ? 'Download MP3' : 'Download sound', item: sound };
  return undefined;
}

interface ResultViewProps {
  result: WebResolution;
  want?: string;
  /** The server can make MP3s from videos. */
  mp3?: boolean;
}

export function ResultView({ result, want, mp3 = false }: ResultViewProps) {
  const heading = useRef<HTMLHeadingElement>(null);
  const head = useRef<HTMLDivElement>(null);
  const [file, setFile] = useState<FileFacts>({});
  const [stale, setStale] = useState(false);
  useEffect(() => {
    // The answer gets focus and comes into view, whether Enter or the button submitted.
    heading.current?.focus({ preventScroll: true });
    head.current?.scrollIntoView({ block: 'nearest' });
    setFile({});
    setStale(false);
  }, [result]);

  // What the chosen output asked for comes first; the other items are offered below it.
  const picked = result.selected.length > 0 ? result.selected : result.items.map((_, i) => i);
  const primaryItems = picked.map((i) => result.items[i]!).filter(Boolean);
  const others = result.items.filter((item) => !primaryItems.includes(item));
  const videos = primaryItems.filter((i) => i.type === 'video');
  const images = primaryItems.filter((i) => i.type === 'image');
  const imageIndexes = picked.filter((i) => result.items[i]?.type === 'image');
  const audio = primaryItems.filter((i) => i.type === 'audio');
  const who = result.author?.username ? `@${result.author.username}` : result.author?.nickname;
  const primary = primaryAction(videos, images, audio, want, mp3, result.zipUrl);
  const size = useFileSize(primary?.item);
  const facts: FileFacts = { ...file, ...(size && { sizeBytes: size }) };
  const title = `${KIND_TEXT[result.kind]}${who ? ` by ${who}` : ''}`;

  return (
    <section className="result" aria-labelledby="result-title" data-testid="result" onClickCapture={freshDownloads(() => setStale(true))}>
      <div className="result-head" ref={head}>
        <h2 id="result-title" ref={heading} tabIndex={-1}>
          {KIND_TEXT[result.kind]}
          {who && <span className="muted"> by {who}</span>}
        </h2>
        {primary && (
          <a className="button button-primary button-wide" href={primary.href} download data-testid="primary">
            {primary.text}
            {primary.item && size ? <span className="button-note">{formatBytes(size)}</span> : null}
          </a>
        )}
        {primary?.item && <MediaLabels item={primary.item} file={facts} size={!size} />}
      </div>
      {stale && (
        <Notice tone="warn" title="These download links ran out">
          <p>Press Save again for fresh ones.</p>
        </Notice>
      )}
      {result.kind === 'story' && result.expiresAt && <Countdown expiresAt={result.expiresAt} />}
      {videos.map((item) =>
        want === 'audio' && audio.length === 0 ? (
          <audio key={item.downloadUrl} className="audio" src={inline(item)} controls preload="none" onError={renewOnError} aria-label={`Sound of the ${KIND_TEXT[result.kind].toLowerCase()}`} />
        ) : (
          <video
            key={item.downloadUrl}
            className="player"
            src={inline(item)}
            controls
            preload="metadata"
            playsInline
            onError={renewOnError}
            width={item.width}
            height={item.height}
            aria-label={`${title}${result.caption ? `: ${result.caption}` : ''}`}
            onLoadedMetadata={(e) => {
              const v = e.currentTarget;
              setFile({ durationSec: v.duration, ...(v.videoWidth > 0 && { width: v.videoWidth, height: v.videoHeight }) });
            }}
          />
        ),
      )}
      {want === 'audio' && audio.length === 0 && videos.length > 0 && !mp3 && <p className="small">This server cannot make MP3s; the video holds the sound.</p>}
      {images.length > 0 && <Gallery images={images} indexes={imageIndexes} {...(result.zipUrl && { zipUrl: result.zipUrl })} />}
      {audio.map((item) => (
        <audio
          key={item.downloadUrl}
          className="audio"
          src={inline(item)}
          controls
          preload="metadata"
          onError={renewOnError}
          aria-label={`Sound of the ${KIND_TEXT[result.kind].toLowerCase()}`}
          onLoadedMetadata={(e) => primary?.item === item && setFile({ durationSec: e.currentTarget.duration })}
        />
      ))}
      {result.caption && <p className="caption">{result.caption}</p>}
      {others.length > 0 && (
        <div className="others">
          <h3 className="small">Also in this post</h3>
          <ul>
            {others.map((item) => (
              <li key={item.downloadUrl}>
                <a href={item.downloadUrl} download>
                  {OTHER_TEXT[item.type]}
                  {item.index !== undefined && ` ${item.index}`}
                </a>{' '}
                <span className="muted small">{item.type === 'video' && item.watermark ? 'with watermark' : ''}</span>
              </li>
            ))}
          </ul>
        </div>
      )}
      <p className="reminder">Saved for yourself: fine. Reposting someone else's story or video? Ask the creator first and credit them.</p>
    </section>
  );
}
