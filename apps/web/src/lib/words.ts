/**
 * Plain words for the page. The short words per error code (the provider trace's "why did
 * this one fail") are core's ERROR_WORDS; hints arrive from the server already in the web's
 * words (apps/web/server/setting-env.ts).
 */
import { ERROR_WORDS, isErrorCode } from '@tiksaver/core/words';

/** What the provider found, read after its name: "the story has expired", "took too long to answer". */
export function shortReason(code: string | undefined, fallback?: string): string {
  return (isErrorCode(code) ? ERROR_WORDS[code].phrase : undefined) ?? fallback ?? 'failed';
}

export const WANT_LABELS = { auto: 'Auto', video: 'Video', image: 'Images', audio: 'Audio' } as const;

/**
 * The verdict's headline. When every provider failed, core's message also lists each
 * provider's reason; the trace right above shows those, so the page takes the summary.
 */
export function verdictTitle(error: { message: string; detail?: Record<string, unknown> }): string {
  const summary = error.detail?.summary;
  return typeof summary === 'string' && summary ? summary : error.message;
}

/**
 * What a person reads when a save fails: one entry per error code (core's, the web API's,
 * the page's own). No setting names, field names or status codes here; the server's own
 * message and hint go into the collapsed "Details" for bug reports.
 */
const PEOPLE: Record<string, { title: string; help: string }> = {
  EXPIRED: { title: 'This story has expired', help: 'Stories last about a day. Once TikTok takes one down, nobody can fetch it any more.' },
  NOT_FOUND: { title: 'This post does not exist any more', help: 'It has most likely expired or been deleted. If it still plays in the TikTok app, try again later.' },
  PRIVATE: { title: 'This account or post is private', help: 'tiksaver only saves what anyone can see without signing in.' },
  AGE_RESTRICTED: { title: 'TikTok only shows this to signed-in adults', help: 'tiksaver does not sign in, so it cannot save this one.' },
  REGION_BLOCKED: { title: 'TikTok does not show this here', help: 'It is blocked for the region this server is in. The person running this server can route it through another country.' },
  UNSUPPORTED_KIND: { title: 'No provider here can save this kind of post', help: 'Try the automatic choice, or another output.' },
  NO_MEDIA: { title: 'The post was found, but not with that media', help: 'Choose what to save from what the post has.' },
  RATE_LIMITED: { title: 'TikTok or a service asked us to slow down', help: 'Wait a minute and try again.' },
  TOO_MANY_REQUESTS: { title: 'Too many saves in a short time', help: 'Wait a minute and try again.' },
  BLOCKED: { title: 'The sites refused this server for now', help: 'Bot protection turned us away. Try again in a few minutes.' },
  UPSTREAM_CHANGED: { title: 'TikTok answered in a way tiksaver does not know yet', help: 'The site may have changed. Try again later; if it keeps happening, please report it.' },
  NETWORK: { title: 'Could not reach the sites', help: 'Check your connection and try again.' },
  TIMEOUT: { title: 'The sites took too long to answer', help: 'Try again in a moment.' },
  CANCELLED: { title: 'Stopped', help: 'Nothing was saved. Press Save to try again.' },
  MISCONFIGURED: { title: 'No provider is available', help: 'Turn at least one provider on in Settings.' },
  DOWNLOAD_FAILED: { title: 'The download failed', help: 'Try again; a fresh link usually works.' },
  INVALID_INPUT: { title: 'That is not a link tiksaver can use', help: 'Paste the link from TikTok’s Share button.' },
  WRONG_LINK_KIND: { title: 'That link is not a story or a post', help: 'Open the story or post itself and copy its link.' },
  NOT_TIKTOK: { title: 'That is not a TikTok link', help: 'Paste the link from TikTok’s Share button.' },
  TOKEN_EXPIRED: { title: 'This download link is too old', help: 'Paste the link again for fresh download links.' },
  TOKEN_INVALID: { title: 'This download link does not work here', help: 'Paste the link again.' },
  TOKEN_UNKNOWN: { title: 'This download link does not work here', help: 'Paste the link again.' },
  PAYLOAD_TOO_LARGE: { title: 'That is too much text', help: 'Paste only the link or the share text.' },
};

const FALLBACK = { title: 'Something went wrong', help: 'Try again in a moment. If it keeps happening, the details below help a bug report.' };

export function peopleWords(code: string | undefined): { title: string; help: string } {
  return (code && PEOPLE[code]) || FALLBACK;
}

const MEDIA_NAMES = { video: ['the video', 'videos'], image: ['1 image', 'images'], audio: ['the sound', 'sounds'] } as const;

/** "12 images and the sound" from { image: 12, audio: 1 }. */
export function describeMedia(media: Partial<Record<'video' | 'image' | 'audio', number>>): string {
  const parts = (['video', 'image', 'audio'] as const)
    .filter((type) => (media[type] ?? 0) > 0)
    .map((type) => (media[type] === 1 ? MEDIA_NAMES[type][0] : `${media[type]} ${MEDIA_NAMES[type][1]}`));
  return parts.length <= 1 ? (parts[0] ?? 'no media') : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;
}

export const KIND_WORDS = { story: 'story', video: 'video post', photo: 'photo post' } as const;
