import type { Signer } from '../signing.js';
import type { MediaCounters, TiktokSite } from '../types.js';

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

export function emptyMediaCounters(): MediaCounters {
  return { requests: 0, head: 0, options: 0, withPageSession: 0, withoutPageSession: 0 };
}
