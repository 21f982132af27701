/**
 * Netscape cookies.txt, the file browser extensions export and yt-dlp / gallery-dl read with
 * `--cookies FILE`: one cookie per line, seven TAB-separated fields
 * `domain  includeSubdomains  path  secure  expires  name  value`, `#` comments, and the
 * `#HttpOnly_` prefix on the domain of HttpOnly cookies (curl's convention).
 *
 * Only cookies of TikTok's own domains are kept for requests (`tiktokCookies`): a file
 * exported from a whole browser also holds every other site's cookies, and none of those,
 * nor TikTok's, may ever reach a download service.
 */
import { readFileSync } from 'node:fs';
import { TiksaverError } from '../errors.js';
import { isTikTokCookieHost } from '../link/hosts.js';

export interface FileCookie {
  /** As written, with its leading dot when the cookie is for subdomains too. */
  domain: string;
  /** TRUE: the domain and its subdomains; FALSE: that host only. */
  includeSubdomains: boolean;
  path: string;
  secure: boolean;
  httpOnly: boolean;
  /** Seconds since the epoch; 0 = a session cookie. */
  expires: number;
  name: string;
  value: string;
}

export interface ParsedCookieFile {
  cookies: FileCookie[];
  /** Lines that were neither comments, blank nor cookies (1-based numbers). */
  badLines: number[];
}

const HTTP_ONLY = '#HttpOnly_';

export function parseCookiesTxt(text: string): ParsedCookieFile {
  const cookies: FileCookie[] = [];
  const badLines: number[] = [];
  text.replace(/^\uFEFF/, '').split(/\r?\n/).forEach((raw, i) => {
    let line = raw.trim() ? raw.replace(/\s+$/, '') : '';
    if (!line) return;
    let httpOnly = false;
    if (line.startsWith(HTTP_ONLY)) {
      httpOnly = true;
      line = line.slice(HTTP_ONLY.length);
    } else if (line.startsWith('#')) return;
    const fields = line.split('\t');
    // Some exporters drop the value of an empty cookie (six fields).
    if (fields.length === 6) fields.push('');
    if (fields.length !== 7) {
      badLines.push(i + 1);
      return;
    }
    const [domain, sub, path, secure, expires, name, value] = fields as [string, string, string, string, string, string, string];
    if (!domain || !name || !/^\d+(\.\d+)?$/.test(expires.trim() || '0') || /[;\s]/.test(name)) {
      badLines.push(i + 1);
      return;
    }
    cookies.push({
      domain: domain.toLowerCase(),
      includeSubdomains: sub.toUpperCase() === 'TRUE',
      path: path || '/',
      secure: secure.toUpperCase() === 'TRUE',
      httpOnly,
      expires: Math.floor(Number(expires.trim() || '0')),
      name,
      value,
    });
  });
  return { cookies, badLines };
}

/** The cookies of TikTok's domains that have not expired, and how many others were dropped. */
export function tiktokCookies(cookies: readonly FileCookie[], nowMs = Date.now()): { kept: FileCookie[]; dropped: number } {
  const kept = cookies.filter((c) => isTikTokCookieHost(c.domain) && (c.expires === 0 || c.expires * 1000 > nowMs));
  return { kept, dropped: cookies.length - kept.length };
}

/** A Set-Cookie line and the URL to store it under, for a cookie jar. */
export function toSetCookie(c: FileCookie): { cookie: string; url: string } {
  const host = c.domain.replace(/^\./, '');
  const attrs = [`${c.name}=${c.value}`, `Path=${c.path}`];
  // A subdomain cookie carries Domain=; a host-only one must not (the jar then keeps it to that host).
  if (c.includeSubdomains || c.domain.startsWith('.')) attrs.push(`Domain=${host}`);
  if (c.expires > 0) attrs.push(`Expires=${new Date(c.expires * 1000).toUTCString()}`);
  if (c.secure) attrs.push('Secure');
  if (c.httpOnly) attrs.push('HttpOnly');
  return { cookie: attrs.join('; '), url: `https://${host}${c.path.startsWith('/') ? c.path : '/'}` };
}

const COOKIE_HINT =
  'Export the cookies of tiktok.com from your browser in the Netscape cookies.txt format (a "Get cookies.txt" extension does that) and pass that file.';

/** A cookies.txt as the apps use it: TikTok's live cookies, and what was left out (names only in logs). */
export interface TikTokCookieFile {
  file: string;
  kept: FileCookie[];
  /** Distinct names of the kept cookies, for -v (never their values). */
  names: string[];
  /** Cookies of other sites, or expired. */
  dropped: number;
  badLines: number[];
}

/**
 * The TikTok cookies of a cookies.txt's text: a file with no cookies at all, or none live
 * for tiktok.com, is MISCONFIGURED with what to do.
 */
export function tiktokCookieFile(text: string, file: string, nowMs = Date.now()): TikTokCookieFile {
  const parsed = parseCookiesTxt(text);
  if (parsed.cookies.length === 0) {
    throw new TiksaverError('MISCONFIGURED', `The cookies file ${file} holds no cookies in the Netscape cookies.txt format`, {
      hint: COOKIE_HINT,
      detail: { file, badLines: parsed.badLines.slice(0, 10) },
    });
  }
  const { kept, dropped } = tiktokCookies(parsed.cookies, nowMs);
  if (kept.length === 0) {
    throw new TiksaverError('MISCONFIGURED', `The cookies file ${file} has no live cookies for tiktok.com`, {
      hint: 'Sign in to tiktok.com in your browser, then export the cookies of that site (cookies.txt) again.',
      detail: { file, dropped },
    });
  }
  return { file, kept, names: [...new Set(kept.map((c) => c.name))], dropped, badLines: parsed.badLines };
}

/**
 * Reads a cookies.txt file (tiktokCookieFile); a missing or unreadable file is MISCONFIGURED.
 * Synchronous: it is one small file, read once before anything runs (the CLI at start, the
 * web server before it listens).
 */
export function readTikTokCookies(file: string): TikTokCookieFile {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new TiksaverError('MISCONFIGURED', `Cannot read the cookies file ${file}: ${(error as Error).message}`, { cause: error, hint: COOKIE_HINT, detail: { file } });
  }
  return tiktokCookieFile(text, file);
}
