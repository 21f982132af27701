/**
 * Operator-facing parts of issue 19 that need no Redis: the refusal to run Redis mode
 * without a shared secret, GET /api/providers with health, and the /status page (off by
 * default).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { ResolveReport } from '@tiksaver/core';
import { readWebConfig } from '../server/config.js';
import { outcomesOf } from '../server/provider-health.js';
import { renderStatusPage } from '../server/status-page.js';
import { postJson, webPerFile, startWeb } from './helpers.js';

describe('Redis mode settings', () => {
  it('refuses to start with TIKSAVER_REDIS_URL but no TIKSAVER_SECRET, with a code and the fix', () => {
    expect(() => readWebConfig([], { TIKSAVER_REDIS_URL: 'redis://127.0.0.1:6379' })).toThrow(
      expect.objectContaining({ code: 'MISCONFIGURED', message: expect.stringContaining('TIKSAVER_SECRET') }),
    );
    expect(() => readWebConfig([], { TIKSAVER_REDIS_URL: 'http://127.0.0.1:6379', TIKSAVER_SECRET: 's' })).toThrow(expect.objectContaining({ code: 'MISCONFIGURED' }));
    expect(readWebConfig([], { TIKSAVER_REDIS_URL: 'redis://127.0.0.1:6379/2', TIKSAVER_SECRET: 's' })).toMatchObject({ redisUrl: 'redis://127.0.0.1:6379/2', secret: 's' });
    expect(readWebConfig([], {})).toMatchObject({ resolveCacheTtlMs: 60_000, failureCacheTtlMs: 10_000, statusPage: false });
    expect(readWebConfig([], {}).redisUrl).toBeUndefined();
  });
});

const SERVER = fileURLToPath(new URL('../dist/server.js', import.meta.url));

describe('the built server in Redis mode without a secret', () => {
  // `pnpm test` builds first; a lone run of this file without a build skips it.
  it.skipIf(!existsSync(SERVER))('exits 2 with MISCONFIGURED and says what to set, before listening', () => {
    const run = spawnSync(process.execPath, [SERVER, '--port', '0'], {
      env: { PATH: process.env.PATH, TIKSAVER_REDIS_URL: 'redis://127.0.0.2:1' },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^MISCONFIGURED: TIKSAVER_REDIS_URL is set but TIKSAVER_SECRET is not/m);
    expect(run.stdout).not.toContain('running at');
  });
});

describe('provider health outcomes', () => {
  it('counts ok and non-final failures per provider, a certain verdict as ok, and native page routes when reported', () => {
    const report = {
      input: 'x',
      link: { kind: 'story', input: 'x' },
      ok: true,
      strategy: 'hedged',
      totalMs: 1,
      attempts: [
        {
          provider: 'native',
          outcome: 'failed',
          error: { code: 'BLOCKED', message: 'WAF', hint: '', final: false },
          detail: {
            routes: [
              { route: 'desktop', label: 'desktop page', url: 'https://www.tiktok.com/@a/video/1', status: 403, held: false, note: 'WAF challenge', ms: 40 },
              { route: 'mobile', label: 'mobile page', url: 'https://m.tiktok.com/v/1.html', status: 200, bytes: 1000, held: true, ms: 60 },
            ],
          },
        },
        { provider: 'snaptik', outcome: 'ok' },
        { provider: 'vidgap', outcome: 'failed', error: { code: 'EXPIRED', message: 'gone', hint: '', final: true } },
        { provider: 'tikwm', outcome: 'skipped', reason: { why: 'not-needed', winner: 'snaptik' } },
        { provider: 'tikdown', outcome: 'cancelled' },
      ],
    } as unknown as ResolveReport;
    expect(outcomesOf(report, 5)).toEqual([
      { provider: 'native', ok: false, code: 'BLOCKED', message: 'WAF', at: 5 },
      { provider: 'native/desktop', ok: false, code: 'HTTP 403', message: 'WAF challenge', at: 5 },
      { provider: 'native/mobile', ok: true, at: 5 },
      { provider: 'snaptik', ok: true, at: 5 },
      { provider: 'vidgap', ok: true, at: 5 },
    ]);
    // Everyone agreeing that the post is gone is the post's fault, not theirs.
    const gone = {
      ...report,
      ok: false,
      error: { code: 'NOT_FOUND', message: 'gone', hint: '', final: false },
      attempts: ['native', 'tikwm'].map((provider) => ({ provider, outcome: 'failed', error: { code: 'NOT_FOUND', message: 'not found', hint: '', final: false } })),
    } as unknown as ResolveReport;
    expect(outcomesOf(gone, 5).map((o) => o.ok)).toEqual([true, true]);
  });
});

describe('provider health and the status page', () => {
  const fx = webPerFile();

  it('GET /api/providers shows each provider with its recent outcomes and the store state', async () => {
    const ok = await postJson(fx.web.url, { input: fx.sandbox.scenario('video-post').link, strategy: 'sequential' });
    expect(ok.status).toBe(200);
    const body = (await (await fetch(`${fx.web.url}/api/providers`)).json()) as {
      providers: Array<{ id: string; health: { ok: number; failed: number; successRate?: number } }>;
      health: { scope: string; store: { mode: string; degraded: boolean } };
    };
    expect(body.health).toMatchObject({ scope: 'instance', store: { mode: 'memory', degraded: false } });
    expect(body.providers.find((p) => p.id === 'native')?.health).toMatchObject({ ok: 1, failed: 0, successRate: 1 });
    expect(body.providers.find((p) => p.id === 'tikwm')?.health).toMatchObject({ ok: 0, failed: 0 });
  });

  it('/status is off unless the operator turns it on', async () => {
    const response = await fetch(`${fx.web.url}/status`);
    expect(response.status).toBe(404);
    await response.arrayBuffer();
  });

  it('/status shows the health table, a chart per provider and the store state, with no script', async () => {
    const web = await startWeb(fx.sandbox, { config: { statusPage: true } });
    try {
      sandbox503(fx);
      await (await postJson(web.url, { input: fx.sandbox.scenario('photo-post').link, strategy: 'sequential' })).arrayBuffer();
      fx.sandbox.clearFaults();
      const response = await fetch(`${web.url}/status`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/text\/html/);
      expect(response.headers.get('content-security-policy')).not.toContain('unsafe-inline');
      const html = await response.text();
      expect(html).toContain('memory (single instance)');
      expect(html).toMatch(/<td>native<\/td><td class="num">0 %<\/td>/);
      expect(html).toContain('<svg');
      expect(html).not.toContain('<script');
      expect((await fetch(`${web.url}/status.css`)).headers.get('content-type')).toMatch(/text\/css/);
    } finally {
      await web.close();
    }
  });

  it('names a lost Redis on the page, and escapes what upstream errors say', () => {
    const now = Date.now();
    const html = renderStatusPage(
      {
        windowSec: 3600,
        scope: 'instance',
        store: { mode: 'redis', connected: false, degraded: true, since: now - 30_000, lastError: 'ECONNREFUSED' },
        providers: [{ provider: 'tikwm', ok: 0, failed: 2, successRate: 0, minutes: [{ minute: now - (now % 60_000), ok: 0, failed: 2 }], lastError: { code: 'BLOCKED', message: '<b>nope</b>', at: now } }],
      },
      now,
    );
    expect(html).toContain('Redis unreachable');
    expect(html).toContain('ECONNREFUSED');
    expect(html).not.toContain('<b>nope</b>');
    expect(html).toContain('fill="#d33c3c"');
  });
});

function sandbox503(fx: { sandbox: { setFault: (host: string, fault: { kind: 'status-503' }) => void } }) {
  fx.sandbox.setFault('www.tiktok.com', { kind: 'status-503' });
  fx.sandbox.setFault('m.tiktok.com', { kind: 'status-503' });
}
