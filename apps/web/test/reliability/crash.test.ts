/**
 * Issue 17 item 1: a client that closes a `strategy: "all"` event stream mid-run used to
 * crash the whole server (an unhandled rejection from the cancelled resolution). Here the
 * app runs in this process with an unhandled-rejection listener; built-server.test.ts does
 * the same against the server started with the README's command.
 */
import { mkdir, mkdtemp, readdir, rm, utimes } from 'node:fs/promises';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { MP3_DIR_PREFIX, sweepStaleMp3Dirs } from '../../server/mp3.js';
import { webPerFile } from '../helpers.js';
import { abortedStream, DELAYS_MS } from './streams.js';

describe('aborted strategy "all" event streams (in process)', () => {
  const fx = webPerFile();
  it('leave no unhandled rejection behind, whatever the moment of the abort', async () => {
    const seen: unknown[] = [];
    const onRejection = (reason: unknown) => seen.push(reason);
    process.on('unhandledRejection', onRejection);
    try {
      for (const id of ['video-post', 'story-video', 'photo-post']) {
        const s = fx.sandbox.scenario(id);
        for (const link of [s.link, s.shortLink]) for (const ms of DELAYS_MS) await abortedStream(fx.web.url, link, ms);
      }
      // Let late rejections (the old bug fired a few ticks after the abort) surface.
      await new Promise((r) => setTimeout(r, 300));
    } finally {
      process.off('unhandledRejection', onRejection);
    }
    expect(seen.map(String)).toEqual([]);
    const health = await fetch(`${fx.web.url}/api/health`);
    expect(health.status).toBe(200);
  });

  it('an aborted MP3 conversion leaves no temp directory behind', async () => {
    const before = new Set((await readdir(tmpdir())).filter((n) => n.startsWith(MP3_DIR_PREFIX)));
    const res = await fetch(`${fx.web.url}/api/resolve`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ input: fx.sandbox.scenario('video-post').link, providers: ['native'] }),
    });
    const report = (await res.json()) as { result: { items: Array<{ type: string; downloadUrl: string }> } };
    const video = report.result.items.find((item) => item.type === 'video')!;
    fx.sandbox.setFault('tiktok-cdn', { kind: 'slow', value: 64 * 1024 });
    try {
      for (const ms of [5, 50, 200]) {
        const controller = new AbortController();
        const answer = fetch(`${fx.web.url}${video.downloadUrl}${video.downloadUrl.includes('?') ? '&' : '?'}format=mp3`, { signal: controller.signal }).then((r) => r.arrayBuffer());
        await new Promise((r) => setTimeout(r, ms));
        controller.abort();
        await answer.catch(() => undefined);
      }
    } finally {
      fx.sandbox.clearFaults();
    }
    // Removal is asynchronous after the abort: poll (bounded) until the new dirs are gone.
    let left: string[] = [];
    for (let i = 0; i < 50; i++) {
      left = (await readdir(tmpdir())).filter((n) => n.startsWith(MP3_DIR_PREFIX) && !before.has(n));
      if (left.length === 0) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(left).toEqual([]);
  });
});

describe('MP3 temp directories after a crash', () => {
  it('start-up sweeps the ones a killed process left (older than the limit), and keeps fresh ones', async () => {
    const root = await mkdtemp(join(tmpdir(), 'tiksaver-sweep-'));
    try {
      const stale = join(root, `${MP3_DIR_PREFIX}stale`);
      const fresh = join(root, `${MP3_DIR_PREFIX}fresh`);
      const other = join(root, 'someone-else');
      for (const dir of [stale, fresh, other]) await mkdir(dir);
      const hoursAgo = new Date(Date.now() - 3 * 60 * 60_000);
      await utimes(stale, hoursAgo, hoursAgo);
      await utimes(other, hoursAgo, hoursAgo);
      expect(await sweepStaleMp3Dirs(60 * 60_000, root)).toBe(1);
      expect((await readdir(root)).sort()).toEqual(['someone-else', `${MP3_DIR_PREFIX}fresh`]);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
