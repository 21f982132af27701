/**
 * Time to a resolved story with the native resolver on the sandbox's today's TikTok (the
 * default site: desktop stub, data on the mobile page), as a ratio to ONE fetch of that
 * story's mobile page (same size, same client, same identity), both measured in this run
 * (median of alternating rounds). Goal (issue 12): ratio <= 1.3, i.e. the route order
 * costs no wasted round trip in the common case and reading + mapping the item adds
 * little on top of the fetch we cannot avoid. Pages are padded to about the size of a
 * real mobile page (~290 KB, tiktok-web.md §0).
 */
import { builtPath, importBuilt, requireBuilt } from './lib/built.mjs';
import { alternate, median, round } from './lib/stats.mjs';

const CORE = builtPath('packages/core/dist/index.js');
const PROVIDERS = builtPath('packages/providers/dist/index.js');
const SANDBOX = builtPath('packages/sandbox/dist/index.js');
const ROUNDS = Number(process.env.BENCH_STORY_ROUNDS ?? 31);
const PAGE_BYTES = 290 * 1024;

async function timed(fn) {
  const start = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

export default async function run() {
  requireBuilt(CORE, PROVIDERS, SANDBOX);
  const core = await importBuilt(CORE);
  const { createNativeProvider, PAGE_ROUTES } = await importBuilt(PROVIDERS);
  const { startSandbox } = await importBuilt(SANDBOX);
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
    const { ours, base } = await alternate(ROUNDS, { ours: () => timed(resolveStory), base: () => timed(fetchPage) });
    const value = median(ours);
    const baseline = median(base);
    return {
      name: 'story',
      metrics: [
        {
          metric: 'time to a resolved story (native, today\'s sandbox, median)',
          value: round(value),
          unit: 'ms',
          baseline: round(baseline),
          baselineUnit: 'ms (one fetch of the same mobile page)',
          ratio: round(value / baseline),
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
