import { createDecipheriv, createHash } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../src/index.js';
import { cookieHeader, fetchVia, type Reply } from './helpers.js';

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox({ services: ['snaptik'] });
});
afterAll(() => sb.close());
afterEach(() => sb.control('snaptik', 'reset'));

const XHR = { 'x-requested-with': 'XMLHttpRequest', origin: 'https://snaptik.app', referer: 'https://snaptik.app/' };
const json = (reply: Reply) => JSON.parse(reply.text) as Record<string, any>;

/** Literally services.md §1a steps 2-4, written independently of the provider. */
function xVerify(token: { id: string; p: string }, salt = 'sn4pt1k_v3r1fy2026:'): string {
  const raw = Buffer.from(token.p, 'base64');
  const key = createHash('sha256').update(salt + token.id).digest();
  const d = createDecipheriv('aes-256-cbc', key, raw.subarray(0, 16));
  const c = JSON.parse(Buffer.concat([d.update(raw.subarray(16)), d.final()]).toString('utf8'));
  const P =
    c.t === 'b' ? ((c.a ^ c.b) >> c.s) & 255
    : c.t === 'r' ? c.n.reduce((x: number, y: number) => x + y, 0) * 2 + 1
    : c.t === 'c' ? c.w.charCodeAt(c.i) * c.m
    : c.t === 'm' ? ((c.a + c.b) % 100) * c.c
    : c.a * c.b + c.b * c.c + c.c * c.a - c.a;
  return `${token.id}:${P}:${c._e}:${c._h}`;
}

/** Literally services.md §1b: Rust args regex, split on n[e], n[j] -> j, base e, minus t, UTF-8. */
function decodeLegacy(script: string): string {
  const tail = script.slice(script.indexOf('decodeURIComponent(escape(r))}('));
  const [, h, , n, t, e] = /\("(.+?)",(\d+),"(.+?)",(\d+),(\d+),(\d+)\)/.exec(tail)!;
  const A = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ+/';
  const base = Number(e);
  const bytes: number[] = [];
  for (const chunk of h!.split(n![base]!).slice(0, -1)) {
    let s = chunk;
    for (let j = 0; j < n!.length; j++) s = s.split(n![j]!).join(String(j));
    const value = [...s].reverse().reduce((acc, ch, k) => acc + Math.max(0, A.slice(0, base).indexOf(ch)) * base ** k, 0);
    bytes.push(value - Number(t));
  }
  return Buffer.from(bytes).toString('utf8');
}

async function extract(url: string, verify?: string): Promise<Reply> {
  const token = json(await fetchVia(sb, 'https://snaptik.app/api/token', { method: 'POST', headers: { ...XHR, 'content-type': 'application/json' }, body: '{}' }));
  return fetchVia(sb, `https://snaptik.app/api/extract?url=${encodeURIComponent(url)}`, { headers: { ...XHR, 'x-verify': verify ?? xVerify(token as { id: string; p: string }) } });
}

