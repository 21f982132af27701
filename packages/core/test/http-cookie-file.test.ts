/** cookies.txt: the parser, the TikTok-only filter, and the jar seeding every fork (issue 14). */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createHttpClient, isTikTokCookieHost, parseCookiesTxt, readTikTokCookies, tiktokCookieFile, tiktokCookies, toSetCookie } from '@tiksaver/core';
import { startServer } from './http-test-server.js';

const FILE = [
  '# Netscape HTTP Cookie File',
  '# This is a generated file! Do not edit.',
  '',
  '.tiktok.com\tTRUE\t/\tTRUE\t0\tsessionid\tsecret-session',
  '#HttpOnly_.tiktok.com\tTRUE\t/\tTRUE\t4102444800\tsid_tt\tsecret-sid',
  'www.tiktok.com\tFALSE\t/\tFALSE\t0\thostonly\tsecret-host',
  '.tiktok.com\tTRUE\t/\tFALSE\t1000\told\texpired-long-ago',
  '.snaptik.app\tTRUE\t/\tFALSE\t0\tsnap\tsecret-snap',
  '.example.org\tTRUE\t/\tFALSE\t0\tother\tsecret-other',
  'not a cookie line',
  '.tiktok.com\tTRUE\t/\tFALSE\t0\tempty',
].join('\r\n');

describe('parseCookiesTxt', () => {
  it('reads the seven fields, #HttpOnly_ lines, six-field empty values, and names bad lines', () => {
    const { cookies, badLines } = parseCookiesTxt(FILE);
    expect(cookies.map((c) => c.name)).toEqual(['sessionid', 'sid_tt', 'hostonly', 'old', 'snap', 'other', 'empty']);
    expect(cookies[1]).toMatchObject({ domain: '.tiktok.com', httpOnly: true, secure: true, expires: 4102444800, value: 'secret-sid' });
    expect(cookies[2]).toMatchObject({ includeSubdomains: false, domain: 'www.tiktok.com' });
    expect(cookies[6]!.value).toBe('');
    expect(badLines).toEqual([10]);
  });

  it('keeps only live cookies of TikTok domains', () => {
    const { kept, dropped } = tiktokCookies(parseCookiesTxt(FILE).cookies);
    expect(kept.map((c) => c.name)).toEqual(['sessionid', 'sid_tt', 'hostonly', 'empty']);
    expect(dropped).toBe(3);
    expect(isTikTokCookieHost('m.tiktok.com')).toBe(true);
    expect(isTikTokCookieHost('api16-normal-c-useast1a.tiktokv.com')).toBe(true);
    expect(isTikTokCookieHost('nottiktok.com')).toBe(false);
    expect(isTikTokCookieHost('tiktok.com.evil.example')).toBe(false);
  });

  it('writes host-only cookies without Domain=', () => {
    const [, , hostOnly] = parseCookiesTxt(FILE).cookies;
    expect(toSetCookie(hostOnly!).cookie).not.toMatch(/Domain=/);
    expect(toSetCookie(parseCookiesTxt(FILE).cookies[0]!).cookie).toMatch(/Domain=tiktok\.com/);
  });
});

describe('HTTP client with cookies', () => {
  it('sends the file cookies to TikTok hosts only, in every fork', async () => {
    const server = await startServer((_req, res) => res.end('ok'));
    try {
      const http = createHttpClient({
        hostMap: `www.tiktok.com=${server.origin},m.tiktok.com=${server.origin},snaptik.app=${server.origin},www.example.org=${server.origin}`,
        cookies: parseCookiesTxt(FILE).cookies,
      });
      for (const url of ['https://www.tiktok.com/a', 'https://m.tiktok.com/b', 'https://snaptik.app/c', 'https://www.example.org/d']) {
        await (await http.fork().request(url)).text();
      }
      const cookie = (path: string) => String(server.requests.find((r) => r.url === path)!.headers.cookie ?? '');
      expect(cookie('/a')).toContain('sessionid=secret-session');
      expect(cookie('/a')).toContain('sid_tt=secret-sid');
      expect(cookie('/a')).toContain('hostonly=secret-host');
      expect(cookie('/a')).not.toContain('expired-long-ago');
      expect(cookie('/b')).toContain('sessionid=secret-session');
      expect(cookie('/b')).not.toContain('hostonly');
      expect(cookie('/c')).toBe('');
      expect(cookie('/d')).toBe('');
      await http.close?.();
    } finally {
      await server.close();
    }
  });
});

describe('readTikTokCookies (both apps: --cookies, TIKSAVER_COOKIES)', () => {
  it('gives the live TikTok cookies with their names and what was dropped', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tiksaver-cookies-'));
    try {
      const file = join(dir, 'cookies.txt');
      writeFileSync(file, FILE);
      const read = readTikTokCookies(file);
      expect(read.kept.map((c) => c.name)).toEqual(['sessionid', 'sid_tt', 'hostonly', 'empty']);
      expect(read).toMatchObject({ file, names: ['sessionid', 'sid_tt', 'hostonly', 'empty'], dropped: 3, badLines: [10] });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('says MISCONFIGURED with what to do for a missing file, a file of no cookies, and one with none live for TikTok', () => {
    const missing = (() => {
      try {
        readTikTokCookies(join(tmpdir(), 'tiksaver-no-such-dir', 'cookies.txt'));
      } catch (error) {
        return error;
      }
    })();
    expect(missing).toMatchObject({ code: 'MISCONFIGURED', message: expect.stringContaining('Cannot read the cookies file') });
    expect(() => tiktokCookieFile('not a cookies file', 'c.txt')).toThrow(expect.objectContaining({ code: 'MISCONFIGURED', message: expect.stringContaining('holds no cookies') }));
    const others = '.example.org\tTRUE\t/\tFALSE\t0\tother\tv\n.tiktok.com\tTRUE\t/\tFALSE\t1000\told\tv';
    expect(() => tiktokCookieFile(others, 'c.txt')).toThrow(expect.objectContaining({ code: 'MISCONFIGURED', hint: expect.stringContaining('Sign in to tiktok.com'), detail: { file: 'c.txt', dropped: 2 } }));
  });
});
