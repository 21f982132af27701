import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { isTiksaverError } from '@tiksaver/core';
import { createSnaptikProvider } from '../src/snaptik/index.js';
import { loadConfig } from '../src/config.js';
import { createDefaultProviders } from '../src/registry.js';
import { statusFailure } from '../src/snaptik/errors.js';
import { SCENARIOS } from '@tiksaver/sandbox';
import { faultCodes } from './contract/index.js';
import { expectCatalogueOutcome, openHarness, waitForRequest, type Harness } from './helpers/sandbox-harness.js';

let h: Harness;
beforeAll(async () => {
  h = await openHarness();
});
afterAll(() => h?.close());
afterEach(() => {
  h.sandbox.clearFaults();
  h.sandbox.control('snaptik', 'reset');
});

const flows = ['api', 'legacy'] as const;

describe.each(flows)('snaptik %s flow against the sandbox', (flow) => {
  const provider = createSnaptikProvider({ flow });

  it.each(SCENARIOS.map((s) => [s.id, s] as const))('%s ends as the catalogue expects', async (_id, scenario) => {
    const result = expectCatalogueOutcome(await h.outcome(provider, scenario), scenario, scenario.expect.snaptik);
    if (!result) return;
    for (const item of result.items) expect(item.watermark).toBe(false);
    // Captions cross the wire intact, emoji included (legacy: through the packed-script decoder).
    expect(result.caption).toBe(scenario.caption || undefined);
  });

  it('accepts a short link handed over directly', async () => {
    const scenario = SCENARIOS.find((s) => s.id === 'video-post')!;
    const outcome = await h.outcome(provider, scenario, { form: 'short' });
    expect(outcome.ok && outcome.result.items[0]?.type).toBe('video');
  });
});

