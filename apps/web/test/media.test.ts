import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import yauzl from 'yauzl';
import { hasFfmpeg } from '@tiksaver/core';
import { MEDIA_DIR, startSandbox, type Sandbox } from '@tiksaver/sandbox';
import type { WebReport } from '../shared/types.js';
import { createReportCache } from '../server/report-cache.js';
import { createTokenSigner } from '../server/tokens.js';
import { postJson, startWeb, type WebUnderTest } from './helpers.js';

let sandbox: Sandbox;
let web: WebUnderTest;
// Clocks the tests move by hand: no sleeps, no timing races.
let tokenClock = Date.now();
let cacheClock = Date.now();

beforeAll(async () => {
  sandbox = await startSandbox();
  web = await startWeb(sandbox, {
    deps: {
      signer: createTokenSigner({ ttlMs: 10 * 60_000, now: () => tokenClock }),
      cache: createReportCache({ ttlMs: 60_000, now: () => cacheClock }),
    },
  });
});
afterAll(async () => {
  await web?.close();
  await sandbox?.close();
});

async function resolve(id: string, want = 'auto'): Promise<WebReport> {
  const response = await postJson(web.url, { input: sandbox.scenario(id).link, want, strategy: 'sequential' });
  const report = (await response.json()) as WebReport;
  expect(report.ok, JSON.stringify(report.error)).toBe(true);
  return report;
}

function selected(report: WebReport) {
  return report.result!.selected.map((i) => report.result!.items[i]!);
}

async function errorOf(response: Response) {
  expect(response.headers.get('content-type')).toMatch(/application\/json/);
  return ((await response.json()) as { error: { code: string; message: string; hint: string } }).error;
}

