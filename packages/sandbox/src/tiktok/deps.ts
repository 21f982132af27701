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
}
