import fs from 'node:fs/promises';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { download, openItem, type DownloadProgress, type MediaItem } from '@tiksaver/core';
import { mediaHandler, type MediaState } from './download-media-server.js';
import { bytesOf, closeAfterEach, failure } from './http-test-server.js';

const { server, client, tempDir } = closeAfterEach();
let dir: string;
beforeEach(async () => {
  dir = await tempDir('tiksaver-dl-');
});

const media = (state: MediaState) => server(mediaHandler(state));

const fields = { author: 'creator', id: '7300000000000000001', kind: 'video', ext: 'mp4' };
const finalName = 'creator_7300000000000000001.mp4';
const item = (url: string, extra: Partial<MediaItem> = {}): MediaItem => ({ type: 'video', url, ext: 'mp4', ...extra });

async function listing(): Promise<string[]> {
  return (await fs.readdir(dir)).sort();
}

describe('download', () => {
  it('streams to .part and renames to the final name, reporting progress', async () => {
    const data = bytesOf(300_000);
    const s = await media({ data, etag: '"v1"' });
    const events: DownloadProgress[] = [];
    const result = await download(item(s.url('/v.mp4')), { http: client(), dir, fields, onProgress: (p) => events.push(p) });
    expect(result.path).toBe(path.join(dir, finalName));
    expect(result.bytes).toBe(data.length);
    expect(result.resumed).toBe(false);
    expect((await fs.readFile(result.path)).equals(data)).toBe(true);
    expect(await listing()).toEqual([finalName]);
    expect(events.at(-1)).toMatchObject({ bytes: data.length, total: data.length, etaSec: 0 });
  });

  it('sends the item headers (Referer, Cookie) with the request', async () => {
    const s = await media({ data: bytesOf(10) });
    await download(item(s.url('/v.mp4'), { headers: { referer: 'https://www.tiktok.com/', cookie: 'tt_chain_token=abc' } }), { http: client(), dir, fields });
    expect(s.requests[0]!.headers.referer).toBe('https://www.tiktok.com/');
    expect(s.requests[0]!.headers.cookie).toBe('tt_chain_token=abc');
  });

  it('resumes an interrupted transfer with Range and If-Range', async () => {
    const data = bytesOf(200_000, 7);
    const state: MediaState = { data, etag: '"abc"', cutAt: 80_000 };
    const s = await media(state);
    const http = client();
    const err = await failure(download(item(s.url('/v.mp4')), { http, dir, fields }));
    expect(err.code).toBe('DOWNLOAD_FAILED');
    expect(await listing()).toEqual([`${finalName}.part`, `${finalName}.part.json`]);
    const partSize = (await fs.stat(path.join(dir, `${finalName}.part`))).size;
    expect(partSize).toBeGreaterThan(0);

    const result = await download(item(s.url('/v.mp4')), { http, dir, fields });
    expect(result.resumed).toBe(true);
    expect(s.requests[1]!.headers.range).toBe(`bytes=${partSize}-`);
    expect(s.requests[1]!.headers['if-range']).toBe('"abc"');
    expect((await fs.readFile(result.path)).equals(data)).toBe(true);
    expect(await listing()).toEqual([finalName]);
  });

  it('restarts cleanly when the server ignores Range', async () => {
    const data = bytesOf(100_000, 3);
    const state: MediaState = { data, etag: '"abc"', ranges: false, cutAt: 40_000 };
    const s = await media(state);
    await failure(download(item(s.url('/v.mp4')), { http: client(), dir, fields }));
    const result = await download(item(s.url('/v.mp4')), { http: client(), dir, fields });
    expect(result.resumed).toBe(false);
    expect((await fs.readFile(result.path)).equals(data)).toBe(true);
    expect(await listing()).toEqual([finalName]);
  });

  it('restarts when the ETag changed since the .part was written', async () => {
    const state: MediaState = { data: bytesOf(100_000, 1), etag: '"old"', cutAt: 50_000 };
    const s = await media(state);
    await failure(download(item(s.url('/v.mp4')), { http: client(), dir, fields }));
    const fresh = bytesOf(90_000, 2);
    state.data = fresh;
    state.etag = '"new"';
    const result = await download(item(s.url('/v.mp4')), { http: client(), dir, fields });
    expect(s.requests[1]!.headers['if-range']).toBe('"old"');
    expect(result.resumed).toBe(false);
    expect((await fs.readFile(result.path)).equals(fresh)).toBe(true);
  });

  it('resumes with Last-Modified when there is no ETag, and finishes a complete .part on 416', async () => {
    const data = bytesOf(50_000, 9);
    const state: MediaState = { data, lastModified: 'Tue, 24 Nov 2026 10:00:00 GMT' };
    const s = await media(state);
    // Every byte is on disk already (the rename was what got interrupted).
    await fs.writeFile(path.join(dir, `${finalName}.part`), data);
    await fs.writeFile(path.join(dir, `${finalName}.part.json`), JSON.stringify({ url: s.url('/v.mp4'), lastModified: state.lastModified, total: data.length }));
    const result = await download(item(s.url('/v.mp4')), { http: client(), dir, fields });
    expect(s.requests[0]!.headers['if-range']).toBe(state.lastModified);
    expect(result.resumed).toBe(true);
    expect((await fs.readFile(result.path)).equals(data)).toBe(true);
  });

  it('treats a truncated body as DOWNLOAD_FAILED and leaves no final file', async () => {
    const s = await media({ data: bytesOf(64_000), cutAt: 10_000 });
    const err = await failure(download(item(s.url('/v.mp4')), { http: client(), dir, fields }));
    expect(err.code).toBe('DOWNLOAD_FAILED');
    expect(err.message).toContain('.part file is kept');
    expect(await listing()).not.toContain(finalName);
  });

  it('times out a stalled transfer and keeps the .part', async () => {
    const s = await media({ data: bytesOf(64_000), stallAt: 1000 });
    const err = await failure(download(item(s.url('/v.mp4')), { http: client({ bodyTimeoutMs: 400 }), dir, fields }));
    expect(err.code).toBe('TIMEOUT');
    expect(await listing()).toContain(`${finalName}.part`);
    expect(await listing()).not.toContain(finalName);
  });

  it('aborting mid-download leaves only the .part (and its resume sidecar)', async () => {
    const s = await media({ data: bytesOf(64_000), stallAt: 5000 });
    const controller = new AbortController();
    const pending = download(item(s.url('/v.mp4')), {
      http: client(),
      dir,
      fields,
      signal: controller.signal,
      onProgress: () => controller.abort(),
    });
    const err = await failure(pending);
    expect(err.code).toBe('CANCELLED');
    expect(await listing()).toEqual([`${finalName}.part`, `${finalName}.part.json`]);
  });

  it('tries fallback URLs in order when one 403s or 404s', async () => {
    const data = bytesOf(20_000, 5);
    const forbidden = await media({ data, status: 403 });
    const missing = await media({ data, status: 404 });
    const good = await media({ data });
    const result = await download(item(forbidden.url('/a.mp4'), { fallbackUrls: [missing.url('/b.mp4'), good.url('/c.mp4')] }), { http: client(), dir, fields });
    expect(result.url).toBe(good.url('/c.mp4'));
    expect((await fs.readFile(result.path)).equals(data)).toBe(true);
    expect([forbidden.requests.length, missing.requests.length, good.requests.length]).toEqual([1, 1, 1]);
  });

  it('reports the last failure with every attempt when all URLs fail', async () => {
    const a = await media({ data: bytesOf(10), status: 403 });
    const b = await media({ data: bytesOf(10), contentType: 'text/html; charset=utf-8' });
    const err = await failure(download(item(a.url('/a.mp4'), { fallbackUrls: [b.url('/b.mp4')] }), { http: client(), dir, fields }));
    expect(err.code).toBe('UPSTREAM_CHANGED');
    expect(err.detail?.attempts).toEqual([
      expect.objectContaining({ url: a.url('/a.mp4'), code: 'BLOCKED' }),
      expect.objectContaining({ url: b.url('/b.mp4'), code: 'UPSTREAM_CHANGED' }),
    ]);
    expect(await listing()).toEqual([]);
  });

  it('refuses to overwrite unless forced', async () => {
    const s = await media({ data: bytesOf(100, 4) });
    await fs.writeFile(path.join(dir, finalName), 'precious');
    const err = await failure(download(item(s.url('/v.mp4')), { http: client(), dir, fields }));
    expect(err.code).toBe('FILE_EXISTS');
    expect(s.requests).toHaveLength(0);
    expect(await fs.readFile(path.join(dir, finalName), 'utf8')).toBe('precious');
    await download(item(s.url('/v.mp4')), { http: client(), dir, fields, force: true });
    expect((await fs.readFile(path.join(dir, finalName))).equals(bytesOf(100, 4))).toBe(true);
  });

  it('creates template subdirectories inside the output dir', async () => {
    const s = await media({ data: bytesOf(100) });
    const result = await download(item(s.url('/v.mp4')), { http: client(), dir, fields, template: '{author}/{date}_{id}.{ext}', restrictFilenames: true });
    expect(path.relative(dir, result.path)).toBe(path.join('creator', '7300000000000000001.mp4'));
  });
  it('puts the bytes of a slow transfer on disk while it is still running (a crash loses little)', async () => {
    const head = bytesOf(64 * 1024, 3);
    // Sends the first 64 KiB, then holds the connection open without finishing.
    const s = await server((_req, res) => {
      res.writeHead(200, { 'content-type': 'video/mp4', 'content-length': String(head.length * 4) });
      res.write(head);
    });
    const controller = new AbortController();
    const running = download(item(s.url('/v.mp4')), { http: client(), dir, fields, signal: controller.signal });
    running.catch(() => {});
    const part = path.join(dir, `${finalName}.part`);
    const sizeOnDisk = async () => (await fs.stat(part).catch(() => undefined))?.size ?? 0;
    while ((await sizeOnDisk()) < head.length) await new Promise((r) => setTimeout(r, 50));
    expect((await fs.readFile(part)).equals(head)).toBe(true);
    controller.abort();
    await expect(running).rejects.toMatchObject({ code: 'CANCELLED' });
  });
});

describe('openItem', () => {
  it('opens the first URL that answers, asking for raw bytes with the item headers and the caller\'s Range', async () => {
    const data = bytesOf(5_000, 2);
    const forbidden = await media({ data, status: 403 });
    const good = await media({ data });
    const opened = await openItem(item(forbidden.url('/a.mp4'), { fallbackUrls: [good.url('/b.mp4')], headers: { referer: 'https://www.tiktok.com/' } }), {
      http: client(),
      headers: { range: 'bytes=1000-' },
      okStatuses: [206],
    });
    expect(opened).toMatchObject({ index: 1, url: good.url('/b.mp4') });
    expect(opened.response.status).toBe(206);
    const body: Buffer[] = [];
    for await (const chunk of opened.response.body) body.push(chunk as Buffer);
    expect(Buffer.concat(body).equals(data.subarray(1000))).toBe(true);
    for (const request of [forbidden.requests[0]!, good.requests[0]!]) {
      expect(request.headers['accept-encoding']).toBe('identity');
      expect(request.headers.referer).toBe('https://www.tiktok.com/');
      expect(request.headers.range).toBe('bytes=1000-');
    }
  });
});
