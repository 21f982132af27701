/**
 * File-type guesses for media links that third-party services hand out without metadata.
 */
import type { MediaType } from '@tiksaver/core';

const BY_EXT: Record<string, { type: MediaType; mimeType: string }> = {
  mp4: { type: 'video', mimeType: 'video/mp4' },
  webm: { type: 'video', mimeType: 'video/webm' },
  mov: { type: 'video', mimeType: 'video/quicktime' },
  mp3: { type: 'audio', mimeType: 'audio/mpeg' },
  m4a: { type: 'audio', mimeType: 'audio/mp4' },
  ogg: { type: 'audio', mimeType: 'audio/ogg' },
  opus: { type: 'audio', mimeType: 'audio/opus' },
  wav: { type: 'audio', mimeType: 'audio/wav' },
  jpg: { type: 'image', mimeType: 'image/jpeg' },
  jpeg: { type: 'image', mimeType: 'image/jpeg' },
  png: { type: 'image', mimeType: 'image/png' },
  webp: { type: 'image', mimeType: 'image/webp' },
  gif: { type: 'image', mimeType: 'image/gif' },
};

export interface FileGuess {
  type: MediaType;
  ext: string;
  mimeType: string;
}

/** Guess from a file name or URL path ("video.mp4", "/a/b.jpeg?x=1"); undefined when unknown. */
export function guessFile(nameOrUrl: string | undefined): FileGuess | undefined {
  if (!nameOrUrl) return undefined;
  let path = nameOrUrl;
  try {
    path = new URL(nameOrUrl).pathname;
  } catch {
    path = nameOrUrl.split(/[?#]/)[0] ?? nameOrUrl;
  }
  const ext = path.match(/\.([a-z0-9]{2,4})$/i)?.[1]?.toLowerCase();
  const known = ext ? BY_EXT[ext] : undefined;
  return known && ext ? { ...known, ext } : undefined;
}

/** The guess when the name says a file of `type`, else that type's defaults. */
export function fileAs(type: MediaType, nameOrUrl: string | undefined): FileGuess {
  const guess = guessFile(nameOrUrl);
  return guess?.type === type ? guess : defaultFile(type);
}

/** Default file facts for a media type when nothing better is known. */
export function defaultFile(type: MediaType): FileGuess {
  if (type === 'video') return { type, ext: 'mp4', mimeType: 'video/mp4' };
  if (type === 'audio') return { type, ext: 'mp3', mimeType: 'audio/mpeg' };
  return { type, ext: 'jpeg', mimeType: 'image/jpeg' };
}
