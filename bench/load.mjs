/**
 * Load (issue 17): the built web server (`node apps/web/dist/server.js`, as the README
 * starts it) under autocannon on loopback, wired to an in-process sandbox through
 * TIKSAVER_HOST_MAP. Three runs, each a fixed number of requests (bounded), with req/s,
 * p50/p99 latency and the server's RSS before and after:
 *   health   GET /api/health (the server stack itself, nothing upstream)
 *   cached   GET /api/media/:token with HEAD-like Range bytes=0-0 on a cached report
 *            (token check + report cache hit + one small upstream range request)
 *   cold     POST /api/resolve through the sandbox (every request runs the native chain)
 *   media    GET /api/media/:token (a whole video streamed from the sandbox CDN)
 * Counts: LOAD_REQUESTS (default 100000 for health/cached, a tenth for cold/media).
 * Run: npx -y pnpm@10 build && node bench/run.mjs load   (or node bench/load.mjs)
 */
import { pathToFileURL } from 'node:url';
import autocannon from 'autocannon';
import { builtPath, importBuilt, requireBuilt } from './lib/built.mjs';
import { LIVE_HEAP_FLAGS, liveHeapBytes, procStatus, startWebServer, stop, WEB_SERVER } from './lib/proc.mjs';

const rssMB = (pid) => Math.round(procStatus(pid).rssKB / 1024);

function startServer(sandbox) {
  const env = {
    PATH: process.env.PATH ?? '',
    TIKSAVER_HOST_MAP: sandbox.hostMapString,
    TIKSAVER_RESOLVE_PER_MIN: '100000000',
    TIKSAVER_MEDIA_PER_MIN: '100000000',
    TIKSAVER_PROVIDERS: 'native',
  };
  return startWebServer(env, [], LIVE_HEAP_FLAGS);
}

function cannon(opts) {
  return new Promise((done, fail) => {
    const instance = autocannon({ connections: 16, pipelining: 1, timeout: 30, ...opts }, (err, result) => (err ? fail(err) : done(result)));
    autocannon.track(instance, { renderProgressBar: false, renderResultsTable: false, renderLatencyTable: false });
  });
}

export default async function run() {
  const total = Number(process.env.LOAD_REQUESTS ?? 100_000);
  const sandboxDist = builtPath('packages/sandbox/dist/index.js');
  requireBuilt(WEB_SERVER, sandboxDist);
  const { startSandbox } = await importBuilt(sandboxDist);
  const sandbox = await startSandbox();
  const { child, url } = await startServer(sandbox);
  const metrics = [];
  const rows = [];
  try {
    const link = sandbox.scenario('video-post').link;
    const resolveBody = JSON.stringify({ input: link });
    const first = await fetch(`${url}/api/resolve`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: resolveBody });
    const report = await first.json();
    const video = report.result.items.find((i) => i.type === 'video');
    const runs = [
      ['health', { url: `${url}/api/health`, amount: total }],
      ['cached report (media Range 0-0)', { url: `${url}${video.downloadUrl}`, headers: { range: 'bytes=0-0' }, amount: total }],
      ['cold resolve (sandbox)', { url: `${url}/api/resolve`, method: 'POST', headers: { 'content-type': 'application/json' }, body: resolveBody, amount: Math.round(total / 10) }],
      ['media stream (whole video)', { url: `${url}${video.downloadUrl}`, amount: Math.round(total / 10), connections: 8 }],
    ];
    for (const [name, opts] of runs) {
      // The probe's full GC shrinks the heap; the warm-up after it (a tenth of the run) lets
      // the server settle again, V8's young generation grown to the size this load keeps
      // it at, so "RSS start" is a running server's and the growth after it is what the
      // run retains, not the heap V8 sizes up for any busy process.
      const heapBefore = await liveHeapBytes(child);
      await cannon({ ...opts, amount: Math.max(500, Math.round(opts.amount / 10)) }); // warm-up
      const before = rssMB(child.pid);
      const r = await cannon(opts);
      const after = rssMB(child.pid);
      const heapAfter = await liveHeapBytes(child);
      const heapGrowth = Math.round(((heapAfter - heapBefore) / 2 ** 20) * 10) / 10;
      const errors = r.errors + r.timeouts + (r.non2xx ?? 0);
      rows.push({ name, requests: r.requests.total, reqPerSec: Math.round(r.requests.average), p50: r.latency.p50, p99: r.latency.p99, rssStart: before, rssEnd: after, heapGrowth, errors });
      metrics.push(
        { metric: `${name}: req/s`, value: Math.round(r.requests.average), unit: 'req/s' },
        { metric: `${name}: p50`, value: r.latency.p50, unit: 'ms' },
        { metric: `${name}: p99`, value: r.latency.p99, unit: 'ms' },
        { metric: `${name}: RSS growth over ${r.requests.total} requests`, value: after - before, unit: 'MB', ...(r.requests.total >= 100_000 && { goal: '< 20' }) },
        { metric: `${name}: live JS heap growth (after a full GC) over the same requests`, value: heapGrowth, unit: 'MB' },
      );
    }
  } finally {
    await stop(child);
    await sandbox.close();
  }
  console.log('| run | requests | req/s | p50 ms | p99 ms | RSS start MB | RSS end MB | live heap growth MB | errors |');
  console.log('|---|---|---|---|---|---|---|---|---|');
  for (const r of rows) console.log(`| ${r.name} | ${r.requests} | ${r.reqPerSec} | ${r.p50} | ${r.p99} | ${r.rssStart} | ${r.rssEnd} | ${r.heapGrowth} | ${r.errors} |`);
  return { name: 'load', metrics, notes: 'autocannon, 16 connections (8 for media), loopback; server = node apps/web/dist/server.js with TIKSAVER_HOST_MAP to an in-process sandbox' };
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  run().then(() => process.exit(0), (e) => (console.error(e), process.exit(1)));
}
