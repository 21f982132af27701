import type { Signer } from '../signing.js';

/** What the TikTok imitation shares between its web and CDN hosts. */
export interface TiktokDeps {
  signer: Signer;
  /** The WAF proof-of-work answer is drawn below this. */
  wafMaxIterations: number;
  /** control('tiktok', 'waf:on'): challenge every page, not only waf scenarios. */
  forceWaf: boolean;
  /** Sandbox start on its clock: story and post times are fixed relative to it. */
  anchorMs: number;
  /**
   * control('tiktok', 'stories:login'): the story list answers an empty 200 body (what
   * TikTok's web API gives an unsigned or logged-out caller) unless a `sessionid` cookie comes.
   */
  storiesNeedLogin: boolean;
  /** Pad every page to about this many bytes (0 = plain pages). */
  pagePadBytes: number;
  /** Which TikTok the pages imitate: 'today' (late 2026, tiktok-web.md §0) or 'legacy-desktop'. */
  site: TiktokSite;
  /** What reached the CDN: proves no HEAD/OPTIONS and that media requests carried their page session. */
  media: MediaCounters;
}

/**
 * - today: a plain desktop client gets a ~1.4 KB stub without data; a mobile identity gets
 *   the full page with `webapp.reflow.video.detail` on www and on m.tiktok.com/v/ID.html;
 *   story items 404 on desktop (yt-dlp #7187).
 * - legacy-desktop: the 2024 site the older extractors were written for: the desktop page
 *   carries `webapp.video-detail` (or SIGI_STATE), m.tiktok.com/v/ID.html redirects to it,
 *   and mobile identities get an app shell without item data, so the desktop route is the
 *   one that resolves.
 */
export type TiktokSite = 'today' | 'legacy-desktop';

export interface MediaCounters {
  /** Every request that reached a CDN host. */
  requests: number;
  head: number;
  options: number;
  /** GETs of page-session-bound URLs that carried that page's tt_chain_token (and a TikTok Referer). */
  withPageSession: number;
  /** GETs of page-session-bound URLs without it (answered 403). */
  withoutPageSession: number;
}

export function emptyMediaCounters(): MediaCounters {
  return { requests: 0, head: 0, options: 0, withPageSession: 0, withoutPageSession: 0 };
}
