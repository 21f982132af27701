/**
 * Resolution cache (issue 19): POST /api/resolve, answered from the cache vs resolved every
 * time through the sandbox, each against the built server (`node apps/web/dist/server.js
 * --sandbox`, its own process) in the same run, loaded with autocannon over loopback for a
 * bounded time. Both runs rotate over the same links (every sandbox scenario native
 * resolves), one per request, so that with the cache off concurrent requests name different
 * items and none is shared by coalescing: every uncached request is a full resolution. Goal for the cached path: >= 2,000 req/s with
 * p99 < 20 ms on 2 cores. With redis-server installed, the cached path in Redis mode too.
 */
import { spawnSync } from 'node:child_process';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { builtPath, importBuilt, requireBuilt, ROOT } from './lib/built.mjs';
import { cpuMs, startChild, startWebServer, stop, WEB_SERVER } from './lib/proc.mjs';
import { round } from './lib/stats.mjs';

const DURATION_SEC = Number(process.env.BENCH_CACHE_SECONDS ?? 8);
const CONNECTIONS = 10;

function freePort() {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => done(port));
    });
  });
}

function startWeb(env) {
  return startWebServer({ ...process.env, TIKSAVER_RESOLVE_PER_MIN: '100000000', TIKSAVER_MEDIA_PER_MIN: '100000000', ...env }, ['--sandbox']);
}

async function load(url, links, pid, seconds = DURATION_SEC) {
  const bodies = links.map((input) => JSON.stringify({ input, strategy: 'sequential' }));
  const headers = { 'content-type': 'application/json', accept: 'application/json' };
  // Each link once first: the cached run then measures the cache, not the first resolves.
  for (const body of bodies) {
    const first = await fetch(`${url}/api/resolve`, { method: 'POST', headers, body });
    if (first.status !== 200) throw new Error(`warm-up resolve answered ${first.status}: ${(await first.text()).slice(0, 300)}`);
    await first.arrayBuffer();
  }
  let next = 0;
  const cpuBefore = cpuMs(pid);
  const result = await autocannon({
    url: `${url}/api/resolve`,
    method: 'POST',
    headers,
    connections: CONNECTIONS,
    duration: seconds,
    requests: [{ setupRequest: (request) => ({ ...request, body: bodies[next++ % bodies.length] }) }],
  });
  if (result.errors > 0 || result.non2xx > 0) throw new Error(`${result.errors} errors and ${result.non2xx} non-2xx answers under load`);
  const cpuAfter = cpuMs(pid);
  const cpuPerRequestUs = cpuBefore === undefined || cpuAfter === undefined ? undefined : ((cpuAfter - cpuBefore) * 1000) / result.requests.total;
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, total: result.requests.total, cpuPerRequestUs };
}

async function measure(env, links) {
  const web = await startWeb(env);
  try {
    const result = await load(web.url, links, web.child.pid);
    const sample = await fetch(`${web.url}/api/resolve`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ input: links[0], strategy: 'sequential' }) });
    return { ...result, sampleBody: await sample.text() };
  } finally {
    await stop(web.child);
  }
}

// The floor: a bare Hono app on @hono/node-server (what the web server is built on) that
// reads the JSON body and answers a stored report of the same size, nothing else.
const FLOOR_APP = `import { serve } from '@hono/node-server';
import { Hono } from 'hono';
const body = JSON.parse(process.env.FLOOR_BODY);
const app = new Hono();
app.post('/api/resolve', async (c) => { await c.req.json(); return c.json(body); });
serve({ fetch: app.fetch, port: Number(process.env.FLOOR_PORT), hostname: '127.0.0.1' }, () => console.log('floor ready'));
`;

async function floor(links, sampleBody) {
  const dir = join(ROOT, 'apps/web/node_modules/.cache/bench-cache-floor');
  await mkdir(dir, { recursive: true });
  const file = join(dir, 'floor.mjs');
  await writeFile(file, FLOOR_APP);
  const port = await freePort();
  const { child } = await startChild(process.execPath, [file], { ...process.env, FLOOR_PORT: String(port), FLOOR_BODY: sampleBody }, /floor ready/);
  try {
    return await load(`http://127.0.0.1:${port}`, links, child.pid);
  } finally {
    await stop(child);
    await rm(dir, { recursive: true, force: true });
  }
}

