/**
 * The shapes the browser receives from the server (JSON of /api/resolve, /api/stories): one
 * file both sides import, so the client never reaches into server modules. Types only:
 * nothing here runs, and the Vite build erases it.
 */
import type { Attempt, MediaItem, Resolution, ResolveReport, SaidError } from '@tiksaver/core';
import type { StorySummary } from '@tiksaver/providers';

export interface WebMediaItem extends Omit<MediaItem, 'headers' | 'fallbackUrls'> {
  /** Same-origin download link; add ?inline=1 for players. */
  downloadUrl: string;
}

export interface WebResolution extends Omit<Resolution, 'items'> {
  items: WebMediaItem[];
  /** All items as one zip (posts with more than one item). */
  zipUrl?: string;
  /**
   * Indexes of the items that answer the user's `want` (core selectItems: the best video,
   * all images of a photo post, the sound); the other items are alternatives to offer.
   */
  selected: number[];
}

/** Errors leave the server with their hints in the web's words (server/setting-env.ts). */
export type WebError = SaidError;

export interface WebReport extends Omit<ResolveReport, 'result' | 'attempts' | 'error'> {
  error?: WebError;
  /** Server-side id of the cached report. */
  id: string;
  /** The server can make an MP3 from a video: `<downloadUrl>?format=mp3`. */
  mp3: boolean;
  result?: WebResolution;
  attempts: WebAttempt[];
}

export interface WebAttempt extends Omit<Attempt, 'result' | 'error'> {
  error?: WebError;
  result?: WebResolution;
}

/** The browser never gets a CDN URL (README "Security model"): no `thumbnail`; it shows the media through /api/media. */
export interface WebStory extends Omit<StorySummary, 'thumbnail'> {
  /** The story resolved like a pasted link; absent when the rate limit stopped the list first. */
  report?: WebReport;
}

export interface WebStoryList {
  author: { id: string; username: string; nickname?: string };
  profileSaysStory?: boolean;
  stories: WebStory[];
  /** "No story now", in one sentence, when the list is empty. */
  sentence?: string;
  /** An empty list from a profile that says it has a story: probably hidden from logged-out viewers. */
  hint?: string;
  /** Every saved-able story's chosen items in one zip. */
  zipUrl?: string;
  /** Stories not fetched because this client reached the resolve limit. */
  notFetched: number;
  /** The operator configured TikTok cookies (TIKSAVER_COOKIES); the page says so. */
  operatorCookies: boolean;
}
