export { createHttpClient } from './client.js';
export { parseHostMap, matchHostMap } from './host-map.js';
export { isPublicAddress } from './address-guard.js';
export { parseRetryAfter, looksLikeChallenge, statusError, responseError, type StatusContext, type StatusSource } from './failures.js';
export { DEFAULT_USER_AGENT } from './headers.js';
export { createBrowserTlsClient, loadImpit, type BrowserTlsOptions } from './browser-tls.js';
export { parseCookiesTxt, readTikTokCookies, tiktokCookieFile, tiktokCookies, toSetCookie, type FileCookie, type ParsedCookieFile, type TikTokCookieFile } from './cookie-file.js';