describe('snaptik current flow details', () => {
  const provider = createSnaptikProvider();
  const videoPost = SCENARIOS.find((s) => s.id === 'video-post')!;
  const photoPost = SCENARIOS.find((s) => s.id === 'photo-post')!;

  it('solves a fresh challenge per call and sends X-Verify with the documented XHR headers', async () => {
    h.sandbox.log.clear();
    const outcome = await h.outcome(provider, videoPost);
    expect(outcome.ok).toBe(true);
    const log = h.sandbox.log.for('snaptik');
    const tokenCalls = log.filter((r) => r.path === '/api/token');
    const verified = log.filter((r) => r.path.startsWith('/api/extract') || r.path.startsWith('/api/hd'));
    expect(tokenCalls.length).toBe(2);
    expect(verified.map((r) => r.path.split('?')[0])).toEqual(['/api/extract', '/api/hd']);
    const verifies = verified.map((r) => String(r.headers['x-verify']));
    for (const v of verifies) expect(v).toMatch(/^[0-9a-f]+:\d+:\d+:[0-9a-f]+$/);
    expect(new Set(verifies).size).toBe(2);
    for (const r of [...tokenCalls, ...verified]) {
      expect(r.headers['x-requested-with']).toBe('XMLHttpRequest');
      expect(r.headers['origin']).toBe('https://snaptik.app');
      expect(r.headers['referer']).toBe('https://snaptik.app/');
    }
    expect(tokenCalls[0]?.headers['content-type']).toMatch(/application\/json/);
  });

  it('labels HD first, SD second, and both files download for real', async () => {
    const outcome = await h.outcome(provider, videoPost);
    if (!outcome.ok) throw outcome.error;
    expect(outcome.result.items.map((i) => i.quality)).toEqual(['HD', 'SD']);
    expect(outcome.result.items[0]!.url).toMatch(/^https:\/\/rapidcdn\.app\//);
    expect(outcome.result.items[1]!.url).toMatch(/^https:\/\/snaptik\.app\/file\//); // relative URL made absolute
    for (const item of outcome.result.items) {
      const got = await h.fetchMedia(item);
      expect(got.status).toBe(200);
      expect(got.contentType).toMatch(/video\/mp4/);
      expect(got.bytes).toBeGreaterThan(1000);
    }
  });

  it('skips the HD round trip when hd is off', async () => {
    h.sandbox.log.clear();
    const outcome = await h.outcome(createSnaptikProvider({ hd: false }), videoPost);
    expect(outcome.ok && outcome.result.items.map((i) => i.quality)).toEqual(['SD']);
    expect(h.sandbox.log.for('snaptik').filter((r) => r.path === '/api/token')).toHaveLength(1);
  });

  it('delivers every image of a photo post, downloadable, and claims no audio', async () => {
    const outcome = await h.outcome(provider, photoPost);
    if (!outcome.ok) throw outcome.error;
    const images = outcome.result.items.filter((i) => i.type === 'image');
    expect(images).toHaveLength(photoPost.media.images!);
    expect(images.map((i) => i.index)).toEqual(images.map((_, n) => n + 1));
    const got = await h.fetchMedia(images[0]!);
    expect(got.status).toBe(200);
    expect(got.contentType).toMatch(/image\//);
  });

  it('answers a photo story with UNSUPPORTED_KIND, never a wrong result', async () => {
    const outcome = await h.outcome(provider, SCENARIOS.find((s) => s.id === 'story-photo')!);
    expect(outcome.ok ? 'resolved' : outcome.code).toBe('UNSUPPORTED_KIND');
  });

  it('falls back to the legacy flow when /api/token is gone (auto)', async () => {
    h.sandbox.control('snaptik', 'legacy-only');
    h.sandbox.log.clear();
    const outcome = await h.outcome(provider, videoPost);
    expect(outcome.ok && outcome.result.items[0]?.quality).toBe('HD');
    const paths = h.sandbox.log.for('snaptik').map((r) => `${r.method} ${r.path}`);
    expect(paths).toContain('POST /api/token');
    expect(paths).toContain('POST /abc2.php');
    const form = h.sandbox.log.for('snaptik').find((r) => r.path === '/abc2.php')!;
    expect(form.headers['content-type']).toMatch(/application\/x-www-form-urlencoded/);
    expect(new URLSearchParams(form.body).get('url')).toBe(videoPost.link);
    expect(form.cookies?.['PHPSESSID']).toBeTruthy();
  });

  it('api-only flow reports UPSTREAM_CHANGED when the site has no /api/token', async () => {
    h.sandbox.control('snaptik', 'legacy-only');
    const outcome = await h.outcome(createSnaptikProvider({ flow: 'api' }), videoPost);
    expect(outcome.ok ? 'resolved' : outcome.code).toBe('UPSTREAM_CHANGED');
  });

  it('names the salt when the site rotates its key, and works with the new salt configured', async () => {
    h.sandbox.control('snaptik', 'rotate-salt');
    const stale = await h.outcome(provider, videoPost);
    expect(stale.ok ? 'resolved' : stale.code).toBe('UPSTREAM_CHANGED');
    expect(stale.ok ? '' : String((stale.error as Error).message)).toMatch(/salt/);
    const fresh = await h.outcome(createSnaptikProvider({ salt: 'sn4pt1k_v3r1fy2027:' }), videoPost);
    expect(fresh.ok).toBe(true);
  });

  it('takes a rotated salt from the configuration (TIKSAVER_SNAPTIK_SALT) without a code change', async () => {
    h.sandbox.control('snaptik', 'rotate-salt');
    const config = loadConfig({ env: { TIKSAVER_SNAPTIK_SALT: 'sn4pt1k_v3r1fy2027:' } });
    const configured = createDefaultProviders(config).find((p) => p.id === 'snaptik')!;
    const outcome = await h.outcome(configured, videoPost);
    expect(outcome.ok).toBe(true);
  });

  it('takes the legacy flow from the configuration (snaptikFlow)', async () => {
    h.sandbox.log.clear();
    const configured = createDefaultProviders(loadConfig({ env: {}, file: { snaptikFlow: 'legacy' } })).find((p) => p.id === 'snaptik')!;
    const outcome = await h.outcome(configured, videoPost);
    expect(outcome.ok).toBe(true);
    const paths = h.sandbox.log.for('snaptik').map((r) => `${r.method} ${r.path}`);
    expect(paths).toContain('POST /abc2.php');
    expect(paths).not.toContain('POST /api/token');
  });

  it('maps 429 to RATE_LIMITED with the retry time, and 403 to BLOCKED', async () => {
    h.sandbox.setFault('snaptik.app', { kind: 'status-429', path: '/api/extract', value: 42 });
    const limited = await h.outcome(provider, videoPost);
    expect(limited.ok ? 'resolved' : limited.code).toBe('RATE_LIMITED');
    expect(isTiksaverError(!limited.ok && limited.error) && (limited as { error: { retryAfterMs?: number } }).error.retryAfterMs).toBe(42_000);
    h.sandbox.clearFaults();
    // A spent or wrong token is refused with 403, which means bot protection.
    const res = await h.http.fork().request('https://snaptik.app/api/extract?url=x', { headers: { 'X-Verify': 'a:1:2:3' }, okStatuses: [403] });
    expect(res.status).toBe(403);
    expect((await statusFailure(res, 'api/extract')).code).toBe('BLOCKED');
  });

  it('reports a schema drift as UPSTREAM_CHANGED', async () => {
    h.sandbox.setFault('snaptik.app', { kind: 'schema-drift', path: '/api/extract' });
    const outcome = await h.outcome(provider, videoPost);
    expect(outcome.ok ? 'resolved' : outcome.code).toBe('UPSTREAM_CHANGED');
  });

  it('stops in-flight requests when the signal aborts', async () => {
    h.sandbox.setFault('snaptik.app', { kind: 'hang', path: '/api/extract' });
    h.sandbox.log.clear();
    const controller = new AbortController();
    const pending = provider.resolve(h.link(videoPost), h.ctx({ signal: controller.signal }));
    await waitForRequest(h.sandbox, (path) => path.startsWith('/api/extract'));
    controller.abort();
    await expect(pending).rejects.toMatchObject({ code: 'CANCELLED' });
  });
});

describe('snaptik under sandbox faults', () => {
  const provider = createSnaptikProvider({ timeoutMs: 1000 });
  const videoPost = SCENARIOS.find((s) => s.id === 'video-post')!;

  it.each(['status-429', 'status-403', 'status-500', 'reset', 'malformed', 'schema-drift', 'redirect-loop', 'redirect-private', 'oversize', 'hang'] as const)('%s', async (kind) => {
    h.sandbox.setFault('snaptik.app', { kind, ...(kind === 'oversize' && { value: 8 * 1024 * 1024 }) });
    const outcome = await h.outcome(provider, videoPost);
    expect(faultCodes(kind, 'snaptik')).toContain(outcome.ok ? 'resolved' : outcome.code);
  });
});
