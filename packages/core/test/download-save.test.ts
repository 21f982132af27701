import { execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import yauzl from 'yauzl';
import { beforeEach, describe, expect, it } from 'vitest';
import { extractAudio, hasFfmpeg, renderHint, saveResolution, zipItems, type Resolution } from '@tiksaver/core';
import { bytesOf, closeAfterEach, failure, type TestServer } from './http-test-server.js';

const { server, client, tempDir } = closeAfterEach();
let dir: string;
const ffmpegAvailable = await hasFfmpeg();
beforeEach(async () => {
  dir = await tempDir('tiksaver-save-');
});

/** Serves /img/N.jpg (N bytes seeded by N) and /audio.mp3; counts concurrent requests. */
async function cdn(delayMs = 0): Promise<TestServer & { maxInFlight: () => number }> {
  let inFlight = 0;
  let max = 0;
  const s = await server((req, res) => {
    inFlight++;
    max = Math.max(max, inFlight);
    const n = Number(/\/(\d+)\./.exec(req.url ?? '')?.[1] ?? 1);
    const body = bytesOf(1000 + n, n);
    setTimeout(() => {
      res.writeHead(200, { 'content-type': req.url!.endsWith('.mp3') ? 'audio/mpeg' : 'image/jpeg', 'content-length': body.length });
      res.end(body, () => inFlight--);
    }, delayMs);
  });
  return Object.assign(s, { maxInFlight: () => max });
}

function photoPost(s: TestServer, images: number): Resolution {
  return {
    kind: 'photo',
    id: '7311111111111111111',
    url: 'https://www.tiktok.com/@creator/photo/7311111111111111111',
    author: { username: 'creator' },
    caption: 'holiday pics',
    items: [
      ...Array.from({ length: images }, (_, i) => ({ type: 'image' as const, url: s.url(`/img/${i + 1}.jpg`), ext: 'jpg', index: i + 1 })),
      { type: 'audio' as const, url: s.url('/audio/99.mp3'), ext: 'mp3', quality: 'original sound' },
    ],
  };
}

describe('saveResolution', () => {
  it('saves a photo post concurrently with order-stable names', async () => {
    const s = await cdn(100);
    const results = await saveResolution(photoPost(s, 6), { http: client(), dir, concurrency: 3, provider: 'native' });
    expect(results.map((r) => path.basename(r.path))).toEqual([
      ...[1, 2, 3, 4, 5, 6].map((n) => `creator_7311111111111111111_0${n}.jpg`),
      'creator_7311111111111111111.mp3',
    ]);
    for (const [i, r] of results.slice(0, 6).entries()) expect((await fs.readFile(r.path)).equals(bytesOf(1000 + i + 1, i + 1))).toBe(true);
    expect(s.maxInFlight()).toBeGreaterThan(1);
    expect(s.maxInFlight()).toBeLessThanOrEqual(3);
  });

  it('reports progress per item index and honours the template', async () => {
    const s = await cdn();
    const seen = new Set<number>();
    const results = await saveResolution(photoPost(s, 2), {
      http: client(),
      dir,
      template: '{provider}/{caption:7}{index}.{ext}',
      provider: 'tikwm',
      onProgress: (i) => seen.add(i),
    });
    expect(results.map((r) => path.relative(dir, r.path))).toEqual([path.join('tikwm', 'holiday_01.jpg'), path.join('tikwm', 'holiday_02.jpg'), path.join('tikwm', 'holiday.mp3')]);
    expect([...seen].sort()).toEqual([0, 1, 2]);
  });

  it.skipIf(!ffmpegAvailable)('turns a video-only selection into an MP3 when asked', async () => {
    const video = path.join(dir, 'source.mp4');
    execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', 'sine=frequency=440:duration=1', '-f', 'lavfi', '-i', 'color=c=black:s=32x32:d=1', '-shortest', '-c:v', 'mpeg4', '-c:a', 'aac', video]);
    const bytes = await fs.readFile(video);
    const s = await server((_req, res) => res.writeHead(200, { 'content-type': 'video/mp4', 'content-length': bytes.length }).end(bytes));
    const out = path.join(dir, 'out');
    const clip: Resolution = { kind: 'story', id: '7322222222222222222', url: 'https://www.tiktok.com/@creator/video/7322222222222222222', author: { username: 'creator' }, items: [{ type: 'video', url: s.url('/v.mp4'), ext: 'mp4' }] };
    const [saved] = await saveResolution(clip, { http: client(), dir: out, audioFormat: 'mp3' });
    expect(path.basename(saved!.path)).toBe('creator_7322222222222222222.mp3');
    expect(await fs.readdir(out)).toEqual(['creator_7322222222222222222.mp3']);
    // The result says what was written: the MP3 (its own size, an audio item), not the video.
    expect(saved!.bytes).toBe((await fs.stat(saved!.path)).size);
    expect(saved!.item).toMatchObject({ type: 'audio', ext: 'mp3', mimeType: 'audio/mpeg' });
    const again = await failure(saveResolution(clip, { http: client(), dir: out, audioFormat: 'mp3' }));
    expect(again.code).toBe('FILE_EXISTS');
    expect(s.requests).toHaveLength(1);
  });

  it('fails with NO_MEDIA for an empty selection', async () => {
    const s = await cdn();
    const err = await failure(saveResolution({ ...photoPost(s, 1), items: [] }, { http: client(), dir }));
    expect(err.code).toBe('NO_MEDIA');
  });
});

describe('zipItems', () => {
  it('streams a stored zip of all items that reads back intact', async () => {
    const s = await cdn();
    const post = photoPost(s, 3);
    const zip = zipItems(post.items, { http: client(), names: ['a.jpg', 'b.jpg', 'c.jpg', 'sound.mp3'] });
    const file = path.join(dir, 'post.zip');
    await fs.writeFile(file, zip);
    const entries = await readZip(file);
    expect(entries.map((e) => e.name)).toEqual(['a.jpg', 'b.jpg', 'c.jpg', 'sound.mp3']);
    expect(entries.every((e) => e.method === 0)).toBe(true);
    expect(entries[1]!.data.equals(bytesOf(1002, 2))).toBe(true);
    expect(entries[3]!.data.equals(bytesOf(1099, 99))).toBe(true);
  });

  it('numbers entries by default and errors the stream when an item fails', async () => {
    const s = await cdn();
    const names = (await readZip(await save(zipItems(photoPost(s, 2).items.slice(0, 2), { http: client() })))).map((e) => e.name);
    expect(names).toEqual(['01.jpg', '02.jpg']);
    const broken = zipItems([{ type: 'image', url: s.url('/img/1.jpg'), ext: 'jpg' }, { type: 'image', url: 'http://127.0.0.1:1/x.jpg', ext: 'jpg' }], { http: client() });
    await expect(save(broken)).rejects.toMatchObject({ code: 'NETWORK' });
  });
});

describe('audio', () => {
  it('says exactly what to install when ffmpeg is missing', async () => {
    const err = await failure(extractAudio(path.join(dir, 'v.mp4'), path.join(dir, 'a.mp3'), { ffmpegPath: path.join(dir, 'no-ffmpeg-here') }));
    expect(err.code).toBe('NO_MEDIA');
    // The hint names the settings that avoid ffmpeg as data; in words here by their keys.
    const words = renderHint(err.hint, (setting) => setting);
    expect(words).toContain('apt install ffmpeg');
    expect(words).toContain('brew install ffmpeg');
  });

  it.skipIf(!ffmpegAvailable)('extracts an MP3 from a video with ffmpeg', async () => {
    const video = path.join(dir, 'clip.mp4');
    execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', 'sine=frequency=440:duration=1', '-f', 'lavfi', '-i', 'color=c=black:s=32x32:d=1', '-shortest', '-c:v', 'mpeg4', '-c:a', 'aac', video]);
    const mp3 = await extractAudio(video, path.join(dir, 'clip.mp3'));
    const head = await fs.readFile(mp3);
    expect(head.length).toBeGreaterThan(1000);
    expect(head.subarray(0, 3).toString() === 'ID3' || (head[0] === 0xff && (head[1]! & 0xe0) === 0xe0)).toBe(true);
    expect(await fs.readdir(dir)).toEqual(['clip.mp3', 'clip.mp4']);
  });
});

async function save(stream: Readable): Promise<string> {
  const file = path.join(dir, `z${Math.random().toString(36).slice(2)}.zip`);
  await fs.writeFile(file, stream);
  return file;
}

function readZip(file: string): Promise<Array<{ name: string; method: number; data: Buffer }>> {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true }, (err, zip) => {
      if (err) return reject(err);
      const out: Array<{ name: string; method: number; data: Buffer }> = [];
      zip.on('entry', (entry: yauzl.Entry) => {
        zip.openReadStream(entry, (e, stream) => {
          if (e) return reject(e);
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => {
            out.push({ name: entry.fileName, method: entry.compressionMethod, data: Buffer.concat(chunks) });
            zip.readEntry();
          });
        });
      });
      zip.on('end', () => resolve(out));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}

