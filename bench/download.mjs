/**
 * Download path benchmark (issues 4 and 18), against local servers only, every ratio against
 * a baseline measured in the same run, rounds alternating so load hits both sides alike:
 * 1. Whole CLI run (cold process: start-up, resolve through a cobalt-style API, download to
 *    .part + fsync + rename) vs `curl -o` on the same 256 MiB URL, both timed from spawn to
 *    exit; peak RSS and CPU of both from GNU time; the CLI's growth over the same command
 *    with --dry-run (start-up and resolve, nothing saved). Goals: ratio >= 0.9, peak < 100 MB,
 *    growth < 24 MB.
 * 2. Download only: download() in a cold child process vs curl's own %{time_total}.
 * 3. The web server (apps/web/dist/server.js, cold) streaming the same file to curl vs curl
 *    straight from the origin; the server's RSS growth (VmHWM after clear_refs) while
 *    streaming. Goals: ratio >= 0.8, growth < 24 MB.
 * 4. 12 images of 1 MB behind 50 ms of latency: saveResolution's pool vs one at a time.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { builtPath, importBuilt, requireBuilt } from './lib/built.mjs';
import { procStatus, startWebServer, stop, WEB_SERVER } from './lib/proc.mjs';
import { alternate, median, medianOf, round, spread } from './lib/stats.mjs';

const CORE = builtPath('packages/core/dist/index.js');
const CLI = builtPath('apps/cli/dist/tiksaver.js');
const LINK = 'https://www.tiktok.com/@bench/video/7300000000000000000';
const HOST_MAP_FOR = (origin) => `cobalt.bench.test=${origin},media.bench.test=${origin}`;
const BIG = 256 * 2 ** 20;
const RUNS = Number(process.env.BENCH_DOWNLOAD_RUNS ?? 7);
const IMAGES = 12;
const IMAGE_BYTES = 2 ** 20;
const LATENCY_MS = 50;

/** 1 MiB of xorshift bytes, repeated: deterministic and not trivially compressible. */
function block() {
  const out = Buffer.alloc(2 ** 20);
  let x = 2463534242;
  for (let i = 0; i < out.length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

function startServer() {
  const chunk = block();
  const server = http.createServer((req, res) => {
    if (req.method === 'POST' && req.url === '/') {
      // A cobalt instance's answer (services.md §3): one tunnel URL for the video.
      req.resume();
      res.writeHead(200, { 'content-type': 'application/json' });
      return res.end(JSON.stringify({ status: 'tunnel', url: 'https://media.bench.test/big.mp4', filename: 'big.mp4' }));
    }
    if (req.url === '/big.bin' || req.url === '/big.mp4') {
      res.writeHead(200, { 'content-type': req.url.endsWith('.mp4') ? 'video/mp4' : 'application/octet-stream', 'content-length': BIG, etag: '"big-v1"' });
      let sent = 0;
      const pump = () => {
        while (sent < BIG) {
          sent += chunk.length;
          if (!res.write(chunk)) return res.once('drain', pump);
        }
        res.end();
      };
      return pump();
    }
    const image = /^\/img\/(\d+)\.jpg$/.exec(req.url ?? '');
    if (image) {
      setTimeout(() => {
        res.writeHead(200, { 'content-type': 'image/jpeg', 'content-length': IMAGE_BYTES });
        res.end(chunk.subarray(0, IMAGE_BYTES));
      }, LATENCY_MS);
      return;
    }
    res.writeHead(404).end();
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok(server)));
}

function runChild(cmd, args, env) {
  return new Promise((ok, fail) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], env });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('error', fail);
    child.on('close', (code) => (code === 0 ? ok(out) : fail(new Error(`${cmd} exited ${code}: ${err.slice(-500)}`))));
  });
}