describe('snaptik imitation: current flow', () => {
  it('issues {id, p} whose challenge decrypts with the documented key and answers extract', async () => {
    const s = sb.scenario('video-post');
    const reply = await extract(s.link);
    expect(reply.status).toBe(200);
    const body = json(reply);
    expect(body).toMatchObject({ success: true, data: { id: s.itemId, type: 'video', title: s.caption, author: { username: s.username } } });
    expect(body['data'].downloadUrl).toMatch(/^\/file\//);
    expect(body['data'].hdDownloadUrl).toMatch(/^\/api\/hd\?token=/);
  });

  it('refuses a missing, wrong or reused X-Verify with 403', async () => {
    const s = sb.scenario('video-post');
    expect((await extract(s.link, 'nope:1:2:3')).status).toBe(403);
    const token = json(await fetchVia(sb, 'https://snaptik.app/api/token', { method: 'POST', body: '{}' })) as { id: string; p: string };
    const verify = xVerify(token);
    const url = `https://snaptik.app/api/extract?url=${encodeURIComponent(s.link)}`;
    expect((await fetchVia(sb, url, { headers: { 'x-verify': verify } })).status).toBe(200);
    expect((await fetchVia(sb, url, { headers: { 'x-verify': verify } })).status).toBe(403);
  });

  it('answers carousels with images, photo stories and failures with success:false', async () => {
    const photo = json(await extract(sb.scenario('photo-post').link));
    expect(photo['data'].type).toBe('carousel');
    expect(photo['data'].images).toHaveLength(12);
    expect(json(await extract(sb.scenario('story-photo').link))).toMatchObject({ success: false, message: expect.stringMatching(/not supported/) });
    expect(json(await extract(sb.scenario('private-account').link))).toMatchObject({ success: false, message: expect.stringMatching(/not found/) });
    expect(json(await extract('https://example.com/x'))).toMatchObject({ success: false, message: expect.stringMatching(/Invalid URL/) });
  });

  it('resolves short links through the catalogue', async () => {
    const s = sb.scenario('story-video');
    expect(json(await extract(s.shortLink))['data'].id).toBe(s.itemId);
  });

  it('HD endpoint answers {url} on rapidcdn.app, and the file streams', async () => {
    const data = json(await extract(sb.scenario('video-post').link))['data'];
    const token = json(await fetchVia(sb, 'https://snaptik.app/api/token', { method: 'POST', body: '{}' })) as { id: string; p: string };
    const hd = json(await fetchVia(sb, `https://snaptik.app${data.hdDownloadUrl}`, { headers: { 'x-verify': xVerify(token) } }));
    expect(hd['url']).toMatch(/^https:\/\/rapidcdn\.app\/v2\/[\w-]+\.mp4$/);
    const file = await fetchVia(sb, hd['url']);
    expect(file.status).toBe(200);
    expect(file.headers['content-type']).toMatch(/video\/mp4/);
    const sd = await fetchVia(sb, `https://snaptik.app${data.downloadUrl}`, { headers: { range: 'bytes=0-99' } });
    expect(sd.status).toBe(206);
  });

  it('rotates the salt and drops /api/token on control', async () => {
    sb.control('snaptik', 'rotate-salt');
    const token = json(await fetchVia(sb, 'https://snaptik.app/api/token', { method: 'POST', body: '{}' })) as { id: string; p: string };
    expect(() => xVerify(token)).toThrow();
    expect(xVerify(token, 'sn4pt1k_v3r1fy2027:')).toMatch(/^[0-9a-f]+:\d+:/);
    sb.control('snaptik', 'legacy-only');
    expect((await fetchVia(sb, 'https://snaptik.app/api/token', { method: 'POST', body: '{}' })).status).toBe(404);
  });
});

describe('snaptik imitation: legacy flow', () => {
  async function legacy(url: string, opts: { cookie?: boolean } = {}): Promise<string> {
    const home = await fetchVia(sb, 'https://snaptik.app/en2');
    const token = /<input name="token" value="([^"]+)"/.exec(home.text)![1]!;
    const reply = await fetchVia(sb, 'https://snaptik.app/abc2.php', {
      method: 'POST',
      headers: {
        ...XHR,
        'content-type': 'application/x-www-form-urlencoded',
        ...(opts.cookie !== false && { cookie: cookieHeader(home.headers['set-cookie']) }),
      },
      body: new URLSearchParams({ url, lang: 'en2', token }).toString(),
    });
    expect(reply.status).toBe(200);
    expect(reply.text).toMatch(/eval\(function\(h,u,n,t,e,r\)/);
    return decodeLegacy(reply.text);
  }

  it('packs the download HTML so the documented decoder recovers it, emoji and all', async () => {
    const s = sb.scenario('photo-post');
    const decoded = await legacy(s.link);
    const html = /\$\("#download"\)\.innerHTML = "((?:[^"\\]|\\.)*)"/.exec(decoded)![1]!.replace(/\\(\\)?/g, '');
    expect(html).toContain(s.caption);
    expect(html.match(/Download Photo/g)).toHaveLength(12);
    expect(decoded).toContain('document.getElementById("inputData").remove()');
  });

  it('uses a fresh alphabet per answer', async () => {
    const s = sb.scenario('video-post');
    const home = await fetchVia(sb, 'https://snaptik.app/');
    const token = /<input name="token" value="([^"]+)"/.exec(home.text)![1]!;
    const post = () =>
      fetchVia(sb, 'https://snaptik.app/abc2.php', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookieHeader(home.headers['set-cookie']) },
        body: new URLSearchParams({ url: s.link, lang: 'en2', token }).toString(),
      });
    const [a, b] = [(await post()).text, (await post()).text];
    expect(a).not.toBe(b);
    expect(decodeLegacy(a)).toBe(decodeLegacy(b));
  });

  it('answers errors and a missing session in the #alert variant', async () => {
    expect(await legacy(sb.scenario('post-deleted').link)).toMatch(/querySelector\("#alert"\)\.innerHTML = "Video not found/);
    expect(await legacy(sb.scenario('video-post').link, { cookie: false })).toMatch(/#alert.*Verification failed/);
  });
});