function readZip(buffer: Buffer): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(buffer, { lazyEntries: true }, (error, zip) => {
      if (error || !zip) return reject(error);
      const entries = new Map<string, Buffer>();
      zip.on('entry', (entry: yauzl.Entry) => {
        zip.openReadStream(entry, (err, stream) => {
          if (err || !stream) return reject(err);
          const parts: Buffer[] = [];
          stream.on('data', (c: Buffer) => parts.push(c));
          stream.on('end', () => {
            entries.set(entry.fileName, Buffer.concat(parts));
            zip.readEntry();
          });
        });
      });
      zip.on('end', () => resolve(entries));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}

describe('GET /api/media/:token', () => {
  it('streams the story video with its type and a templated, sanitised file name', async () => {
    const report = await resolve('story-video');
    const video = selected(report)[0]!;
    const response = await fetch(web.url + video.downloadUrl);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('video/mp4');
    const disposition = response.headers.get('content-disposition')!;
    expect(disposition).toMatch(/^attachment; filename="mila\.travels_7441820391556789262\.mp4"; filename\*=UTF-8''mila\.travels_7441820391556789262\.mp4$/);
    const bytes = Buffer.from(await response.arrayBuffer());
    expect(bytes.equals(await readFile(`${MEDIA_DIR}sample.mp4`))).toBe(true);
    expect(response.headers.get('content-security-policy')).toContain('sandbox');
  });

  it('serves players inline with ?inline=1', async () => {
    const video = selected(await resolve('story-video'))[0]!;
    const response = await fetch(`${web.url}${video.downloadUrl}?inline=1`);
    expect(response.headers.get('content-disposition')).toMatch(/^inline; /);
    await response.arrayBuffer();
  });

  it('passes Range through: 206 with exactly the asked bytes', async () => {
    const video = selected(await resolve('story-video'))[0]!;
    const file = await readFile(`${MEDIA_DIR}sample.mp4`);
    const response = await fetch(web.url + video.downloadUrl, { headers: { Range: 'bytes=100-1123' } });
    expect(response.status).toBe(206);
    expect(response.headers.get('content-range')).toBe(`bytes 100-1123/${file.length}`);
    const bytes = Buffer.from(await response.arrayBuffer());
    expect(bytes.equals(file.subarray(100, 1124))).toBe(true);

    const tail = await fetch(web.url + video.downloadUrl, { headers: { Range: 'bytes=-10' } });
    expect(tail.status).toBe(206);
    expect(Buffer.from(await tail.arrayBuffer()).equals(file.subarray(file.length - 10))).toBe(true);
  });

  it('refuses a tampered token with 403', async () => {
    const video = selected(await resolve('story-video'))[0]!;
    const token = video.downloadUrl.split('/').pop()!;
    const [body, signature] = token.split('.') as [string, string];
    const payload = JSON.parse(Buffer.from(body, 'base64url').toString()) as Record<string, unknown>;
    const forged = Buffer.from(JSON.stringify({ ...payload, i: 1 })).toString('base64url');
    const response = await fetch(`${web.url}/api/media/${forged}.${signature}`);
    expect(response.status).toBe(403);
    expect(await errorOf(response)).toMatchObject({ code: 'TOKEN_INVALID', hint: expect.any(String) });

    const otherServer = createTokenSigner({ secret: 'someone else' }).sign({ r: 'x', i: 0, u: 'https://www.tiktok.com/@a/video/1' });
    const foreign = await fetch(`${web.url}/api/media/${otherServer}`);
    expect(foreign.status).toBe(403);
    await foreign.arrayBuffer();
  });

  it('answers 410 once a token has expired', async () => {
    const video = selected(await resolve('story-video'))[0]!;
    tokenClock += 11 * 60_000;
    try {
      const response = await fetch(web.url + video.downloadUrl);
      expect(response.status).toBe(410);
      expect(await errorOf(response)).toMatchObject({ code: 'TOKEN_EXPIRED' });
    } finally {
      tokenClock = Date.now();
    }
  });

  it('answers 404 for something that is not a token', async () => {
    const response = await fetch(`${web.url}/api/media/not-a-token`);
    expect(response.status).toBe(404);
    expect(await errorOf(response)).toMatchObject({ code: 'TOKEN_UNKNOWN' });
  });

  it('re-resolves from the post URL when the cached report has expired', async () => {
    const video = selected(await resolve('story-video'))[0]!;
    // Native asks today's mobile page (m.tiktok.com) first, so count every TikTok web host.
    const pages = () => sandbox.log.for('www.tiktok.com').length + sandbox.log.for('m.tiktok.com').length;
    const before = pages();
    cacheClock += 2 * 60_000;
    try {
      const response = await fetch(web.url + video.downloadUrl);
      expect(response.status).toBe(200);
      expect(Buffer.from(await response.arrayBuffer()).equals(await readFile(`${MEDIA_DIR}sample.mp4`))).toBe(true);
      expect(pages()).toBeGreaterThan(before);
    } finally {
      cacheClock = Date.now();
    }
  });
});

const ffmpeg = await hasFfmpeg();

describe('GET /api/media/:token?format=mp3', () => {
  it.skipIf(!ffmpeg)('makes an MP3 from a video when the provider gave no separate sound', async () => {
    const response = await postJson(web.url, { input: sandbox.scenario('story-video').link, want: 'audio', providers: ['snaptik'], strategy: 'sequential' });
    const report = (await response.json()) as WebReport;
    expect(report.mp3).toBe(true);
    const video = selected(report)[0]!;
    expect(video.type).toBe('video');
    const mp3 = await fetch(`${web.url}${video.downloadUrl}?format=mp3`);
    expect(mp3.status).toBe(200);
    expect(mp3.headers.get('content-type')).toBe('audio/mpeg');
    expect(mp3.headers.get('content-disposition')).toMatch(/\.mp3"/);
    const bytes = Buffer.from(await mp3.arrayBuffer());
    expect(bytes.length).toBeGreaterThan(1000);
    // An ID3 tag or an MPEG audio frame sync at the start.
    expect(bytes.subarray(0, 3).toString() === 'ID3' || (bytes[0] === 0xff && (bytes[1]! & 0xe0) === 0xe0)).toBe(true);
  });
});

describe('GET /api/media/:token/zip', () => {
  it('zips every image of a photo post, each identical to its single download', async () => {
    const report = await resolve('photo-post');
    const images = selected(report);
    expect(images.length).toBe(sandbox.scenario('photo-post').media.images);
    expect(report.result!.zipUrl).toBeDefined();
    const response = await fetch(web.url + report.result!.zipUrl!);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/zip');
    expect(response.headers.get('content-disposition')).toMatch(/\.zip"/);
    const entries = await readZip(Buffer.from(await response.arrayBuffer()));
    expect(entries.size).toBe(images.length);
    const contents = [...entries.values()];
    for (const [n, image] of images.entries()) {
      const single = Buffer.from(await (await fetch(web.url + image.downloadUrl)).arrayBuffer());
      expect(contents[n]!.equals(single), `image ${n + 1}`).toBe(true);
    }
    expect([...entries.keys()].every((name) => /_\d{2}\.(jpe?g|webp)$/.test(name))).toBe(true);
  }, 60_000);
});

describe('fresh links and picked images', () => {
  it('renews download tokens after their lifetime and streams with the new one', async () => {
    const report = await resolve('story-video');
    const item = selected(report)[0]!;
    const token = item.downloadUrl.split('/').pop()!;
    tokenClock += 11 * 60_000;
    expect((await fetch(web.url + item.downloadUrl)).status).toBe(410);
    const renewed = await fetch(`${web.url}/api/media/renew`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ tokens: [token] }) });
    expect(renewed.status).toBe(200);
    const { tokens } = (await renewed.json()) as { tokens: string[] };
    const media = await fetch(`${web.url}/api/media/${tokens[0]}`);
    expect(media.status).toBe(200);
    expect(Buffer.from(await media.arrayBuffer()).equals(await readFile(`${MEDIA_DIR}sample.mp4`))).toBe(true);
    const bad = await fetch(`${web.url}/api/media/renew`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ tokens: 'x' }) });
    expect((await errorOf(bad)).code).toBe('BAD_JSON');
  });

  it('zips only the images picked in the gallery (?only=)', async () => {
    const report = await resolve('photo-post');
    const response = await fetch(`${web.url}${report.result!.zipUrl}?only=0,3,5`);
    expect(response.status).toBe(200);
    const entries = await readZip(Buffer.from(await response.arrayBuffer()));
    expect(entries.size).toBe(3);
  });
});
