/**
 * Issue 17 for the CLI: the address guard on every hop (a redirect to an unmapped loopback
 * address is refused before connecting, for the media download and for every provider),
 * and the exit code of a download that fails after a good resolve (7, as the table says).
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { mkdir } from 'node:fs/promises';
import { ResolveReport } from '@tiksaver/core';
import { startTripwire, type Tripwire } from '@tiksaver/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hermeticEnv, runCli } from './helpers.js';
import { sandboxFlags, scenario, sandboxPerFile } from './sandbox-fixture.js';

const fx = sandboxPerFile();
let tripwire: Tripwire;
beforeAll(async () => {
  tripwire = await startTripwire();
});
afterAll(() => tripwire.close());

const run = (args: string[]) =>
  runCli([...sandboxFlags(fx.sandbox), '--retries', '0', ...(args.includes('--compare') ? [] : ['--strategy', 'sequential']), ...args], { env: hermeticEnv(fx.dir.path) });

async function out(name: string): Promise<string> {
  const dir = join(fx.dir.path, name);
  await mkdir(dir, { recursive: true });
  return dir;
}

describe('CLI address guard', () => {
  it('refuses a media download redirected to an unmapped loopback address before connecting, exit 7', async () => {
    fx.sandbox.setFault('tiktok-cdn', { kind: 'redirect-private' });
    try {
      const dir = await out('redirect-private');
      const r = await run(['--provider', 'native', '-P', dir, scenario(fx.sandbox, 'video-post').link]);
      expect(r.code, r.stderr).toBe(7);
      expect(r.stderr).toMatch(/not a public address/);
      expect(await readdir(dir)).toEqual([]);
      expect(tripwire.hits).toBe(0);
    } finally {
      fx.sandbox.clearFaults();
    }
  });

  it('every provider refuses a redirect to an unmapped loopback address (BLOCKED), nothing connects there', async () => {
    fx.sandbox.setFault('*', { kind: 'redirect-private' });
    try {
      const r = await run(['--compare', '--json', scenario(fx.sandbox, 'video-post').link]);
      const report = ResolveReport.parse(JSON.parse(r.stdout));
      const tried = report.attempts.filter((a) => a.outcome !== 'skipped');
      expect(tried.length).toBeGreaterThanOrEqual(5);
      for (const attempt of tried) expect(attempt.error?.code, attempt.provider).toBe('BLOCKED');
      expect(tripwire.hits).toBe(0);
    } finally {
      fx.sandbox.clearFaults();
    }
  });
});

describe('CLI exit codes after a good resolve', () => {
  it('a media host failing with 500 exits 7 (resolved, but saving failed), not 6', async () => {
    fx.sandbox.setFault('tiktok-cdn', { kind: 'status-500' });
    try {
      const dir = await out('cdn-500');
      const r = await run(['--provider', 'native', '-P', dir, scenario(fx.sandbox, 'video-post').link]);
      expect(r.code, r.stderr).toBe(7);
      expect((await readdir(dir)).filter((name) => !name.endsWith('.part'))).toEqual([]);
    } finally {
      fx.sandbox.clearFaults();
    }
  });
});
