/**
 * Time to a resolved story with the native resolver on the sandbox's today's TikTok (the
 * default site: desktop stub, data on the mobile page), as a ratio to ONE fetch of that
 * story's mobile page (same size, same client, same identity), both measured in this run
 * (median of alternating rounds). Goal (issue 12): ratio <= 1.3, i.e. the route order
 * costs no wasted round trip in the common case and reading + mapping the item adds
 * little on top of the fetch we cannot avoid. Pages are padded to about the size of a
 * real mobile page (~290 KB, tiktok-web.md §0).
 */
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const CORE = resolve(ROOT, 'packages/core/dist/index.js');
const PROVIDERS = resolve(ROOT, 'packages/providers/dist/index.js');
const SANDBOX = resolve(ROOT, 'packages/sandbox/dist/index.js');
const ROUNDS = Number(process.env.BENCH_STORY_ROUNDS ?? 31);
const PAGE_BYTES = 290 * 1024;

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

async function timed(fn) {
  const start = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

export default async function run() {
  for (const file of [CORE, PROVIDERS, SANDBOX]) {
    if (!existsSync(file)) throw new Error(`${file} is missing: run the build first (pnpm build)`);
  }
  const core = await import(pathToFileURL(CORE).href);
  const { createNativeProvider, PAGE_ROUTES } = await import(pathToFileURL(PROVIDERS).href);
  const { startSandbox } = await import(pathToFileURL(SANDBOX).href);
  const sandbox = await startSandbox({ pagePadBytes: PAGE_BYTES, services: ['tiktok', 'tiktok-cdn'] });
  const http = core.createHttpClient({ hostMap: sandbox.hostMap, retries: 0 });
  try {
    const story = sandbox.scenario('story-video');
    const link = core.parseLink(story.link);
    const provider = createNativeProvider({ now: () => sandbox.now() });
    const mobileRoute = PAGE_ROUTES[0];
    const pageUrl = mobileRoute.url({ kind: 'item', id: story.itemId }, { www: 'https://www.tiktok.com', mobile: 'https://m.tiktok.com' });
    const identity = {
      'user-agent': 'Mozilla/5.0 (Linux; Android 13; Pixel 7 Build/TD1A.220804.031; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/138.0.0.0 Mobile Safari/537.36',
      'sec-ch-ua-mobile': '?1',
      'sec-ch-ua-platform': '"Android"',
    };
    let pageBytes = 0;
    // Each side gets a fresh cookie jar (a fork), as one resolution does.
    const fetchPage = async () => {
      const res = await http.fork().request(pageUrl, { headers: identity });
      pageBytes = (await res.text()).length;
    };
    let routesTried = 0;
    const resolveStory = async () => {
      const detail = {};
      const result = await provider.resolve(link, { signal: new AbortController().signal, http: http.fork(), logger: core.silentLogger, want: 'auto', detail });
      if (result.kind !== 'story') throw new Error(`resolved a ${result.kind}, not a story`);
      routesTried = detail.routes.length;
    };
    for (let i = 0; i < 10; i++) {
      await fetchPage();
      await resolveStory();
    }
    const ours = [];
    const base = [];
    for (let round = 0; round < ROUNDS; round++) {
      if (round % 2) {
        base.push(await timed(fetchPage));
        ours.push(await timed(resolveStory));
      } else {
        ours.push(await timed(resolveStory));
        base.push(await timed(fetchPage));
      }
    }
    const value = median(ours);
    const baseline = median(base);
    return {
      name: 'story',
      metrics: [
        {
          metric: 'time to a resolved story (native, today\'s sandbox, median)',
          value: Math.round(value * 100) / 100,
          unit: 'ms',
          baseline: Math.round(baseline * 100) / 100,
          baselineUnit: 'ms (one fetch of the same mobile page)',
          ratio: Math.round((value / baseline) * 100) / 100,
          goal: 'ratio <= 1.3',
        },
      ],
      notes: `page ${(pageBytes / 1024).toFixed(0)} KiB; ${ROUNDS} alternating rounds; page routes tried per resolution: ${routesTried} (the mobile share page answers first).`,
    };
  } finally {
    await http.close?.();
    await sandbox.close();
  }
}
