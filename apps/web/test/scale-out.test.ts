/**
 * Several instances sharing state in Redis (issue 19), against a real redis-server on a free
 * port: two web servers on different ports share one rate limit, the report cache and
 * provider health; tikwm's pace holds across them; Redis killed mid-run and started again
 * means no crash, per-instance fallback with a warning, health showing it, and recovery.
 */
import { startSandbox, type Sandbox } from '@tiksaver/sandbox';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { WebReport } from '../shared/types.js';
import { createRedisStore } from '../server/store/redis-store.js';
import { postJson, startWeb, type WebUnderTest } from './helpers.js';
import { hasRedisServer, startRedis, type RedisUnderTest } from './redis-server.js';

const haveRedis = hasRedisServer();
if (!haveRedis) console.warn('scale-out tests skipped: redis-server is not installed (apt-get install redis-server; .ci/run installs it)');

type Body = WebReport & { cached?: boolean };

async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 50));
  }
}

describe.skipIf(!haveRedis)('several instances sharing Redis', () => {
  let sandbox: Sandbox;
  let redis: RedisUnderTest;
  let admin: Redis;
  const running: WebUnderTest[] = [];

  beforeAll(async () => {
    sandbox = await startSandbox();
    redis = await startRedis();
    admin = new Redis(redis.url, { lazyConnect: true, maxRetriesPerRequest: 1, retryStrategy: () => 200 });
    admin.on('error', () => undefined);
  });
  afterAll(async () => {
    admin?.disconnect();
    await redis?.stop();
    await sandbox?.close();
  });
  beforeEach(async () => {
    sandbox.clearFaults();
    if (admin.status !== 'ready') await admin.connect().catch(() => undefined);
    await admin.flushall();
  });
  afterEach(async () => {
    await Promise.all(running.splice(0).map((web) => web.close()));
    vi.restoreAllMocks();
  });

  async function instance(config: Record<string, unknown> = {}): Promise<WebUnderTest> {
    const web = await startWeb(sandbox, { config: { redisUrl: redis.url, secret: 'one secret for the whole cluster', resolveCacheTtlMs: 60_000, failureCacheTtlMs: 10_000, ...config } });
    running.push(web);
    await until(() => web.deps.store!.state().connected, 'the instance to connect to Redis');
    return web;
  }

  /** Requests that pass the limiter cost nothing upstream: a wrong link answers 400 at once. */
  async function allowedOf(webs: WebUnderTest[], requests: number): Promise<number> {
    let allowed = 0;
    for (let i = 0; i < requests; i++) {
      const response = await postJson(webs[i % webs.length]!.url, { input: 'not a link at all' });
      if (response.status !== 429) allowed++;
      await response.arrayBuffer();
    }
    return allowed;
  }

  it('two instances on different ports enforce one rate limit together', async () => {
    const [a, b] = [await instance({ resolvePerMinute: 5 }), await instance({ resolvePerMinute: 5 })];
    expect(a.port).not.toBe(b.port);
    expect(await allowedOf([a, b], 12)).toBe(5);
    const refused = await postJson(b.url, { input: 'x' });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('TOO_MANY_REQUESTS');
  });

  it('share the report cache: a resolve on one is answered by the other, and its links work there', async () => {
    const [a, b] = [await instance(), await instance()];
    const link = sandbox.scenario('story-video').link;
    const first = (await (await postJson(a.url, { input: link, strategy: 'sequential' })).json()) as Body;
    expect(first.ok).toBe(true);
    const upstream = sandbox.log.all().length;
    const second = (await (await postJson(b.url, { input: link, strategy: 'sequential' })).json()) as Body;
    expect(second).toMatchObject({ ok: true, cached: true, provider: first.provider });
    expect(sandbox.log.all().length).toBe(upstream);
    // A link signed by A streams from B: same secret, report found in Redis, no re-resolve.
    const pages = () => sandbox.log.all().filter((r) => !r.host.includes('tiktokcdn')).length;
    const pagesBefore = pages();
    const item = first.result!.items[first.result!.selected[0]!]!;
    const media = await fetch(b.url + item.downloadUrl);
    expect(media.status).toBe(200);
    expect((await media.arrayBuffer()).byteLength).toBeGreaterThan(0);
    expect(pages()).toBe(pagesBefore);
  });

  it('concurrent identical resolves on both instances share one upstream run', async () => {
    const [a, b] = [await instance(), await instance()];
    const link = sandbox.scenario('photo-post').link;
    const before = sandbox.log.all().length;
    const answers = (await Promise.all(
      Array.from({ length: 20 }, async (_, i) => (await postJson((i % 2 ? b : a).url, { input: link, strategy: 'sequential' })).json()),
    )) as Body[];
    expect(answers.every((r) => r.ok)).toBe(true);
    expect(answers.filter((r) => !r.cached)).toHaveLength(1);
    const during = sandbox.log.all().length - before;
    const alone = sandbox.log.all().length;
    await (await postJson(a.url, { input: link, strategy: 'sequential', providers: ['native'] })).arrayBuffer();
    expect(during).toBeLessThanOrEqual(sandbox.log.all().length - alone);
  });

  it('both see provider health recorded by either', async () => {
    const [a, b] = [await instance(), await instance()];
    const ok = await postJson(a.url, { input: sandbox.scenario('video-post').link, strategy: 'sequential' });
    expect(ok.status).toBe(200);
    // The whole TikTok service: native reads m.tiktok.com first, then www (today's site).
    sandbox.setFault('tiktok', { kind: 'status-503' });
    const fallback = (await (await postJson(b.url, { input: sandbox.scenario('photo-post').link, strategy: 'sequential' })).json()) as Body;
    expect(fallback.ok).toBe(true);
    for (const web of [a, b]) {
      const body = (await (await fetch(`${web.url}/api/providers`)).json()) as {
        providers: Array<{ id: string; health: { ok: number; failed: number; successRate?: number; lastError?: { code: string } } }>;
        health: { scope: string; store: { mode: string; connected: boolean } };
      };
      expect(body.health).toMatchObject({ scope: 'cluster', store: { mode: 'redis', connected: true } });
      const native = body.providers.find((p) => p.id === 'native')!;
      expect(native.health).toMatchObject({ ok: 1, failed: 1, successRate: 0.5 });
      expect(native.health.lastError?.code).toBeTruthy();
      expect(body.providers.find((p) => p.id === fallback.provider)!.health.ok).toBe(1);
    }
  });

  it("tikwm's pace holds across instances: the second instance waits for the first one's slot", async () => {
    const stores = [createRedisStore({ url: redis.url, log: () => undefined }), createRedisStore({ url: redis.url, log: () => undefined })];
    try {
      await until(() => stores.every((s) => s.state().connected), 'both stores to connect');
      expect(await stores[0]!.pace.reserve('www.tikwm.com', 1000)).toBe(0);
      const wait = await stores[1]!.pace.reserve('www.tikwm.com', 1000);
      expect(wait).toBeGreaterThan(500);
      expect(wait).toBeLessThanOrEqual(1000);
      // Another host has its own lane.
      expect(await stores[1]!.pace.reserve('www.example-service.test', 1000)).toBe(0);
    } finally {
      await Promise.all(stores.map((s) => s.close()));
    }
  });

  it('tikwm is paced for the cluster: requests from two instances reach it a pace apart', async () => {
    const [a, b] = [await instance(), await instance()];
    const links = ['video-post', 'photo-post', 'sigi-layout', 'legacy-fields'].map((id) => sandbox.scenario(id).link);
    sandbox.log.clear();
    // Different items at once, half on each instance: nothing is shared but tikwm's pace.
    const answers = await Promise.all(links.map(async (input, i) => (await postJson((i % 2 ? b : a).url, { input, providers: ['tikwm'] })).json()));
    expect(answers.every((r) => (r as Body).ok)).toBe(true);
    const arrivals = sandbox.log.for('tikwm').map((r) => r.at).sort((x, y) => x - y);
    expect(arrivals).toHaveLength(links.length);
    // tikwm's pace less a little for the two timestamps' own clocks (sandbox vs Redis).
    for (let i = 1; i < arrivals.length; i++) expect(arrivals[i]! - arrivals[i - 1]!).toBeGreaterThanOrEqual(950);
  }, 30_000);

  it('Redis killed mid-run: still resolves, limits per instance with a warning, health says so; then recovers by itself', async () => {
    const warnings: string[] = [];
    vi.spyOn(console, 'warn').mockImplementation((...args: unknown[]) => void warnings.push(args.join(' ')));
    const [a, b] = [await instance({ resolvePerMinute: 4 }), await instance({ resolvePerMinute: 4 })];
    const link = sandbox.scenario('video-post').link;
    expect((await postJson(a.url, { input: link, strategy: 'sequential' })).status).toBe(200);

    await redis.kill();
    await until(() => !a.deps.store!.state().connected && !b.deps.store!.state().connected, 'both instances to notice');

    // Requests still resolve (upstream, without the shared cache).
    const during = (await (await postJson(b.url, { input: sandbox.scenario('photo-post').link, strategy: 'sequential' })).json()) as Body;
    expect(during.ok).toBe(true);
    const health = (await (await fetch(`${a.url}/api/providers`)).json()) as { health: { scope: string; store: { degraded: boolean; lastError?: string } } };
    expect(health.health).toMatchObject({ scope: 'instance', store: { degraded: true } });
    expect(await (await fetch(`${a.url}/api/health`)).json()).toMatchObject({ ok: true, store: { mode: 'redis', degraded: true } });
    expect(warnings.some((w) => /Redis unavailable.*rate limits are per instance/.test(w))).toBe(true);
    // Each instance now enforces the limit of 4 on its own (B has spent one on the resolve above).
    expect(await allowedOf([a], 6)).toBe(4);
    expect(await allowedOf([b], 6)).toBe(3);

    await redis.start();
    await until(() => a.deps.store!.state().connected && b.deps.store!.state().connected, 'both instances to reconnect');
    expect(warnings.some((w) => /Redis is back/.test(w))).toBe(true);
    const after = (await (await fetch(`${b.url}/api/providers`)).json()) as { health: { scope: string; store: { degraded: boolean } } };
    expect(after.health).toMatchObject({ scope: 'cluster', store: { degraded: false } });
    // Shared again: one limit for both (the restarted Redis is empty), one cache for both.
    expect(await allowedOf([a, b], 8)).toBe(4);
    await admin.connect().catch(() => undefined);
    await admin.flushall();
    const story = sandbox.scenario('story-photo').link;
    expect(((await (await postJson(a.url, { input: story, strategy: 'sequential' })).json()) as Body).ok).toBe(true);
    expect(await (await postJson(b.url, { input: story, strategy: 'sequential' })).json()).toMatchObject({ ok: true, cached: true });
  });

  it('a Redis that hangs (connection open, no answers) costs a bounded wait, then the same degradation and recovery', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const a = await instance();
    redis.pause();
    try {
      const during = (await (await postJson(a.url, { input: sandbox.scenario('video-post').link, strategy: 'sequential' })).json()) as Body;
      expect(during.ok).toBe(true);
      expect(a.deps.store!.state()).toMatchObject({ connected: false, degraded: true });
      // Later requests skip the silent Redis instead of each waiting for a timeout.
      const again = await postJson(a.url, { input: 'not a link' });
      expect(again.status).toBe(400);
      await again.arrayBuffer();
    } finally {
      redis.resume();
    }
    await until(async () => {
      await (await postJson(a.url, { input: 'not a link' })).arrayBuffer();
      return a.deps.store!.state().connected;
    }, 'the instance to use Redis again');
    const body = (await (await fetch(`${a.url}/api/providers`)).json()) as { health: { scope: string } };
    expect(body.health.scope).toBe('cluster');
  });
});
