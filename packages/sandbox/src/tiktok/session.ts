/**
 * TikTok's web session cookies (tiktok-web.md §2 "Headers and cookies"): every page sets
 * tt_chain_token (the one the CDN demands), ttwid, msToken and tt_csrf_token on .tiktok.com.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Signer } from '../signing.js';

export const CHAIN_COOKIE = 'tt_chain_token';
const CHAIN_KIND = 'chain';

export function hasValidChainToken(signer: Signer, cookies: Record<string, string>): boolean {
  return signer.verifyToken(CHAIN_KIND, cookies[CHAIN_COOKIE]);
}

/** The page session a tt_chain_token stands for: media URLs of that page carry it as `sid`. */
export function sessionIdOf(chainToken: string | undefined): string | undefined {
  return chainToken ? createHash('sha256').update(chainToken).digest('base64url').slice(0, 16) : undefined;
}

/** The tt_chain_token a page response sets (from sessionCookies' output). */
export function chainTokenOf(setCookies: string[]): string | undefined {
  const line = setCookies.find((c) => c.startsWith(`${CHAIN_COOKIE}=`));
  return line?.slice(CHAIN_COOKIE.length + 1).split(';')[0];
}

/** Set-Cookie values for a page response; keeps a valid tt_chain_token the client already has. */
export function sessionCookies(signer: Signer, cookies: Record<string, string>, nowMs: number): string[] {
  const chain = hasValidChainToken(signer, cookies) ? cookies[CHAIN_COOKIE]! : signer.issueToken(CHAIN_KIND);
  const expires = new Date(nowMs + 180 * 86400_000).toUTCString();
  const ts = Math.floor(nowMs / 1000);
  const ttwid = cookies.ttwid ?? `1%7C${randomBytes(32).toString('base64url')}%7C${ts}%7C${randomBytes(32).toString('hex')}`;
  return [
    `${CHAIN_COOKIE}=${chain}; Domain=.tiktok.com; Path=/; Expires=${expires}; Secure; HttpOnly`,
    `ttwid=${ttwid}; Domain=.tiktok.com; Path=/; Expires=${new Date(nowMs + 365 * 86400_000).toUTCString()}; HttpOnly; Secure; SameSite=None`,
    `msToken=${randomBytes(96).toString('base64url')}; Domain=.tiktok.com; Path=/; Expires=${new Date(nowMs + 10 * 86400_000).toUTCString()}; Secure; SameSite=None`,
    `tt_csrf_token=${randomBytes(12).toString('base64url')}; Domain=.tiktok.com; Path=/; Secure; HttpOnly; SameSite=Lax`,
  ];
}

const MOBILE_UA = /Mobile|Android|iPhone|iPad|iPod|musical_ly|musically|trill|com\.zhiliaoapp|okhttp|Cronet/i;

export function isMobileUserAgent(ua: string | undefined): boolean {
  return !!ua && MOBILE_UA.test(ua);
}

/**
 * A mobile identity: a mobile User-Agent whose client hints, when sent, agree with it
 * (tiktok-web.md §0: the mobile UA is load-bearing; a desktop `sec-ch-ua-mobile: ?0` or
 * platform next to it is what a half-disguised desktop client looks like).
 */
export function isMobileIdentity(headers: Record<string, string | string[] | undefined>): boolean {
  if (!isMobileUserAgent(headers['user-agent'] as string | undefined)) return false;
  const mobileHint = headers['sec-ch-ua-mobile'];
  const platform = String(headers['sec-ch-ua-platform'] ?? '').replace(/"/g, '');
  if (mobileHint !== undefined && mobileHint !== '?1') return false;
  return !/^(Windows|macOS|Linux|Chrome OS)$/i.test(platform);
}
