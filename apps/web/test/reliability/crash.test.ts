/**
 * Issue 17 item 1: a client that closes a `strategy: "all"` event stream mid-run used to
 * crash the whole server (an unhandled rejection from the cancelled resolution). Here the
 * app runs in this process with an unhandled-rejection listener, and the built server
 * (the README's `node apps/web/dist/server.js`) runs as a child that must keep answering.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startSandbox, type Sandbox } from '@tiksaver/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MP3_DIR_PREFIX } from '../../server/mp3.js';
import { webPerFile } from '../helpers.js';

const SERVER = resolve(dirname(fileURLToPath(import.meta.url)), '../../dist/server.js');

async function abortedStream(base: string, input: string, afterMs: number): Promise<void> {
  const controller = new AbortController();
  const answer = fetch(`${base}/api/resolve`, {
    method: 'POST',
    signal: controller.signal,
    headers: { 'Content-Type': 'application/json', Accept: 'text/event-stream' },
    body: JSON.stringify({ input, strategy: 'all' }),
  }).then((res) => res.text());
  await new Promise((r) => setTimeout(r, afterMs));
  controller.abort();
  await answer.catch(() => undefined);
}

const DELAYS_MS = [1, 3, 8, 15, 25, 40, 70, 120];

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

describe.runIf(existsSync(SERVER))('the built server (node apps/web/dist/server.js)', () => {
  let sandbox: Sandbox;
  let child: ChildProcess;
  let base = '';
  let output = '';
  let exitCode: number | null | undefined;

  beforeAll(async () => {
    sandbox = await startSandbox();
    child = spawn(process.execPath, [SERVER, '--port', '0'], {
      env: { PATH: process.env.PATH ?? '', TIKSAVER_HOST_MAP: sandbox.hostMapString, TIKSAVER_COBALT_URL: sandbox.urls.cobalt!, TIKSAVER_RESOLVE_PER_MIN: '1000' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.on('exit', (code) => (exitCode = code));
    child.stdout!.setEncoding('utf8').on('data', (d: string) => (output += d));
    child.stderr!.setEncoding('utf8').on('data', (d: string) => (output += d));
    for (let i = 0; i < 200 && !base; i++) {
      base = /running at (http:\/\/\S+)/.exec(output)?.[1] ?? '';
      if (!base) await new Promise((r) => setTimeout(r, 50));
    }
    if (!base) throw new Error(`server did not start: ${output}`);
  });
  afterAll(async () => {
    child?.kill('SIGTERM');
    await sandbox?.close();
  });

  it('keeps answering after 5 aborted strategy "all" streams', async () => {
    const s = sandbox.scenario('video-post');
    for (const link of [s.link, s.shortLink]) for (const ms of DELAYS_MS) await abortedStream(base, link, ms);
    await new Promise((r) => setTimeout(r, 300));
    expect(exitCode, output).toBeUndefined();
    const health = await fetch(`${base}/api/health`);
    expect(health.status).toBe(200);
    expect(output).not.toMatch(/unhandled promise rejection/);
  });
});
