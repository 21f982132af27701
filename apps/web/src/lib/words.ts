/**
 * Plain words for error codes in the provider trace ("why did this one fail"), one line
 * each. The full hint comes from the server (core's ERROR_CODES); this is the short form.
 */
const SHORT: Record<string, string> = {
  EXPIRED: 'the story has expired',
  NOT_FOUND: 'the post was not found (expired or deleted?)',
  PRIVATE: 'the account or post is private',
  AGE_RESTRICTED: 'only shown to signed-in adults',
  REGION_BLOCKED: 'blocked in this region',
  UNSUPPORTED_KIND: 'cannot handle this kind of post',
  NO_MEDIA: 'found the post but not the media you asked for',
  RATE_LIMITED: 'too many requests, asked to slow down',
  BLOCKED: 'refused us (bot protection)',
  UPSTREAM_CHANGED: 'answered in an unknown shape (site changed?)',
  NETWORK: 'could not be reached',
  TIMEOUT: 'took too long to answer',
  CANCELLED: 'stopped',
  MISCONFIGURED: 'not set up',
  DOWNLOAD_FAILED: 'the download failed',
  INVALID_INPUT: 'the link is not usable',
  WRONG_LINK_KIND: 'the link is not a story or post',
  NOT_TIKTOK: 'not a TikTok link',
};

export function shortReason(code: string | undefined, fallback?: string): string {
  return (code && SHORT[code]) ?? fallback ?? 'failed';
}

export const WANT_LABELS = { auto: 'Auto', video: 'Video', image: 'Images', audio: 'Audio' } as const;

/**
 * Core's hints are written for the CLI ("try --proxy"). In the browser the same settings
 * live on the server, so name those instead of flags nobody can type here.
 */
export function webHint(hint: string): string {
  return hint
    .replace(/\(--proxy\)/g, '(TIKSAVER_PROXY on the server)')
    .replace(/(through|try|with|use) --proxy\b/g, '$1 a proxy (TIKSAVER_PROXY on the server)')
    .replace(/--cobalt-(url|key) or (TIKSAVER_COBALT_\w+)/g, '$2 on the server')
    .replace(/raise --timeout\b/g, 'raise TIKSAVER_TIMEOUT on the server')
    .replace(/Use --force to overwrite, or choose another -o template\./g, 'Remove the existing file or set another TIKSAVER_OUTPUT template on the server.');
}

/**
 * The verdict's headline. When every provider failed, core's message also lists each
 * provider's reason; the trace right above shows those, so the page takes the summary.
 */
export function verdictTitle(error: { message: string; detail?: Record<string, unknown> }): string {
  const summary = error.detail?.summary;
  return typeof summary === 'string' && summary ? summary : error.message;
}
