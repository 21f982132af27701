/**
 * Issue 17's acceptance, against the server started the README's way (`pnpm start` runs
 * `node apps/web/dist/server.js`; here with TIKSAVER_HOST_MAP pointing at a sandbox, and
 * TIKSAVER_TRUST_PROXY=1 as behind a reverse proxy that appends the address it saw):
 * aborted `strategy: "all"` streams leave it answering, an empty provider list is a 4xx
 * JSON error, and spoofed left-most X-Forwarded-For entries get no more than the limit.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startSandbox, type Sandbox } from '@tiksaver/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { abortedStream, DELAYS_MS } from './streams.js';
import { errorCodeOf } from './raw-http.js';

const SERVER = resolve(dirname(fileURLToPath(import.meta.url)), '../../dist/server.js');
const LIMIT = 20;

describe.runIf(existsSync(SERVER))('the built server (node apps/web/dist/server.js)', () => {
  let sandbox: Sandbox;
  let child: ChildProcess;
  let base = '';
  let output = '';
  let exitCode: number | null | undefined;

  beforeAll(async () => {
    sandbox = await startSandbox();
    child = spawn(process.execPath, [SERVER, '--port', '0'], {
      env: {
        PATH: process.env.PATH ?? '',
        TIKSAVER_HOST_MAP: sandbox.hostMapString,
        TIKSAVER_COBALT_URL: sandbox.urls.cobalt!,
        TIKSAVER_TRUST_PROXY: '1',
        TIKSAVER_RESOLVE_PER_MIN: String(LIMIT),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.on('exit', (code) => (exitCode = code));
    child.stdout!.setEncoding('utf8').on('data', (d: string) => (output += d));
    child.stderr!.setEncoding('utf8').on('data', (d: string) => (output += d));
    for (let i = 0; i < 400 && !base; i++) {
      base = /running at (http:\/\/\S+)/.exec(output)?.[1] ?? '';
      if (!base) await new Promise((r) => setTimeout(r, 50));
    }
    if (!base) throw new Error(`server did not start: ${output}`);
  });
  afterAll(async () => {
    child?.kill('SIGTERM');
    await sandbox?.close();
  });

  it('keeps answering after aborted strategy "all" streams', async () => {
    // Each stream comes "through the proxy" from its own client so the limit stays out of the way.
    const s = sandbox.scenario('video-post');
    let n = 0;
    for (const link of [s.link, s.shortLink]) for (const ms of DELAYS_MS) await abortedStream(base, link, ms, { 'X-Forwarded-For': `127.0.1.${++n}` });
    await new Promise((r) => setTimeout(r, 300));
    expect(exitCode, output).toBeUndefined();
    expect((await fetch(`${base}/api/health`)).status).toBe(200);
    expect(output).not.toMatch(/unhandled promise rejection/);
  });

  it('answers an empty provider list with 400 NO_PROVIDERS (JSON)', async () => {
    const res = await fetch(`${base}/api/resolve`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': '127.0.2.1' },
      body: JSON.stringify({ input: sandbox.scenario('video-post').link, providers: [] }),
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(errorCodeOf(await res.text())).toBe('NO_PROVIDERS');
  });

  it(`lets no more than the limit (${LIMIT}/min) through with spoofed left-most X-Forwarded-For entries`, async () => {
    const statuses = await Promise.all(
      Array.from({ length: 90 }, (_, i) =>
        fetch(`${base}/api/resolve`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': `127.3.${i}.9, 127.0.3.1` },
          body: JSON.stringify({ input: 'not a link' }),
        }).then(async (res) => (await res.arrayBuffer(), res.status)),
      ),
    );
    expect(statuses.filter((s) => s !== 429)).toHaveLength(LIMIT);
  });
});