async function redisMode(links) {
  if (spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status !== 0) return undefined;
  const port = await freePort();
  const { child } = await startChild('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], process.env, /Ready to accept connections/);
  try {
    return await measure({ TIKSAVER_REDIS_URL: `redis://127.0.0.1:${port}`, TIKSAVER_SECRET: 'bench secret' }, links);
  } finally {
    await stop(child);
  }
}

export default async function run() {
  const sandboxDist = builtPath('packages/sandbox/dist/index.js');
  requireBuilt(WEB_SERVER, sandboxDist);
  const { SCENARIOS } = await importBuilt(sandboxDist);
  const links = SCENARIOS.filter((s) => s.expect.native.ok).map((s) => s.link);
  if (links.length < CONNECTIONS) throw new Error(`need at least ${CONNECTIONS} resolvable sandbox links, have ${links.length}`);
  const loadBefore = os.loadavg()[0];
  const uncached = await measure({ TIKSAVER_RESOLVE_CACHE_SEC: '0', TIKSAVER_FAILURE_CACHE_SEC: '0' }, links);
  const cached = await measure({}, links);
  const bare = await floor(links, cached.sampleBody);
  const redis = await redisMode(links);
  const metrics = [
    { metric: 'cached resolve, req/s vs every resolve upstream (same links)', value: round(cached.rps), unit: 'req/s', baseline: round(uncached.rps), baselineUnit: 'req/s (uncached)', ratio: round(cached.rps / uncached.rps), goal: '>= 2000' },
    { metric: 'cached resolve p99 latency', value: cached.p99, unit: 'ms', baseline: uncached.p99, baselineUnit: 'ms (uncached)', goal: '< 20' },
    { metric: 'cached resolve p50 latency', value: cached.p50, unit: 'ms', baseline: uncached.p50, baselineUnit: 'ms (uncached)' },
  ];
  metrics.push({ metric: 'bare Hono answering a stored report of the same size (floor; same load)', value: round(bare.rps), unit: 'req/s', baseline: round(cached.rps), baselineUnit: 'req/s (cached resolve)', ratio: round(cached.rps / bare.rps) });
  if (cached.cpuPerRequestUs !== undefined && bare.cpuPerRequestUs !== undefined) {
    metrics.push({
      metric: 'server CPU per cached resolve vs the bare Hono floor',
      value: round(cached.cpuPerRequestUs),
      unit: 'µs',
      baseline: round(bare.cpuPerRequestUs),
      baselineUnit: 'µs (floor)',
      ratio: round(cached.cpuPerRequestUs / bare.cpuPerRequestUs),
    });
  }
  if (cached.cpuPerRequestUs !== undefined && uncached.cpuPerRequestUs !== undefined) {
    // CPU the server process spends per request, whatever else runs on the machine: the
    // capacity a core gives the cached path, independent of the load from other work.
    metrics.push({
      metric: 'server CPU per request (user + system), cached vs uncached',
      value: round(cached.cpuPerRequestUs),
      unit: 'µs',
      baseline: round(uncached.cpuPerRequestUs),
      baselineUnit: 'µs (uncached)',
      ratio: round(cached.cpuPerRequestUs / uncached.cpuPerRequestUs),
    });
  }
  if (redis) {
    metrics.push(
      { metric: 'cached resolve in Redis mode (cache shared through Redis), req/s', value: round(redis.rps), unit: 'req/s', baseline: round(cached.rps), baselineUnit: 'req/s (memory)', ratio: round(redis.rps / cached.rps) },
      { metric: 'cached resolve in Redis mode, p99 latency', value: redis.p99, unit: 'ms' },
    );
  }
  return {
    name: 'cache',
    metrics,
    notes: `autocannon, ${CONNECTIONS} connections, ${DURATION_SEC} s per run, POST /api/resolve {input: one of ${links.length} sandbox links in turn, strategy: sequential} against \`node apps/web/dist/server.js --sandbox\` (server and sandbox in one child process; autocannon in the bench process, on the same 2 CPUs); the floor is a bare Hono app that parses the body and answers the cached server's response body (${cached.sampleBody.length} bytes), nothing else; uncached = TIKSAVER_RESOLVE_CACHE_SEC=0 (every request runs the native resolve through the sandbox); ${cached.total} cached and ${uncached.total} uncached requests${redis ? `, ${redis.total} in Redis mode` : '; Redis mode skipped (no redis-server)'}; rate limits raised out of the way; 1-minute load average ${round(loadBefore)} before and ${round(os.loadavg()[0])} after (on ${os.cpus().length} CPUs: above that, other work competed for them and absolute figures say more about the machine than about the server).`,
  };
}