// The child imports the built package, downloads once and reports its own numbers.
// cpuMs covers every thread of the process (getrusage), like curl's figure from `times`.
// The clock starts after a short idle: importing leaves V8 an incremental GC to finish,
// which would otherwise land in the first ~10 ms of the download (start-up work, which is
// not counted for curl either).
// With "warm" as the last argument the child downloads once untimed first, so V8 has already
// optimised undici, the streams and the downloader: the steady state of a process that saves
// more than one file (the web server, a batch), reported next to the cold figure.
const CHILD = `
const { createHttpClient, download } = await import(process.argv[1]);
const { rmSync } = await import('node:fs');
const idleRssKB = process.memoryUsage().rss / 1024;
const http = createHttpClient({});
const get = () => download({ type: 'video', url: process.argv[2], ext: 'bin' }, { http, dir: process.argv[3], fields: { id: 'big', kind: 'video', ext: 'bin' }, template: 'tiksaver-{id}.{ext}', force: true });
if (process.argv[4] === 'warm') rmSync((await get()).path);
await new Promise((ok) => setTimeout(ok, 100));
const cpu = process.cpuUsage();
const started = process.hrtime.bigint();
const result = await get();
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
const used = process.cpuUsage(cpu);
await http.close();
console.log(JSON.stringify({ seconds, cpuMs: (used.user + used.system) / 1000, bytes: result.bytes, maxRssKB: process.resourceUsage().maxRSS, idleRssKB }));
`;

// Diagnostic only (explains the RSS figure): undici by itself, same URL, body discarded,
// no tiksaver code and no disk. Whatever this peaks at, no client built on undici can beat.
const UNDICI_ALONE = `
const { createRequire } = await import('node:module');
const { Agent, request } = createRequire(process.argv[1])('undici');
const cpu = process.cpuUsage();
const res = await request(process.argv[2], { dispatcher: new Agent() });
let bytes = 0;
res.body.on('data', (chunk) => { bytes += chunk.length; });
await new Promise((ok, fail) => res.body.on('end', ok).on('error', fail));
const used = process.cpuUsage(cpu);
console.log(JSON.stringify({ bytes, cpuMs: (used.user + used.system) / 1000, maxRssKB: process.resourceUsage().maxRSS }));
`;

/**
 * The environment both sides run in: no proxy, and no NODE_EXTRA_CA_CERTS. This VM sets the
 * latter, and Node 20 reads and parses that bundle at every start, before any script runs
 * (~50 ms of `node -e 0`, measured in the same run: startupWithCaBundle); curl ignores it for
 * http. A user's machine does not have it, so it is left out and reported on its own row.
 */
const cleanEnv = () => Object.fromEntries(Object.entries(process.env).filter(([k]) => !/_proxy$/i.test(k) && k !== 'NODE_EXTRA_CA_CERTS'));

/** `node -e 0` with and without this machine's NODE_EXTRA_CA_CERTS (undefined when it has none). */
async function startupWithCaBundle() {
  if (!process.env.NODE_EXTRA_CA_CERTS) return undefined;
  const bare = (env) => async () => (await timed(process.execPath, ['-e', '0'], env)).seconds * 1000;
  const series = await alternate(RUNS, { without: bare(cleanEnv()), with: bare({ ...cleanEnv(), NODE_EXTRA_CA_CERTS: process.env.NODE_EXTRA_CA_CERTS }) });
  return { withMs: median(series.with), withoutMs: median(series.without) };
}

async function runOurs(url, dir, env, nodeFlags = [], mode = 'cold') {
  const mine = JSON.parse(await runChild(process.execPath, [...nodeFlags, '--input-type=module', '-e', CHILD, pathToFileURL(CORE).href, url, dir, mode], env));
  if (mine.bytes !== BIG) throw new Error(`tiksaver wrote ${mine.bytes} bytes, expected ${BIG}`);
  await rm(join(dir, 'tiksaver-big.bin'), { force: true });
  return mine;
}

