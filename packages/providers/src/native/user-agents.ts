/**
 * The two browsers the native resolver imitates. Desktop Chrome is what cobalt sends
 * (reference tiktok-web.md §2 "cobalt HEAD update"). Story items 404 on desktop but render
 * for the TikTok app (yt-dlp #7187), so the mobile retry uses the app's in-app browser
 * (Android WebView + the musical_ly app tokens), with matching client hints.
 */
import { DEFAULT_USER_AGENT } from '@tiksaver/core';

/** The HTTP client's own desktop Chrome UA: one string to bump for both. */
export const DESKTOP_USER_AGENT = DEFAULT_USER_AGENT;

export const MOBILE_USER_AGENT =
  'Mozilla/5.0 (Linux; Android 13; Pixel 7 Build/TD1A.220804.031; wv) AppleWebKit/537.36 (KHTML, like Gecko) ' +
  'Version/4.0 Chrome/138.0.0.0 Mobile Safari/537.36 trill_2023501030 JsSdk/1.0 NetType/WIFI Channel/googleplay ' +
  'AppName/musical_ly app_version/35.1.3 ByteLocale/en ByteFullLocale/en Region/US';

export type Identity = 'desktop' | 'mobile';
/** @deprecated name kept for callers of the old two-step resolver. */
export type Browser = Identity;

/**
 * Full identity headers: the User-Agent and client hints that agree with it. The HTTP
 * client's defaults are desktop hints (`sec-ch-ua-mobile: ?0`, Windows), which next to a
 * mobile UA would give the disguise away (tiktok-web.md §0: the mobile UA is load-bearing).
 */
export function identityHeaders(identity: Identity, userAgents: { desktop: string; mobile: string }): Record<string, string> {
  return identity === 'desktop'
    ? { 'user-agent': userAgents.desktop }
    : {
        'user-agent': userAgents.mobile,
        'sec-ch-ua': '"Not)A;Brand";v="8", "Chromium";v="138", "Android WebView";v="138"',
        'sec-ch-ua-mobile': '?1',
        'sec-ch-ua-platform': '"Android"',
      };
}

export const browserHeaders = identityHeaders;
