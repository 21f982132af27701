import { useEffect, useRef } from 'react';
import type { Want } from '@tiksaver/core';
import type { ApiErrorBody, WebReport } from '../lib/api.js';
import { describeMedia, KIND_WORDS, peopleWords, verdictTitle } from '../lib/words.js';

type MediaType = 'video' | 'image' | 'audio';
const MEDIA_OF_KIND: Record<string, MediaType[]> = { video: ['video', 'audio'], photo: ['image', 'audio'], story: ['video', 'image', 'audio'] };
const WANT_OF: Record<MediaType, Want> = { video: 'video', image: 'image', audio: 'audio' };

function offerText(type: MediaType, n: number | undefined): string {
  if (type === 'video') return 'Save the video';
  if (type === 'audio') return 'Save the sound';
  return n === 1 ? 'Save the image' : n ? `Save the ${n} images` : 'Save the images';
}

/** "This is a photo post: 12 images and the sound", and what it has, one click each. */
function wrongOutput(error: ApiErrorBody & { detail?: Record<string, unknown> }, report: WebReport | undefined) {
  const detail = error.detail ?? {};
  const kind = (typeof detail.kind === 'string' ? detail.kind : report?.link.kind) ?? '';
  const media = detail.media as Partial<Record<MediaType, number>> | undefined;
  const want = (typeof detail.want === 'string' ? detail.want : report?.want) as string | undefined;
  const types = media ? (Object.keys(media) as MediaType[]).filter((t) => (media[t] ?? 0) > 0) : (MEDIA_OF_KIND[kind] ?? []).filter((t) => t !== want);
  const kindWord = KIND_WORDS[kind as keyof typeof KIND_WORDS] ?? 'post';
  const title = media ? `This is a ${kindWord}: ${describeMedia(media)}` : `This is a ${kindWord}: it has no ${want === 'image' ? 'images' : want ?? 'such media'}`;
  return { title, offers: types.map((type) => ({ want: WANT_OF[type], text: offerText(type, media?.[type]) })) };
}

interface VerdictProps {
  error: ApiErrorBody & { detail?: Record<string, unknown> };
  report?: WebReport;
  /** Another provider could still help: offer the side-by-side comparison. */
  compareHref?: string;
  onWant?(want: Want): void;
  testId?: string;
}

/** Why nothing was saved, in plain words; the server's own words in a collapsed Details. */
export function Verdict({ error, report, compareHref, onWant, testId = 'verdict' }: VerdictProps) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    heading.current?.focus({ preventScroll: true });
    heading.current?.closest('.notice')?.scrollIntoView({ block: 'nearest' });
  }, [error]);
  const words = peopleWords(error.code);
  const kind = report?.link.kind;
  // "This post does not exist any more" reads "This story ..." for a story link.
  const title = kind === 'story' ? words.title.replace(/\bpost\b/, 'story') : words.title;
  const wrong = error.code === 'NO_MEDIA' ? wrongOutput(error, report) : undefined;
  const tone = wrong ? 'info' : error.code === 'EXPIRED' || error.code === 'CANCELLED' ? 'warn' : 'error';
  return (
    <section className={`notice notice-${tone}`} role="alert" aria-labelledby="verdict-title" data-testid={testId} data-code={error.code}>
      <h2 id="verdict-title" className="notice-title" ref={heading} tabIndex={-1}>
        {wrong?.title ?? title}
      </h2>
      <div className="notice-body">
        {wrong && onWant ? (
          <div className="offers">
            {wrong.offers.map((offer, n) => (
              <button key={offer.want} type="button" className={`button ${n === 0 ? 'button-primary' : 'button-ghost'}`} onClick={() => onWant(offer.want)}>
                {offer.text}
              </button>
            ))}
          </div>
        ) : (
          <p>{words.help}</p>
        )}
        {compareHref && (
          <p className="small">
            Still stuck? <a href={compareHref}>Compare every provider</a> for this link.
          </p>
        )}
        <details className="details">
          <summary>Details</summary>
          <p className="small">
            Code <code>{error.code}</code>
            {error.provider && <> from {error.provider}</>}
            {error.final && <>, final: other providers cannot change it</>}
          </p>
          {/* The server's words (each provider's reason is in the trace below). */}
          <p className="small">{verdictTitle(error)}</p>
          {error.hint && <p className="small">{error.hint}</p>}
        </details>
      </div>
    </section>
  );
}