/** curl's own %{time_total}; its CPU from the shell's `times` when bash is there. */
async function runCurl(url, dir, env) {
  const target = join(dir, 'curl-big.bin');
  const curl = `curl -sS --noproxy '*' -o '${target}' -w '%{time_total} %{size_download}\\n' '${url}'`;
  const withBash = existsSync('/bin/bash') || existsSync('/usr/bin/bash');
  const out = withBash
    ? await runChild('bash', ['-c', `${curl} && times`], env)
    : await runChild('curl', ['-sS', '--noproxy', '*', '-o', target, '-w', '%{time_total} %{size_download}\n', url], env);
  const lines = out.trim().split('\n');
  const [time, size] = lines[0].trim().split(' ').map(Number);
  if (size !== BIG || (await stat(target)).size !== BIG) throw new Error(`curl wrote ${size} bytes`);
  await rm(target, { force: true });
  // `times` prints the shell's user/sys, then its children's (curl's): "0m0.020s 0m0.272s".
  const child = lines[2]?.match(/(\d+)m([\d.]+)s\s+(\d+)m([\d.]+)s/);
  const cpuMs = child ? (Number(child[1]) * 60 + Number(child[2]) + Number(child[3]) * 60 + Number(child[4])) * 1000 : undefined;
  return { seconds: time, cpuMs };
}

/** Runs a command from spawn to exit; GNU time (when present) adds its peak RSS and CPU. */
async function timed(cmd, args, env) {
  const gnuTime = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
  const stats = join(os.tmpdir(), `tiksaver-bench-time-${process.pid}-${Math.random().toString(36).slice(2)}`);
  const started = process.hrtime.bigint();
  const out = gnuTime ? await runChild(gnuTime, ['-f', '%U %S %M', '-o', stats, cmd, ...args], env) : await runChild(cmd, args, env);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (!gnuTime) return { seconds, out };
  const [user, sys, maxRssKB] = (await readFile(stats, 'utf8')).trim().split('\n').pop().split(' ').map(Number);
  await rm(stats, { force: true });
  return { seconds, out, cpuMs: (user + sys) * 1000, maxRssKB };
}

async function emptyDir(dir) {
  for (const name of await readdir(dir)) await rm(join(dir, name), { force: true, recursive: true });
}

/** 1. The whole CLI run vs curl -o, both cold processes timed from spawn to exit. */
async function wholeRuns(origin, dir) {
  const out = await mkdtemp(join(dir, 'cli-'));
  const env = { ...cleanEnv(), HOME: out, XDG_CONFIG_HOME: out, NO_COLOR: '1' };
  const cliArgs = (extra = []) => [CLI, LINK, '--provider', 'cobalt', '--cobalt-url', 'https://cobalt.bench.test', '--host-map', HOST_MAP_FOR(origin), '--no-config', '-P', out, ...extra];
  const cli = async () => {
    const run = await timed(process.execPath, cliArgs(), env);
    const files = await readdir(out);
    const saved = files.find((f) => f.endsWith('.mp4'));
    if (!saved || (await stat(join(out, saved))).size !== BIG || files.some((f) => f.endsWith('.part'))) throw new Error(`tiksaver left ${files.join(', ')}`);
    await emptyDir(out);
    return run;
  };
  const curl = async () => {
    const run = await timed('curl', ['-sS', '--noproxy', '*', '-o', join(out, 'curl.mp4'), `${origin}/big.mp4`], env);
    if ((await stat(join(out, 'curl.mp4'))).size !== BIG) throw new Error('curl wrote a short file');
    await emptyDir(out);
    return run;
  };
  // Diagnostic: curl -o then fsync of the file (coreutils `sync FILE`), the durability the CLI gives.
  const curlSync = async () => {
    const target = join(out, 'curl.mp4');
    const run = await timed('bash', ['-c', `curl -sS --noproxy '*' -o '${target}' '${origin}/big.mp4' && sync '${target}'`], env);
    await emptyDir(out);
    return run;
  };
  const dry = () => timed(process.execPath, cliArgs(['--dry-run']), env);
  await cli();
  await curl();
  return alternate(RUNS, { cli, curl, dry, curlSync });
}

