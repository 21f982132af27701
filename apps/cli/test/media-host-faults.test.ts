/**
 * Media-host faults after a good resolve (issue 17): the CLI never leaves a short file under
 * the final name, keeps the .part for resuming, and exits 7 (resolved, but saving failed),
 * whether the Content-Length promises more than the body (truncate) or less (short-length).
 * Floor speed (a drip) and resume-only-with-a-strong-validator are the download work's
 * (issue 18); docs/RELIABILITY.md lists their cases.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hermeticEnv, runCli } from './helpers.js';
import { sandboxFlags, scenario, sandboxPerFile } from './sandbox-fixture.js';

const fx = sandboxPerFile();

const run = (dir: string, extra: string[] = []) =>
  runCli([...sandboxFlags(fx.sandbox), '--retries', '0', '--strategy', 'sequential', '--provider', 'native', '-P', dir, ...extra, scenario(fx.sandbox, 'video-post').link], {
    env: hermeticEnv(fx.dir.path),
  });

function tryMountTmpfs(dir: string, size: string): boolean {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('media host faults (CLI)', () => {
  it.each(['truncate', 'short-length', 'reset', 'status-503'] as const)('%s: exit 7, nothing under the final name', async (kind) => {
    const dir = join(fx.dir.path, `media-${kind}`);
    await mkdir(dir, { recursive: true });
    fx.sandbox.setFault('tiktok-cdn', { kind });
    try {
      const r = await run(dir);
      expect(r.code, r.stderr).toBe(7);
      expect((await readdir(dir)).filter((name) => !name.endsWith('.part') && !name.endsWith('.part.json'))).toEqual([]);
    } finally {
      fx.sandbox.clearFaults();
    }
  });

  it('a full disk (a 64 KiB tmpfs) fails with exit 7 and a clear message, no file under the final name', async () => {
    const dir = join(fx.dir.path, 'full-disk');
    await mkdir(dir, { recursive: true });
    if (!tryMountTmpfs(dir, '64k')) return; // not permitted here (no root): nothing to test
    try {
      const r = await run(dir);
      expect(r.code, r.stderr).toBe(7);
      expect(r.stderr).toMatch(/space|ENOSPC/i);
      expect((await readdir(dir)).filter((name) => !name.includes('.part'))).toEqual([]);
    } finally {
      execFileSync('umount', [dir], { stdio: 'ignore' });
    }
  });
});
