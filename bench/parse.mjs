/**
 * Native page parsing: extracting and validating the item from a ~1 MB TikTok item page
 * (the sandbox's renderer with realistic padding), as a ratio to a bare JSON.parse of the
 * same rehydration JSON blob, both measured in this run (median of alternating rounds).
 * Goal (issue 6): ratio <= 1.5, i.e. the string scan and the zod validation add at most
 * half a JSON.parse on top of the JSON.parse we cannot avoid.
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { existsSync } from 'node:fs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const PROVIDERS = resolve(ROOT, 'packages/providers/dist/index.js');
const SANDBOX = resolve(ROOT, 'packages/sandbox/dist/index.js');
const ROUNDS = Number(process.env.BENCH_PARSE_ROUNDS ?? 41);
const PAGE_BYTES = 1024 * 1024;

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Mean ms per call over enough calls to last about `targetMs`. */
function timePerCall(fn, iterations) {
  const start = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) fn();
  return Number(process.hrtime.bigint() - start) / 1e6 / iterations;
}

export default async function run() {
  for (const file of [PROVIDERS, SANDBOX]) {
    if (!existsSync(file)) throw new Error(`${file} is missing: run the build first (pnpm build)`);
  }
  const { parseItemPage } = await import(pathToFileURL(PROVIDERS).href);
  const { renderItemPage, getScenario } = await import(pathToFileURL(SANDBOX).href);
  const scenario = getScenario('video-post');
  const html = renderItemPage(scenario, { padBytes: PAGE_BYTES });
  const open = html.indexOf('>', html.indexOf('id="__UNIVERSAL_DATA_FOR_REHYDRATION__"')) + 1;
  const blob = html.slice(open, html.indexOf('</script>', open));

  const check = parseItemPage(html, scenario.itemId);
  if (!check.ok) throw new Error(`the page did not parse: ${check.error.code} ${check.error.message}`);

  const ours = () => parseItemPage(html, scenario.itemId);
  const baseline = () => JSON.parse(blob);
  // Today's mobile page (item under webapp.reflow.video.detail), the page the resolver reads first.
  const mobileHtml = renderItemPage(scenario, { padBytes: PAGE_BYTES, mobile: true });
  const mOpen = mobileHtml.indexOf('>', mobileHtml.indexOf('id="__UNIVERSAL_DATA_FOR_REHYDRATION__"')) + 1;
  const mobileBlob = mobileHtml.slice(mOpen, mobileHtml.indexOf('</script>', mOpen));
  const mobileCheck = parseItemPage(mobileHtml, scenario.itemId);
  if (!mobileCheck.ok || mobileCheck.scope !== 'webapp.reflow.video.detail') throw new Error('the mobile page did not parse from the reflow scope');
  const oursMobile = () => parseItemPage(mobileHtml, scenario.itemId);
  const baselineMobile = () => JSON.parse(mobileBlob);
  // Calibrate so one timed batch lasts ~40 ms; warm both paths up first.
  for (let i = 0; i < 2000; i++) {
    ours();
    baseline();
  }
  const single = median([timePerCall(ours, 200), timePerCall(ours, 200), timePerCall(ours, 200)]);
  const iterations = Math.max(50, Math.round(40 / Math.max(single, 0.001)));
  const oursMs = [];
  const baseMs = [];
  const oursMobileMs = [];
  const baseMobileMs = [];
  for (let round = 0; round < ROUNDS; round++) {
    // Alternate the order so neither side always runs on a warmer cache.
    if (round % 2) {
      baseMs.push(timePerCall(baseline, iterations));
      oursMs.push(timePerCall(ours, iterations));
      baseMobileMs.push(timePerCall(baselineMobile, iterations));
      oursMobileMs.push(timePerCall(oursMobile, iterations));
    } else {
      oursMs.push(timePerCall(ours, iterations));
      baseMs.push(timePerCall(baseline, iterations));
      oursMobileMs.push(timePerCall(oursMobile, iterations));
      baseMobileMs.push(timePerCall(baselineMobile, iterations));
    }
  }
  const value = median(oursMs);
  const base = median(baseMs);
  const mobileValue = median(oursMobileMs);
  const mobileBase = median(baseMobileMs);
  return {
    name: 'parse',
    metrics: [
      {
        metric: 'extract + validate item from 1 MB page (median)',
        value: Math.round(value * 10000) / 10,
        unit: 'µs',
        baseline: Math.round(base * 10000) / 10,
        baselineUnit: 'µs (JSON.parse of the same blob)',
        ratio: Math.round((value / base) * 100) / 100,
        goal: 'ratio <= 1.5',
      },
      {
        metric: 'same, mobile page (webapp.reflow.video.detail)',
        value: Math.round(mobileValue * 10000) / 10,
        unit: 'µs',
        baseline: Math.round(mobileBase * 10000) / 10,
        baselineUnit: 'µs (JSON.parse of the same blob)',
        ratio: Math.round((mobileValue / mobileBase) * 100) / 100,
        goal: 'ratio <= 1.5',
      },
    ],
    notes:
      `page ${(html.length / 1024).toFixed(0)} KiB, rehydration JSON ${(blob.length / 1024).toFixed(1)} KiB; ` +
      `${ROUNDS} alternating rounds of ${iterations} calls; parseItemPage = string scan (no DOM) + JSON.parse + zod on video-detail and the item only.`,
  };
}
