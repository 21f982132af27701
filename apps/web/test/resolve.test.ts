import { describe, expect, it } from 'vitest';
import { ERROR_CODES, type ErrorCode } from '@tiksaver/core';
import { type Sandbox } from '@tiksaver/sandbox';
import type { WebReport } from '../shared/types.js';
import { parseSse, postJson, webPerFile } from './helpers.js';

// Registry order; with the sequential strategy the first provider expected to succeed wins.
const ORDER = ['native', 'snaptik', 'vidgap', 'tikdown', 'tikwm', 'cobalt'] as const;

const fx = webPerFile();

type Scenario = Sandbox['scenarios'][number];

function expectedOutcome(scenario: Scenario): { winner: string } | { codes: ErrorCode[] } {
  const winner = ORDER.find((id) => scenario.expect[id].ok);
  if (winner) return { winner };
  const codes = ORDER.map((id) => scenario.expect[id]).flatMap((e) => (e.ok ? [] : [e.code]));
  const first = scenario.expect.native;
  // A final verdict from the first provider ends the chain with exactly that code.
  if (!first.ok && ERROR_CODES[first.code].final) return { codes: [first.code] };
  return { codes };
}

/** "auto" asks for the picture; a story that is only a sound is asked for as audio, as a user would. */
function wantFor(scenario: Scenario): 'auto' | 'audio' {
  const winner = ORDER.map((id) => scenario.expect[id]).find((e) => e.ok);
  return winner?.ok && !winner.media.includes('video') && !winner.media.includes('image') ? 'audio' : 'auto';
}

function checkReport(scenario: Scenario, report: WebReport, viaShortLink = false): void {
  const outcome = expectedOutcome(scenario);
  // A short link that already leads to TikTok's home page ends at expansion, before any
  // provider runs: core says NOT_FOUND ("nothing can bring it back") rather than a provider's EXPIRED.
  if (viaShortLink && scenario.tiktok.deadShortLink && 'codes' in outcome) outcome.codes.push('NOT_FOUND');
  if ('winner' in outcome) {
    expect.soft(report.ok, `${scenario.id}: ${JSON.stringify(report.error)}`).toBe(true);
    expect.soft(report.provider, scenario.id).toBe(outcome.winner);
    expect.soft(report.result?.kind).toBe(scenario.kind);
    const items = report.result?.items ?? [];
    expect.soft(items.length).toBeGreaterThan(0);
    for (const item of items) {
      // No CDN URL or upstream header ever reaches the browser.
      expect.soft(item.downloadUrl).toMatch(/^\/api\/media\/[\w-]+\.[\w-]+$/);
      expect.soft(item.url).toBe(item.downloadUrl);
      expect.soft(item).not.toHaveProperty('headers');
      expect.soft(item).not.toHaveProperty('fallbackUrls');
    }
  } else {
    expect.soft(report.ok).toBe(false);
    expect.soft(outcome.codes, scenario.id).toContain(report.error?.code);
  }
  expect.soft(JSON.stringify(report)).not.toMatch(/tiktokcdn|127\.0\.0\.1/);
}

describe('POST /api/resolve against every sandbox scenario', () => {
  it('answers JSON with the expected provider or verdict and status', async () => {
    for (const scenario of fx.sandbox.scenarios) {
      const response = await postJson(fx.web.url, { input: scenario.link, want: wantFor(scenario), strategy: 'sequential' });
      const report = (await response.json()) as WebReport;
      checkReport(scenario, report);
      expect(response.status, scenario.id).toBe(report.ok ? 200 : ERROR_CODES[report.error!.code].httpStatus);
      if (!report.ok) expect(report.error).toMatchObject({ code: expect.any(String), message: expect.any(String), hint: expect.any(String) });
    }
  }, 180_000);

  it('streams attempt events over SSE, then the same report', async () => {
    for (const scenario of fx.sandbox.scenarios) {
      const response = await postJson(fx.web.url, { input: scenario.shortLink, want: wantFor(scenario), strategy: 'sequential' }, { Accept: 'text/event-stream' });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/text\/event-stream/);
      const events = parseSse(await response.text());
      const last = events.at(-1);
      expect(last?.event, scenario.id).toBe('report');
      const report = last!.data as WebReport;
      checkReport(scenario, report, true);

      const started = events.filter((e) => e.event === 'attempt-start').map((e) => (e.data as { provider: string }).provider);
      const ended = events.filter((e) => e.event === 'attempt-end').map((e) => (e.data as { attempt: { provider: string } }).attempt.provider);
      // Every provider that ran was announced before it ended, and the report lists it.
      for (const provider of started) expect(ended).toContain(provider);
      for (const attempt of report.attempts.filter((a) => a.outcome === 'ok' || a.outcome === 'failed')) {
        expect(started, `${scenario.id}: ${attempt.provider}`).toContain(attempt.provider);
      }
      if (report.ok) expect(ended).toContain(report.provider);
    }
  }, 180_000);

  it('stops the chain at an expired story: one final verdict, no futile retries', async () => {
    const scenario = fx.sandbox.scenario('story-expired');
    const response = await postJson(fx.web.url, { input: scenario.link, strategy: 'sequential' });
    expect(response.status).toBe(410);
    const report = (await response.json()) as WebReport;
    expect(report.error).toMatchObject({ code: 'EXPIRED', final: true });
    const ran = report.attempts.filter((a) => a.outcome === 'ok' || a.outcome === 'failed').map((a) => a.provider);
    expect(ran).toEqual(['native']);
  });

  it('honours want=audio and a provider subset', async () => {
    const scenario = fx.sandbox.scenario('story-video');
    const response = await postJson(fx.web.url, { input: scenario.link, want: 'audio', providers: ['vidgap'], strategy: 'sequential' });
    const report = (await response.json()) as WebReport;
    expect(report.provider).toBe('vidgap');
    const selected = report.result!.selected.map((i) => report.result!.items[i]!);
    expect(selected.map((item) => item.type)).toEqual(['audio']);
  });

  it('compares every provider with strategy "all", each result with its own links', async () => {
    const scenario = fx.sandbox.scenario('story-video');
    const response = await postJson(fx.web.url, { input: scenario.link, strategy: 'all' });
    const report = (await response.json()) as WebReport;
    expect(report.ok).toBe(true);
    const oks = report.attempts.filter((a) => a.outcome === 'ok').map((a) => a.provider);
    const expected = ORDER.filter((id) => scenario.expect[id].ok);
    expect(new Set(oks), JSON.stringify(report.attempts.map((a) => [a.provider, a.outcome, a.error?.code, a.error?.message]))).toEqual(new Set(expected));
    for (const attempt of report.attempts.filter((a) => a.outcome === 'ok' && a.provider !== report.provider)) {
      const url = attempt.result?.items[0]?.downloadUrl;
      expect(url).toBeDefined();
      const media = await fetch(fx.web.url + url!);
      expect(media.status).toBe(200);
      await media.arrayBuffer();
    }
  }, 60_000);
});