/** 2. download() alone in a cold child vs curl's own transfer time; undici alone as a diagnostic. */
async function downloadOnly(url, dir) {
  const env = cleanEnv();
  const series = await alternate(RUNS, { node: () => runOurs(url, dir, env), curl: () => runCurl(url, dir, env) });
  const alone = [];
  for (let i = 0; i < 3; i++) {
    const bare = JSON.parse(await runChild(process.execPath, ['--input-type=module', '-e', UNDICI_ALONE, CORE, url], env));
    if (bare.bytes !== BIG) throw new Error(`undici alone read ${bare.bytes} bytes`);
    alone.push(bare);
  }
  return { ...series, alone };
}

/** 3. The web server streaming the file to curl vs curl straight from the origin. */
async function webStreaming(origin, dir) {
  const env = {
    ...cleanEnv(),
    HOME: dir,
    TIKSAVER_PROVIDERS: 'cobalt',
    TIKSAVER_COBALT_URL: 'https://cobalt.bench.test',
    TIKSAVER_HOST_MAP: HOST_MAP_FOR(origin),
    TIKSAVER_SECRET: 'bench-secret-bench-secret-bench-secret',
  };
  const { child: server, url: base } = await startWebServer(env);
  try {
    const res = await fetch(`${base}/api/resolve`, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify({ input: LINK }) });
    const report = await res.json();
    const media = JSON.stringify(report).match(/"downloadUrl":"([^"]+)"/)?.[1];
    if (!media) throw new Error(`no downloadUrl in ${JSON.stringify(report).slice(0, 300)}`);
    const idle = procStatus(server.pid);
    const viaWeb = async () => {
      await writeFile(`/proc/${server.pid}/clear_refs`, '5').catch(() => {});
      const run = await runCurl(`${base}${media}`, dir, env);
      return { ...run, peakKB: procStatus(server.pid).hwmKB };
    };
    const series = await alternate(RUNS, { web: viaWeb, curl: () => runCurl(`${origin}/big.mp4`, dir, env) });
    return { ...series, peakKB: series.web.map((r) => r.peakKB), idleKB: idle.rssKB };
  } finally {
    await stop(server);
  }
}

async function images(origin, dir) {
  const { createHttpClient, saveResolution } = await importBuilt(CORE);
  const resolution = {
    kind: 'photo',
    id: '7300000000000000000',
    url: 'https://www.tiktok.com/@bench/photo/7300000000000000000',
    author: { username: 'bench' },
    items: Array.from({ length: IMAGES }, (_, i) => ({ type: 'image', url: `${origin}/img/${i + 1}.jpg`, ext: 'jpg', index: i + 1 })),
  };
  const time = async (concurrency) => {
    const http = createHttpClient({});
    const target = await mkdtemp(join(dir, `img-${concurrency ?? 'default'}-`));
    const started = process.hrtime.bigint();
    const results = await saveResolution(resolution, { http, dir: target, ...(concurrency && { concurrency }) });
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    await http.close();
    if (results.length !== IMAGES) throw new Error('missing images');
    await rm(target, { recursive: true, force: true });
    return ms;
  };
  await time(); // warm-up: module load, first connections
  const { serial, pooled } = await alternate(RUNS, { serial: () => time(1), pooled: () => time() });
  return { serialMs: median(serial), pooledMs: median(pooled) };
}

