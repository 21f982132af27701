/**
 * Native page parsing: extracting and validating the item from a ~1 MB TikTok item page
 * (the sandbox's renderer with realistic padding), as a ratio to a bare JSON.parse of the
 * same rehydration JSON blob, both measured in this run (median of alternating rounds).
 * Goal (issue 6): ratio <= 1.5, i.e. the string scan and the zod validation add at most
 * half a JSON.parse on top of the JSON.parse we cannot avoid.
 */
import { builtPath, importBuilt, requireBuilt } from './lib/built.mjs';
import { alternate, median, round } from './lib/stats.mjs';

const PROVIDERS = builtPath('packages/providers/dist/index.js');
const SANDBOX = builtPath('packages/sandbox/dist/index.js');
const ROUNDS = Number(process.env.BENCH_PARSE_ROUNDS ?? 41);
const PAGE_BYTES = 1024 * 1024;

/** Mean ms per call over enough calls to last about `targetMs`. */
function timePerCall(fn, iterations) {
  const start = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) fn();
  return Number(process.hrtime.bigint() - start) / 1e6 / iterations;
}

export default async function run() {
  requireBuilt(PROVIDERS, SANDBOX);
  const { parseItemPage } = await importBuilt(PROVIDERS);
  const { renderItemPage, getScenario } = await importBuilt(SANDBOX);
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
  // Alternate the order so neither side always runs on a warmer cache.
  const series = await alternate(ROUNDS, {
    ours: () => timePerCall(ours, iterations),
    base: () => timePerCall(baseline, iterations),
    oursMobile: () => timePerCall(oursMobile, iterations),
    baseMobile: () => timePerCall(baselineMobile, iterations),
  });
  /** ms per call as µs, against JSON.parse of the same blob. */
  const row = (metric, oursMs, baseMs) => {
    const value = median(oursMs);
    const base = median(baseMs);
    return { metric, value: round(value * 1000, 1), unit: 'µs', baseline: round(base * 1000, 1), baselineUnit: 'µs (JSON.parse of the same blob)', ratio: round(value / base), goal: 'ratio <= 1.5' };
  };
  return {
    name: 'parse',
    metrics: [
      row('extract + validate item from 1 MB page (median)', series.ours, series.base),
      row('same, mobile page (webapp.reflow.video.detail)', series.oursMobile, series.baseMobile),
    ],
    notes:
      `page ${(html.length / 1024).toFixed(0)} KiB, rehydration JSON ${(blob.length / 1024).toFixed(1)} KiB; ` +
      `${ROUNDS} alternating rounds of ${iterations} calls; parseItemPage = string scan (no DOM) + JSON.parse + zod on video-detail and the item only.`,
  };
}
