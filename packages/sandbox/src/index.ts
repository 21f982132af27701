/**
 * @tiksaver/sandbox: a faithful local TikTok (web, short links, CDN) and the download
 * services, on 127.0.0.1, reachable under their real hostnames through the host map.
 */
export { startSandbox, SERVICE_IDS } from './sandbox.js';
export { SCENARIOS, SHORT_LINK_VARIANTS, getScenario, findScenarioByItemId, findScenarioByShortCode, findShortLinkVariant, shortCode, type ShortLinkVariant } from './scenarios.js';
export { FAULT_KINDS, PRIVATE_REDIRECT_TARGET, isFaultKind } from './faults.js';
export { startTripwire, refuseOffLoopback, isLoopbackAddress, type Tripwire, type OffLoopbackGuard } from './tripwire.js';
export { MEDIA_DIR, syntheticBytes, mediaFileName } from './media.js';
export { renderItemPage, type RenderItemPageOptions } from './tiktok/page.js';
export { solveWafPage, WAF_COOKIE } from './tiktok/waf.js';
export { shortLinkTarget, DEAD_LINK_LOCATION } from './tiktok/short-links.js';
export { CHAIN_COOKIE, isMobileUserAgent, isMobileIdentity } from './tiktok/session.js';
export { renderStubPage } from './tiktok/page.js';
export { VIDEO_HOSTS, IMAGE_HOSTS, MUSIC_HOSTS, decodeAsset, syntheticUrl } from './tiktok/cdn-urls.js';
export { TIKTOK_WEB_HOSTS } from './tiktok/web.js';
export * from './types.js';
export { formatBanner } from './banner.js';