export default async function run() {
  requireBuilt(CORE, CLI, WEB_SERVER);
  const server = await startServer();
  const origin = `http://127.0.0.1:${server.address().port}`;
  const dir = await mkdtemp(join(os.tmpdir(), 'tiksaver-bench-'));
  const loadBefore = os.loadavg()[0];
  try {
    const whole = await wholeRuns(origin, dir);
    const only = await downloadOnly(`${origin}/big.bin`, dir);
    const web = await webStreaming(origin, dir);
    const img = await images(origin, dir);
    const caBundle = await startupWithCaBundle();
    if (process.env.BENCH_VERBOSE) console.error(JSON.stringify({ whole, only, web }, null, 1));
    const mib = BIG / 2 ** 20;
    const MB = (kb) => round(kb / 1024);
    const hasRusage = whole.cli.every((r) => r.maxRssKB !== undefined);
    const cliRatios = whole.cli.map((r, i) => whole.curl[i].seconds / r.seconds);
    const onlyRatios = only.node.map((r, i) => only.curl[i].seconds / r.seconds);
    const webRatios = web.web.map((r, i) => web.curl[i].seconds / r.seconds);
    const growthKB = medianOf(whole.cli, 'maxRssKB') - medianOf(whole.dry, 'maxRssKB');
    const webGrowthKB = Math.max(...web.peakKB) - web.idleKB;
    return {
      name: 'download',
      metrics: [
        {
          metric: 'whole CLI run, 256 MiB via a cobalt-style API (cold process, spawn to exit) vs curl -o',
          value: round(mib / medianOf(whole.cli, 'seconds')),
          unit: 'MiB/s',
          baseline: round(mib / medianOf(whole.curl, 'seconds')),
          baselineUnit: 'MiB/s (curl -o, spawn to exit)',
          ratio: round(medianOf(whole.curl, 'seconds') / medianOf(whole.cli, 'seconds')),
          goal: 'ratio >= 0.9',
        },
        {
          metric: 'same, against curl -o followed by an fsync of the file (the durability the CLI gives; diagnostic)',
          value: round(mib / medianOf(whole.cli, 'seconds')),
          unit: 'MiB/s',
          baseline: round(mib / medianOf(whole.curlSync, 'seconds')),
          baselineUnit: 'MiB/s (curl -o && sync FILE)',
          ratio: round(medianOf(whole.curlSync, 'seconds') / medianOf(whole.cli, 'seconds')),
        },
        ...(hasRusage
          ? [
              { metric: 'peak RSS of the CLI process (whole run)', value: MB(medianOf(whole.cli, 'maxRssKB')), unit: 'MB', baseline: MB(medianOf(whole.curl, 'maxRssKB')), baselineUnit: 'MB (curl)', goal: '< 100' },
              { metric: 'CLI RSS growth over the same run with --dry-run (resolve, save nothing)', value: MB(growthKB), unit: 'MB', baseline: MB(medianOf(whole.dry, 'maxRssKB')), baselineUnit: 'MB (--dry-run peak)', goal: '< 24' },
              { metric: 'CPU time of the whole run, all threads (lower is better)', value: Math.round(medianOf(whole.cli, 'cpuMs')), unit: 'ms', baseline: Math.round(medianOf(whole.curl, 'cpuMs')), baselineUnit: 'ms (curl -o)', ratio: round(medianOf(whole.cli, 'cpuMs') / medianOf(whole.curl, 'cpuMs')) },
            ]
          : []),
        {
          metric: 'download only: download() in a cold child vs curl %{time_total}',
          value: round(mib / medianOf(only.node, 'seconds')),
          unit: 'MiB/s',
          baseline: round(mib / medianOf(only.curl, 'seconds')),
          ratio: round(medianOf(only.curl, 'seconds') / medianOf(only.node, 'seconds')),
          goal: 'ratio >= 0.9',
        },
        { metric: 'download only: peak RSS of the child', value: MB(Math.max(...only.node.map((n) => n.maxRssKB))), unit: 'MB', baseline: MB(Math.min(...only.node.map((n) => n.idleRssKB))), baselineUnit: 'MB (same child after import)' },
        {
          metric: 'download only: CPU time, all threads',
          value: Math.round(medianOf(only.node, 'cpuMs')),
          unit: 'ms',
          ...(only.curl.every((c) => c.cpuMs !== undefined) && { baseline: Math.round(medianOf(only.curl, 'cpuMs')), baselineUnit: 'ms (curl -o)', ratio: round(medianOf(only.node, 'cpuMs') / medianOf(only.curl, 'cpuMs')) }),
        },
        { metric: 'undici alone reading the same body into nothing: peak RSS (diagnostic, the old path)', value: MB(Math.max(...only.alone.map((a) => a.maxRssKB))), unit: 'MB' },
        {
          metric: 'web server streaming the 256 MiB file to curl vs curl from the origin',
          value: round(mib / medianOf(web.web, 'seconds')),
          unit: 'MiB/s',
          baseline: round(mib / medianOf(web.curl, 'seconds')),
          ratio: round(medianOf(web.curl, 'seconds') / medianOf(web.web, 'seconds')),
          goal: 'ratio >= 0.8',
        },
        { metric: 'web server RSS growth while streaming (peak over RSS after the resolve)', value: MB(webGrowthKB), unit: 'MB', baseline: MB(web.idleKB), baselineUnit: 'MB (server RSS before streaming)', goal: '< 24' },
        ...(caBundle
          ? [{ metric: "node -e 0 with this VM's NODE_EXTRA_CA_CERTS (left out of every run above; diagnostic)", value: round(caBundle.withMs, 1), unit: 'ms', baseline: round(caBundle.withoutMs, 1), baselineUnit: 'ms (without)' }]
          : []),
        {
          metric: `${IMAGES} x 1 MB images, ${LATENCY_MS} ms latency: pooled vs one at a time`,
          value: Math.round(img.pooledMs),
          unit: 'ms',
          baseline: Math.round(img.serialMs),
          ratio: round(img.serialMs / img.pooledMs),
          goal: 'ratio >= 3',
        },
      ],
      notes: [
        `medians of ${RUNS} rounds; in each round every side runs once and the order reverses every other round (after one discarded pair for the whole run); the server, both clients and whatever else runs share ${os.cpus().length} CPUs; 1-minute load average ${round(loadBefore)} before, ${round(os.loadavg()[0])} after.`,
        `Per-round ratios: whole run ${spread(cliRatios)} (${cliRatios.map((r) => round(r)).join(', ')}); download only ${spread(onlyRatios)}; web ${spread(webRatios)}.`,
        `Whole run: \`node apps/cli/dist/tiksaver.js LINK --provider cobalt --cobalt-url https://cobalt.bench.test --host-map ...\` (start-up, resolve against a local cobalt-style answer, 256 MiB to .part, fsync, rename) vs \`curl -o\`, both timed from spawn to exit by the parent, both without this VM's NODE_EXTRA_CA_CERTS (its own row); RSS and CPU from GNU time. The media body comes over core's lean transport (packages/core/src/http/media-request.ts: one socket reading into one 256 KiB buffer, http-parser-js, bytes copied into 32 fixed 256 KiB slabs written in order); start-up compiles only what a cobalt run needs (undici, cheerio and tough-cookie load on first use).`,
        `Where the rest goes (strace timeline of one run): Node's own start ~30 ms, our modules and the resolve ~50 ms, the transfer about curl's, the fsync curl does not do ~70-90 ms (the curl -o && sync row), exit ~10 ms. On this VM writes of 1 MiB pay ~0.5 s extra system time per 256 MiB after any idle moment (large page-cache folios from memory the balloon gave back to the host; dd bs=1M shows it, bs=256K does not), which is why the .part is written in 256 KiB pieces.`,
        `Download only: download() timed inside a cold child from the call to the renamed file (fsync included), vs curl's own %{time_total} (no fsync). Web: apps/web/dist/server.js started cold, one POST /api/resolve, then curl on /api/media/<token> (CDN socket to client socket through 8 reused 256 KiB slabs, apps/web/server/direct-body.ts) vs curl on the origin; RSS growth = highest VmHWM (reset with clear_refs before each round) minus VmRSS after the resolve: V8's young generation filling up (about 3 MB of short-lived objects per 256 MiB stream, no scavenge needed until it is full), bounded by its size; the live heap after a GC does not grow (bench/load.mjs). Images use saveResolution's default pool (4) vs concurrency 1.`,
      ].join(' '),
    };
  } finally {
    await new Promise((ok) => {
      server.closeAllConnections();
      server.close(ok);
    });
    await rm(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(JSON.stringify(await run(), null, 2));
}
