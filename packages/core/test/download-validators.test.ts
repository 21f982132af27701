/**
 * Issue 17 items 4, 5 and 9 on the download path: a floor speed (a host dripping bytes gives
 * way to the next URL as TIMEOUT instead of hanging), resume only with a strong validator
 * (without one a changed file restarts from zero instead of being spliced), and a body longer
 * than its Content-Length is a failed URL, never a short file saved with success.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type http from 'node:http';
import { beforeEach, describe, expect, it } from 'vitest';
import { download, type MediaItem } from '@tiksaver/core';
import { mediaHandler, type MediaState } from './download-media-server.js';
import { bytesOf, closeAfterEach, failure } from './http-test-server.js';

const { server, client, tempDir } = closeAfterEach();
let dir: string;
beforeEach(async () => {
  dir = await tempDir('tiksaver-dlv-');
});

const fields = { author: 'creator', id: '7300000000000000002', kind: 'video', ext: 'mp4' };
const finalName = 'creator_7300000000000000002.mp4';
const item = (url: string, extra: Partial<MediaItem> = {}): MediaItem => ({ type: 'video', url, ext: 'mp4', ...extra });

/** 10 bytes every 100 ms: 100 B/s, forever (a resolved tunnel that trickles). */
const drip: http.RequestListener = (_req, res) => {
  res.writeHead(200, { 'content-type': 'video/mp4', 'content-length': '10000000' });
  const timer = setInterval(() => res.write(Buffer.alloc(10, 1)), 100);
  res.on('close', () => clearInterval(timer));
};

describe('floor speed', () => {
  it('abandons a URL that drips below the floor as TIMEOUT and saves from the next fallback URL', async () => {
    const slow = await server(drip);
    const data = bytesOf(50_000, 4);
    const good = await server(mediaHandler({ data }));
    const http = client({ lowSpeedLimitBps: 1024, lowSpeedTimeMs: 600 });
    const result = await download(item(slow.url('/tunnel'), { fallbackUrls: [good.url('/v.mp4')] }), { http, dir, fields });
    expect(result.url).toBe(good.url('/v.mp4'));
    expect((await fs.readFile(result.path)).equals(data)).toBe(true);
    expect(slow.requests).toHaveLength(1);
  });

  it('fails a lone dripping URL with TIMEOUT (and a low-speed reason) instead of hanging', async () => {
    const slow = await server(drip);
    const err = await failure(download(item(slow.url('/tunnel')), { http: client({ lowSpeedLimitBps: 1024, lowSpeedTimeMs: 600 }), dir, fields }));
    expect(err.code).toBe('TIMEOUT');
    expect(err.detail).toMatchObject({ reason: 'low-speed' });
    expect(await fs.readdir(dir)).not.toContain(finalName);
  });

  it('keeps the floor under --limit-rate so a capped transfer is not mistaken for a stall', async () => {
    const data = bytesOf(3000, 6);
    const s = await server(mediaHandler({ data }));
    // 2 KB/s cap under a 4 KiB/s floor: the floor drops to half the cap and the file arrives.
    const result = await download(item(s.url('/v.mp4')), { http: client({ limitRateBps: 2000, lowSpeedLimitBps: 4096, lowSpeedTimeMs: 400 }), dir, fields });
    expect((await fs.readFile(result.path)).equals(data)).toBe(true);
  });
});

