/**
 * SIGKILL at random points of a large download, then resume: the saved file's checksum
 * equals the source's (issue 17). The downloader runs in a child process (core's built
 * dist, real sockets to the sandbox CDN); `kill -9` runs no cleanup at all, so only what
 * the .part file and its resume logic guarantee counts. 5 trials in CI, 50 under
 * `pnpm test:long`; the kill points come from a seeded generator (replayable).
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { syntheticBytes, syntheticUrl } from '@tiksaver/sandbox';
import { describe, expect, it } from 'vitest';
import { sandboxPerFile } from './sandbox-fixture.js';

const CHILD = resolve(dirname(fileURLToPath(import.meta.url)), 'fixtures/kill-download-child.mjs');
const LONG = process.env.TIKSAVER_TEST_LONG === '1';
const TRIALS = LONG ? 50 : 5;
const SIZE = 6 * 1024 * 1024;
const RATE = 6 * 1024 * 1024;

const fx = sandboxPerFile();

function seeded(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function sha256File(path: string): Promise<string> {
  return new Promise((done, fail) => {
    const hash = createHash('sha256');
    createReadStream(path).on('data', (d) => hash.update(d)).on('end', () => done(hash.digest('hex'))).on('error', fail);
  });
}

function runChild(item: unknown, finalPath: string, killAtBytes?: number): Promise<{ code: number | null; signal: string | null; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [CHILD, JSON.stringify(item), finalPath, fx.sandbox.hostMapString, String(RATE)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    let poll: NodeJS.Timeout | undefined;
    if (killAtBytes !== undefined) {
      poll = setInterval(async () => {
        const size = await stat(`${finalPath}.part`).then((s) => s.size, () => 0);
        if (size >= killAtBytes) child.kill('SIGKILL');
      }, 10);
    }
    child.on('close', (code, signal) => {
      clearInterval(poll);
      done({ code, signal, stderr });
    });
  });
}

describe('SIGKILL during a large download, then resume', () => {
  it(`${TRIALS} trials: the resumed file equals the source byte for byte`, { timeout: TRIALS * 30_000 }, async () => {
    const expected = createHash('sha256').update(await syntheticBytes(0, SIZE - 1)).digest('hex');
    const item = { type: 'video', url: syntheticUrl(SIZE, { ext: 'mp4' }), ext: 'mp4', mimeType: 'video/mp4' };
    const random = seeded(Number(process.env.TIKSAVER_FUZZ_SEED ?? 17));
    let killedMidway = 0;
    for (let trial = 0; trial < TRIALS; trial++) {
      const finalPath = join(fx.dir.path, `trial-${trial}.mp4`);
      // One or two kills at random points, then a run that finishes.
      const kills = 1 + Math.floor(random() * 2);
      for (let k = 0; k < kills; k++) {
        const at = Math.floor(SIZE * (0.05 + random() * 0.9));
        const cut = await runChild(item, finalPath, at);
        if (cut.signal === 'SIGKILL') killedMidway++;
        else expect(cut.code, cut.stderr).toBe(0); // finished before the kill point: fine
      }
      const last = await runChild(item, finalPath);
      expect(last.code, last.stderr).toBe(0);
      expect(await sha256File(finalPath)).toBe(expected);
      const left = (await readdir(fx.dir.path)).filter((n) => n.startsWith(`trial-${trial}.`) && n !== `trial-${trial}.mp4`);
      expect(left).toEqual([]);
    }
    expect(killedMidway).toBeGreaterThan(0);
  });
});
