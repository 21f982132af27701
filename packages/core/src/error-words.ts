/**
 * Short words per error code, for lines that have no room for the hint (the CLI's attempt
 * lines and --compare notes, the web's provider trace). One typed table, so a new code in
 * ERROR_CODES cannot go without words in either app.
 * - label: the outcome in a word or two, beside the code ("timed out (TIMEOUT): ...");
 * - phrase: what the provider found, read after its name ("TikTok (native) says the story
 *   has expired", "SnapTik took too long to answer").
 */
import type { ErrorCode } from './errors.js';

export interface ErrorWords {
  label: string;
  phrase: string;
}

export const ERROR_WORDS: Readonly<Record<ErrorCode, ErrorWords>> = {
  INVALID_INPUT: { label: 'no link found', phrase: 'the link is not usable' },
  NOT_TIKTOK: { label: 'not a TikTok link', phrase: 'not a TikTok link' },
  WRONG_LINK_KIND: { label: 'not a story or post link', phrase: 'the link is not a story or post' },
  EXPIRED: { label: 'story expired or removed', phrase: 'the story has expired' },
  NOT_FOUND: { label: 'not found', phrase: 'the post was not found (expired or deleted?)' },
  PRIVATE: { label: 'private', phrase: 'the account or post is private' },
  AGE_RESTRICTED: { label: 'age-restricted', phrase: 'only shown to signed-in adults' },
  REGION_BLOCKED: { label: 'blocked in this region', phrase: 'blocked in this region' },
  UNSUPPORTED_KIND: { label: 'cannot handle this kind', phrase: 'cannot handle this kind of post' },
  NO_MEDIA: { label: 'no media of the wanted type', phrase: 'found the post but not the media you asked for' },
  RATE_LIMITED: { label: 'rate limited', phrase: 'too many requests, asked to slow down' },
  BLOCKED: { label: 'refused (bot protection)', phrase: 'refused us (bot protection)' },
  UPSTREAM_CHANGED: { label: 'unexpected answer (site changed?)', phrase: 'answered in an unknown shape (site changed?)' },
  NETWORK: { label: 'could not connect', phrase: 'could not be reached' },
  TIMEOUT: { label: 'timed out', phrase: 'took too long to answer' },
  CANCELLED: { label: 'cancelled', phrase: 'stopped' },
  MISCONFIGURED: { label: 'not configured', phrase: 'not set up' },
  DOWNLOAD_FAILED: { label: 'download failed', phrase: 'the download failed' },
  FILE_EXISTS: { label: 'file exists', phrase: 'a file with that name exists' },
};