describe('resume needs a strong validator', () => {
  async function interrupted(state: MediaState): Promise<{ url: string; requests: Array<{ headers: http.IncomingHttpHeaders }> }> {
    const s = await server(mediaHandler(state));
    await failure(download(item(s.url('/v.mp4')), { http: client(), dir, fields }));
    const part = path.join(dir, `${finalName}.part`);
    expect((await fs.stat(part)).size).toBeGreaterThan(0);
    return { url: s.url('/v.mp4'), requests: s.requests };
  }

  it('restarts from zero when the file has no ETag or Last-Modified and changed at the same size', async () => {
    const state: MediaState = { data: bytesOf(120_000, 1), cutAt: 50_000 };
    const s = await interrupted(state);
    const changed = bytesOf(120_000, 2);
    state.data = changed;
    const result = await download(item(s.url), { http: client(), dir, fields });
    expect(s.requests[1]!.headers.range).toBeUndefined();
    expect(result.resumed).toBe(false);
    expect((await fs.readFile(result.path)).equals(changed)).toBe(true);
  });

  it('restarts from zero with only a weak ETag', async () => {
    const state: MediaState = { data: bytesOf(120_000, 3), etag: 'W/"soft"', cutAt: 50_000 };
    const s = await interrupted(state);
    const changed = bytesOf(120_000, 4);
    state.data = changed;
    const result = await download(item(s.url), { http: client(), dir, fields });
    expect(s.requests[1]!.headers.range).toBeUndefined();
    expect(s.requests[1]!.headers['if-range']).toBeUndefined();
    expect((await fs.readFile(result.path)).equals(changed)).toBe(true);
  });

  it('restarts from zero when Last-Modified is not older than the response Date (a weak date)', async () => {
    // Node stamps Date with the current second, so a Last-Modified of "now" is weak (RFC 9110 §8.8.2.2).
    const state: MediaState = { data: bytesOf(120_000, 5), lastModified: new Date().toUTCString(), cutAt: 50_000 };
    const s = await interrupted(state);
    const changed = bytesOf(120_000, 6);
    state.data = changed;
    const result = await download(item(s.url), { http: client(), dir, fields });
    expect(s.requests[1]!.headers.range).toBeUndefined();
    expect((await fs.readFile(result.path)).equals(changed)).toBe(true);
  });

  it('still resumes with a Last-Modified well before the response Date', async () => {
    const data = bytesOf(120_000, 7);
    const state: MediaState = { data, lastModified: 'Tue, 24 Nov 2026 10:00:00 GMT', cutAt: 50_000 };
    const s = await interrupted(state);
    const result = await download(item(s.url), { http: client(), dir, fields });
    expect(s.requests[1]!.headers['if-range']).toBe(state.lastModified);
    expect(result.resumed).toBe(true);
    expect((await fs.readFile(result.path)).equals(data)).toBe(true);
  });
});

/** Declares 30,000 bytes and sends 60,000: at once, or the rest in a later packet. */
const longerThanDeclared =
  (later: boolean): http.RequestListener =>
  (_req, res) => {
    const data = bytesOf(60_000, 9);
    res.writeHead(200, { 'content-type': 'video/mp4', 'content-length': '30000', etag: '"lying"' });
    if (!later) return void res.end(data);
    res.write(data.subarray(0, 30_000));
    setTimeout(() => res.end(data.subarray(30_000)), 30);
  };

/** The error or one of its causes with this detail.reason. */
function withReason(error: unknown, reason: string): unknown {
  for (let e = error as { cause?: unknown; detail?: { reason?: string } } | undefined; e; e = e.cause as typeof e) if (e.detail?.reason === reason) return e;
  return undefined;
}

describe('a Content-Length shorter than the body', () => {
  it('fails that URL (nothing saved from it) and saves from the next fallback URL', async () => {
    const lying = await server(longerThanDeclared(false));
    const data = bytesOf(40_000, 10);
    const good = await server(mediaHandler({ data }));
    const result = await download(item(lying.url('/v.mp4'), { fallbackUrls: [good.url('/v.mp4')] }), { http: client(), dir, fields });
    expect(result.url).toBe(good.url('/v.mp4'));
    expect((await fs.readFile(result.path)).equals(data)).toBe(true);
  });

  it('also when the extra bytes come in a later read: DOWNLOAD_FAILED, nothing under the final name', async () => {
    const lying = await server(longerThanDeclared(true));
    const err = await failure(download(item(lying.url('/v.mp4')), { http: client(), dir, fields }));
    expect(err.code).toBe('DOWNLOAD_FAILED');
    expect(withReason(err, 'length-mismatch')).toBeDefined();
    expect(await fs.readdir(dir)).not.toContain(finalName);
    // Nor kept to resume from: those bytes came with a lie.
    expect((await fs.readdir(dir)).filter((name) => name.endsWith('.part'))).toEqual([]);
  });
});
