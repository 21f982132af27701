/**
 * Downloader benchmark (issue 4), against local servers only:
 * 1. 256 MiB from a synthetic deterministic stream: tiksaver's download() in a child process
 *    vs `curl -o` on the same URL in the same run (transfer time as each tool reports it,
 *    so process start-up is not counted for either). Goal: throughput ratio >= 0.9.
 *    Peak RSS of the downloading child (resourceUsage().maxRSS). Goal: < 100 MB.
 * 2. 12 images of 1 MB behind 50 ms of latency: saveResolution with its default pool vs
 *    one at a time (concurrency 1). Goal: >= 3x faster.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const CORE = resolve(ROOT, 'packages/core/dist/index.js');
const BIG = 256 * 2 ** 20;
const RUNS = Number(process.env.BENCH_DOWNLOAD_RUNS ?? 9);
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
    if (req.url === '/big.bin') {
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': BIG, etag: '"big-v1"' });
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

const cleanEnv = () => Object.fromEntries(Object.entries(process.env).filter(([k]) => !/_proxy$/i.test(k)));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

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

async function bigFile(url, dir) {
  const env = cleanEnv();
  const series = { node: [], curl: [], warm: [] };
  const runners = { node: () => runOurs(url, dir, env), curl: () => runCurl(url, dir, env), warm: () => runOurs(url, dir, env, [], 'warm') };
  // One discarded pair warms the server's JIT and the page cache for both alike.
  await runners.node();
  await runners.curl();
  for (let i = 0; i < RUNS; i++) {
    // Interleave and rotate who goes first, so load that comes and goes hits every series alike.
    const order = ['node', 'curl', 'warm'];
    for (const key of [...order.slice(i % 3), ...order.slice(0, i % 3)]) series[key].push(await runners[key]());
  }
  const { node, curl, warm } = series;
  // Evidence for the RSS note, measured in this run: undici alone, and our download with
  // V8's wasm tier-up off (--liftoff-only is a diagnostic here, not a setting tiksaver uses).
  const alone = [];
  const liftoff = [];
  for (let i = 0; i < 3; i++) {
    const bare = JSON.parse(await runChild(process.execPath, ['--input-type=module', '-e', UNDICI_ALONE, CORE, url], env));
    if (bare.bytes !== BIG) throw new Error(`undici alone read ${bare.bytes} bytes`);
    alone.push(bare);
    liftoff.push(await runOurs(url, dir, env, ['--liftoff-only']));
  }
  const mineSec = median(node.map((n) => n.seconds));
  const curlSec = median(curl.map((c) => c.seconds));
  const mib = BIG / 2 ** 20;
  const curlCpu = curl.every((c) => c.cpuMs !== undefined) ? median(curl.map((c) => c.cpuMs)) : undefined;
  if (process.env.BENCH_VERBOSE) console.error({ tiksaver: node, curl, warm, alone, liftoff });
  return {
    tiksaverMiBps: mib / mineSec,
    curlMiBps: mib / curlSec,
    warmMiBps: mib / median(warm.map((n) => n.seconds)),
    warmCpuMs: median(warm.map((n) => n.cpuMs)),
    roundRatios: node.map((n, i) => curl[i].seconds / n.seconds),
    peakRssMB: Math.max(...node.map((n) => n.maxRssKB)) / 1024,
    medianPeakRssMB: median(node.map((n) => n.maxRssKB)) / 1024,
    idleRssMB: Math.min(...node.map((n) => n.idleRssKB)) / 1024,
    cpuMs: median(node.map((n) => n.cpuMs)),
    curlCpuMs: curlCpu,
    undiciAlonePeakMB: Math.max(...alone.map((a) => a.maxRssKB)) / 1024,
    undiciAloneCpuMs: median(alone.map((a) => a.cpuMs)),
    liftoffPeakMB: Math.max(...liftoff.map((n) => n.maxRssKB)) / 1024,
    liftoffCpuMs: median(liftoff.map((n) => n.cpuMs)),
  };
}

async function images(origin, dir) {
  const { createHttpClient, saveResolution } = await import(pathToFileURL(CORE).href);
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
  const serial = [];
  const pooled = [];
  for (let i = 0; i < RUNS; i++) {
    serial.push(await time(1));
    pooled.push(await time());
  }
  return { serialMs: median(serial), pooledMs: median(pooled) };
}

export default async function run() {
  if (!existsSync(CORE)) throw new Error(`${CORE} is missing: run the build first (pnpm build)`);
  const server = await startServer();
  const origin = `http://127.0.0.1:${server.address().port}`;
  const dir = await mkdtemp(join(os.tmpdir(), 'tiksaver-bench-'));
  try {
    const big = await bigFile(`${origin}/big.bin`, dir);
    const img = await images(origin, dir);
    const r2 = (x) => Math.round(x * 100) / 100;
    return {
      name: 'download',
      metrics: [
        {
          metric: '256 MiB local download throughput vs curl -o',
          value: r2(big.tiksaverMiBps),
          unit: 'MiB/s',
          baseline: r2(big.curlMiBps),
          ratio: r2(big.tiksaverMiBps / big.curlMiBps),
          goal: 'ratio >= 0.9',
        },
        {
          metric: 'same, second download in the same process (JIT warm; no goal)',
          value: r2(big.warmMiBps),
          unit: 'MiB/s',
          baseline: r2(big.curlMiBps),
          ratio: r2(big.warmMiBps / big.curlMiBps),
        },
        {
          metric: 'peak RSS of the downloading process (256 MiB)',
          value: r2(big.peakRssMB),
          unit: 'MB',
          baseline: r2(big.idleRssMB),
          baselineUnit: 'MB (same process after import, before the download)',
          goal: '< 100',
        },
        {
          metric: 'peak RSS of undici alone reading the same body into nothing (floor, diagnostic)',
          value: r2(big.undiciAlonePeakMB),
          unit: 'MB',
        },
        {
          metric: 'CPU time of undici alone reading the same body into nothing (floor, diagnostic)',
          value: Math.round(big.undiciAloneCpuMs),
          unit: 'ms',
        },
        ...(big.curlCpuMs !== undefined
          ? [
              {
                metric: 'CPU time per 256 MiB, all threads (lower is better)',
                value: Math.round(big.cpuMs),
                unit: 'ms',
                baseline: Math.round(big.curlCpuMs),
                baselineUnit: 'ms (curl -o)',
                ratio: r2(big.cpuMs / big.curlCpuMs),
              },
            ]
          : []),
        {
          metric: `${IMAGES} x 1 MB images, ${LATENCY_MS} ms latency: pooled vs one at a time`,
          value: Math.round(img.pooledMs),
          unit: 'ms',
          baseline: Math.round(img.serialMs),
          ratio: r2(img.serialMs / img.pooledMs),
          goal: 'ratio >= 3',
        },
      ],
      notes: [
        `median of ${RUNS} rounds after a discarded warm-up pair; each round runs tiksaver (cold process), curl and tiksaver (warm process) interleaved, rotating who goes first; per-round ratios ${big.roundRatios.map((r) => r2(r)).join(', ')}; tiksaver's time is measured inside its child process from the download() call to the renamed file (.part, fsync, rename, directory fsync), starting after a 100 ms idle that lets the GC left over from importing finish, curl's is its own %{time_total} (no fsync); the server, the client and everything else running share ${os.cpus().length} CPUs; images use saveResolution's default pool (4) vs concurrency 1.`,
        `Throughput: the downloader now writes 1 MiB writev batches while the socket keeps being read (it used to pause the body during each write, so network and disk took turns: ~400 -> ~270-330 ms per 256 MiB in A/B runs against the same server) and datasyncs every 16 MiB so the final fsync only has the tail left; per chunk it does a counter and an array push. What is left is CPU, and it is undici's and V8's, not the downloader's: with the server on the same 2 CPUs the transfer is CPU-bound, and undici alone reading the same body into nothing (no disk, no tiksaver code) costs ${Math.round(big.undiciAloneCpuMs)} ms of CPU, about what the whole download costs (${Math.round(big.cpuMs)} ms), against curl's ${big.curlCpuMs === undefined ? '?' : Math.round(big.curlCpuMs)} ms including its disk writes. Most of the difference is a fresh process warming up: perf shows ~110-170 ms of background CPU in V8's optimising compiler per process, ~60 ms of it compiling undici's llhttp WebAssembly parser in the middle of the transfer (with V8's --liftoff-only, a diagnostic here and not a setting tiksaver uses, the download costs ${Math.round(big.liftoffCpuMs)} ms). A second download in the same process costs ${Math.round(big.warmCpuMs)} ms of CPU and runs at ratio ${r2(big.warmMiBps / big.curlMiBps)} (row above). So the cold ratio depends on spare CPU: 0.84-0.85 in quieter runs of this benchmark on this VM (per-round up to 0.95), towards (server + curl CPU) / (server + our CPU) when other work takes the second core.`,
        `RSS: the idle figure is the node binary's file-backed pages (~43 MB) plus loaded modules; the growth is undici's, not tiksaver's code: undici alone reading the same body into nothing peaks at ${r2(big.undiciAlonePeakMB)} MB in this run. Two causes: each 64 KiB socket read is a fresh ArrayBuffer that V8 frees only at its next GC (~30-35 MB outstanding), and the llhttp TurboFan compile above takes ~35 MB of transient malloc (a glibc thread arena, seen in /proc/self/smaps); with --liftoff-only the download peaks at ${r2(big.liftoffPeakMB)} MB. A lean entry without zod and the resolver (idle -10 MB) left the peak unchanged (V8 ran mark-compacts instead of scavenges), so it was not kept.`,
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
