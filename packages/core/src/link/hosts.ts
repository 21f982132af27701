/**
 * Which hosts are TikTok, and which of those serve short links. Host rules as data
 * (reference/tiktok-web.md §1: yt-dlp, gallery-dl and cobalt patterns).
 */

/** vm./vt. are short-link hosts; cobalt also lists t. (reference §1, cobalt HEAD). */
export const SHORT_LINK_HOSTS = new Set(['vm.tiktok.com', 'vt.tiktok.com', 't.tiktok.com']);

/** tiktok.com and any subdomain (www., m., us., pro. ...); tiktokv.com serves /share/video/ID. */
export function isTikTokHost(hostname: string): boolean {
  const host = normalizeHost(hostname);
  return host === 'tiktok.com' || host.endsWith('.tiktok.com') || host === 'tiktokv.com' || host.endsWith('.tiktokv.com');
}

/** TikTok's Chinese sister app: same company, different service. */
export function isDouyinHost(hostname: string): boolean {
  const host = normalizeHost(hostname);
  return /(?:^|\.)(?:iesdouyin|douyin)\.com$/.test(host);
}

/** TikTok's media CDNs: a direct file URL, not a post. */
export function isTikTokCdnHost(hostname: string): boolean {
  const host = normalizeHost(hostname);
  return /(?:^|\.)(?:tiktokcdn(?:-[a-z0-9]+)*\.com|ttwstatic\.com|ibytedtos\.com|byteoversea\.com)$/.test(host);
}

/** TikTok's own registrable domains (web, API and CDN hosts); nothing else gets a cookie from the user's cookies file. */
export const TIKTOK_COOKIE_DOMAINS = ['tiktok.com', 'tiktokv.com', 'tiktokv.us', 'tiktokv.eu', 'tiktokcdn.com', 'tiktokcdn-us.com', 'tiktokcdn-eu.com'] as const;

/** A host (or a cookie's domain, leading dot allowed) under one of TIKTOK_COOKIE_DOMAINS. */
export function isTikTokCookieHost(hostname: string): boolean {
  const host = normalizeHost(hostname).replace(/^\./, '');
  return TIKTOK_COOKIE_DOMAINS.some((d) => host === d || host.endsWith(`.${d}`));
}

export function normalizeHost(hostname: string): string {
  return hostname.toLowerCase().replace(/\.$/, '');
}
