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
const RUNS = Number(process.env.BENCH_DOWNLOAD_RUNS ?? 5);
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
const CHILD = `
const { createHttpClient, download } = await import(process.argv[1]);
const idleRssKB = process.memoryUsage().rss / 1024;
const http = createHttpClient({});
const started = process.hrtime.bigint();
const result = await download({ type: 'video', url: process.argv[2], ext: 'bin' }, { http, dir: process.argv[3], fields: { id: 'big', kind: 'video', ext: 'bin' }, template: 'tiksaver-{id}.{ext}', force: true });
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
await http.close();
console.log(JSON.stringify({ seconds, bytes: result.bytes, maxRssKB: process.resourceUsage().maxRSS, idleRssKB }));
`;

const cleanEnv = () => Object.fromEntries(Object.entries(process.env).filter(([k]) => !/_proxy$/i.test(k)));

async function bigFile(url, dir) {
  const env = cleanEnv();
  const node = [];
  const curl = [];
  for (let i = 0; i < RUNS; i++) {
    // Alternate so machine load hits both series alike.
    const mine = JSON.parse(await runChild(process.execPath, ['--input-type=module', '-e', CHILD, pathToFileURL(CORE).href, url, dir], env));
    if (mine.bytes !== BIG) throw new Error(`tiksaver wrote ${mine.bytes} bytes, expected ${BIG}`);
    node.push(mine);
    await rm(join(dir, 'tiksaver-big.bin'), { force: true });
    const target = join(dir, 'curl-big.bin');
    const [time, size] = (await runChild('curl', ['-sS', '--noproxy', '*', '-o', target, '-w', '%{time_total} %{size_download}', url], env)).trim().split(' ').map(Number);
    if (size !== BIG || (await stat(target)).size !== BIG) throw new Error(`curl wrote ${size} bytes`);
    curl.push(time);
    await rm(target, { force: true });
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const mineSec = median(node.map((n) => n.seconds));
  const curlSec = median(curl);
  const mib = BIG / 2 ** 20;
  if (process.env.BENCH_VERBOSE) console.error({ tiksaver: node.map((n) => n.seconds), curl });
  return {
    tiksaverMiBps: mib / mineSec,
    curlMiBps: mib / curlSec,
    peakRssMB: Math.max(...node.map((n) => n.maxRssKB)) / 1024,
    idleRssMB: Math.min(...node.map((n) => n.idleRssKB)) / 1024,
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
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
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
          metric: 'peak RSS of the downloading process (256 MiB)',
          value: r2(big.peakRssMB),
          unit: 'MB',
          baseline: r2(big.idleRssMB),
          baselineUnit: 'MB (same process after import, before the download)',
          goal: '< 100',
        },
        {
          metric: `${IMAGES} x 1 MB images, ${LATENCY_MS} ms latency: pooled vs one at a time`,
          value: Math.round(img.pooledMs),
          unit: 'ms',
          baseline: Math.round(img.serialMs),
          ratio: r2(img.serialMs / img.pooledMs),
          goal: 'ratio >= 3',
        },
      ],
      notes: `median of ${RUNS} alternating runs; tiksaver time is measured inside its child process from request to renamed file (fsync included), curl's is its own %{time_total}; images use saveResolution's default pool (4) vs concurrency 1; server, client and curl share ${os.cpus().length} CPUs. RSS includes ~44 MB of the node binary's file-backed pages and ~30 MB of loaded modules (see baseline); the growth during the transfer is Node's per-read socket buffers awaiting reclamation (a bare net.Socket reading 256 MiB grows the same ~40-60 MB; only a reused onread buffer avoids it, which undici cannot use)`,
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
