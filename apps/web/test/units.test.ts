import { describe, expect, it } from 'vitest';
import type { ResolveReport } from '@tiksaver/core';
import { ApiError } from '../server/api-error.js';
import { readWebConfig } from '../server/config.js';
import { contentDisposition, safeMediaType } from '../server/content-disposition.js';
import { createReportCache } from '../server/report-cache.js';
import { createTokenSigner } from '../server/tokens.js';
import { applyEvent, finalRows, initialRows, routesLine, traceSummary, type TraceRow } from '../src/lib/trace.js';
import { describeMedia, peopleWords, verdictTitle } from '../src/lib/words.js';
import { webHint } from '../server/setting-env.js';
import { mediaLabels } from '../src/components/MediaLabels.js';

const report = (input: string): ResolveReport => ({ input, link: { kind: 'video', input }, ok: true, attempts: [], strategy: 'sequential', totalMs: 1 });

describe('Content-Disposition', () => {
  it('keeps a UTF-8 name in filename* and an ASCII fallback in filename', () => {
    expect(contentDisposition('Mila ✈️ "sunrise".mp4')).toBe(
      `attachment; filename="Mila __ _sunrise_.mp4"; filename*=UTF-8''Mila%20%E2%9C%88%EF%B8%8F%20%22sunrise%22.mp4`,
    );
    expect(contentDisposition("café (1)'s.jpg", 'inline')).toBe(`inline; filename="cafe (1)'s.jpg"; filename*=UTF-8''caf%C3%A9%20%281%29%27s.jpg`);
  });

  it('passes only media types through', () => {
    expect(safeMediaType('video/mp4', undefined)).toBe('video/mp4');
    expect(safeMediaType('image/jpeg; charset=binary', undefined)).toBe('image/jpeg');
    expect(safeMediaType('text/html', 'video/mp4')).toBe('video/mp4');
    expect(safeMediaType('image/svg+xml', undefined)).toBe('application/octet-stream');
    expect(safeMediaType(undefined, 'text/html')).toBe('application/octet-stream');
  });
});

describe('media tokens', () => {
  it('round-trips, and tells unknown, tampered and expired apart', () => {
    let now = 1_700_000_000_000;
    const signer = createTokenSigner({ secret: 's', ttlMs: 60_000, now: () => now });
    const token = signer.sign({ r: 'abc', i: 2, u: 'https://www.tiktok.com/@a/video/1', p: 'native' });
    expect(signer.verify(token)).toMatchObject({ r: 'abc', i: 2, p: 'native' });
    const codeOf = (t: string) => {
      try {
        signer.verify(t);
        return 'ok';
      } catch (error) {
        return (error as ApiError).code;
      }
    };
    expect(codeOf('hello')).toBe('TOKEN_UNKNOWN');
    expect(codeOf(`x${token}`)).toBe('TOKEN_INVALID');
    expect(codeOf(createTokenSigner({ secret: 'other', now: () => now }).sign({ r: 'abc', i: 2, u: 'u' }))).toBe('TOKEN_INVALID');
    now += 61_000;
    expect(codeOf(token)).toBe('TOKEN_EXPIRED');
  });

  it('renews an expired token for the same item within a day, never a forged or ancient one', () => {
    let now = 1_700_000_000_000;
    const signer = createTokenSigner({ secret: 's', ttlMs: 60_000, now: () => now });
    const token = signer.sign({ r: 'abc', i: 2, u: 'https://www.tiktok.com/@a/video/1', p: 'native' });
    now += 61_000;
    const fresh = signer.renew(token);
    expect(signer.verify(fresh)).toMatchObject({ r: 'abc', i: 2, u: 'https://www.tiktok.com/@a/video/1', p: 'native' });
    expect(() => signer.renew(`x${token}`)).toThrow(expect.objectContaining({ code: 'TOKEN_INVALID' }));
    now += 25 * 60 * 60_000;
    expect(() => signer.renew(token)).toThrow(expect.objectContaining({ code: 'TOKEN_EXPIRED' }));
  });
});

describe('report cache', () => {
  it('expires entries, stays bounded and shares one load per id', async () => {
    let now = 0;
    const cache = createReportCache({ ttlMs: 1000, maxEntries: 2, now: () => now });
    await cache.set('a', report('a'));
    await cache.set('b', report('b'));
    await cache.set('c', report('c'));
    expect(await cache.get('a')).toBeUndefined();
    expect(await cache.get('b')).toMatchObject({ input: 'b' });
    expect(await cache.get('c')).toMatchObject({ input: 'c' });
    now = 1000;
    expect(await cache.get('b')).toBeUndefined();

    let loads = 0;
    const load = async () => {
      loads++;
      return report('x');
    };
    const [one, two] = await Promise.all([cache.getOrLoad('x', load), cache.getOrLoad('x', load)]);
    expect(one).toBe(two);
    expect(loads).toBe(1);
  });
});

describe('config', () => {
  it('reads port, sandbox flag and limits from argv and env only', () => {
    const config = readWebConfig(['--sandbox', '--port', '9000'], { TIKSAVER_SECRET: 'k', TIKSAVER_RESOLVE_PER_MIN: '5' });
    expect(config).toMatchObject({ port: 9000, sandbox: true, secret: 'k', resolvePerMinute: 5, host: '127.0.0.1' });
    expect(readWebConfig([], { TIKSAVER_SANDBOX: '1', PORT: '8000' })).toMatchObject({ port: 8000, sandbox: true });
    expect(readWebConfig([], {})).toMatchObject({ port: 8787, sandbox: false, tokenTtlMs: 1_800_000 });
    expect(() => readWebConfig([], { PORT: 'eighty' })).toThrow(/PORT/);
  });

  it('takes the provider config file from --config or TIKSAVER_CONFIG, and names a bad flag', () => {
    expect(readWebConfig([], { TIKSAVER_CONFIG: '/etc/tiksaver.json' }).configFile).toBe('/etc/tiksaver.json');
    expect(readWebConfig(['--config', '/srv/t.json'], { TIKSAVER_CONFIG: '/etc/tiksaver.json' }).configFile).toBe('/srv/t.json');
    expect(readWebConfig([], {}).configFile).toBeUndefined();
    expect(() => readWebConfig(['--port', 'eighty'], {})).toThrow(/^--port: /);
    expect(() => readWebConfig([], { TIKSAVER_CACHE_MAX_MB: 'lots' })).toThrow(/TIKSAVER_CACHE_MAX_MB/);
  });
});

describe('provider trace', () => {
  it('says in words why the chain stopped, without a bare error code', () => {
    const rows = applyEvent([], { type: 'attempt-end', attempt: { provider: 'snaptik', outcome: 'skipped', reason: { why: 'final', code: 'EXPIRED', provider: 'native' } } }, { snaptik: 'SnapTik' });
    expect(rows[0]?.reason).toBe('not tried: the story has expired');
    const other = applyEvent([], { type: 'attempt-end', attempt: { provider: 'tikwm', outcome: 'skipped', reason: { why: 'link-kind', kind: 'story' } } }, {});
    expect(other[0]?.reason).toBe('cannot take story links');
  });
});

describe('hints in the browser', () => {
  it('name the server settings instead of CLI flags', async () => {
    const { ERROR_CODES } = await import('@tiksaver/core');
    for (const { hint } of Object.values(ERROR_CODES)) expect(webHint(hint)).not.toMatch(/(^|\s|\()-{1,2}[a-z]/);
    expect(webHint(ERROR_CODES.REGION_BLOCKED.hint)).toContain('TIKSAVER_PROXY on the server');
    // Provider hints too (native's status hints, cobalt's setup).
    expect(webHint(['TikTok is probably blocking your region or IP address for it: try again with a proxy (', { setting: 'proxy' }, ').'])).toMatch(
      /with a proxy \(TIKSAVER_PROXY on the server\)\.$/,
    );
    expect(webHint(['Wait a while or use a proxy (', { setting: 'proxy' }, ').'])).toBe('Wait a while or use a proxy (TIKSAVER_PROXY on the server).');
    expect(webHint(['not configured (set ', { setting: 'cobaltUrl' }, ')'])).toBe('not configured (set TIKSAVER_COBALT_URL on the server)');
  });
});

describe('verdict headline', () => {
  it('takes the summary without the per-provider list the trace already shows', () => {
    expect(verdictTitle({ message: 'The photo post was found, but it has no audio. native: NO_MEDIA (...)', detail: { summary: 'The photo post was found, but it has no audio.' } })).toBe(
      'The photo post was found, but it has no audio.',
    );
    expect(verdictTitle({ message: 'This story is gone.' })).toBe('This story is gone.');
  });
});

describe('trace after the report', () => {
  it('shows no provider rows when the link failed before any provider was asked', () => {
    const rows = initialRows(['native', 'snaptik'], {});
    const deadShortLink = { input: 'x', link: { kind: 'short', input: 'x' }, ok: false, attempts: [], strategy: 'hedged', totalMs: 1, id: 'r', mp3: false } as never;
    expect(finalRows(rows, deadShortLink, {})).toEqual([]);
  });
});

describe('media labels', () => {
  it('an image shows its pixel size, not a video height, and no watermark label', () => {
    const image = { type: 'image' as const, url: '/api/media/t', downloadUrl: '/api/media/t', ext: 'jpg', width: 540, height: 720, watermark: false };
    expect(mediaLabels(image).map((l) => l.text)).toEqual(['540x720']);
    const video = { type: 'video' as const, url: '/api/media/v', downloadUrl: '/api/media/v', ext: 'mp4', height: 720, watermark: false };
    expect(mediaLabels(video).map((l) => l.text)).toEqual(['720p', 'no watermark']);
  });

  it("take resolution and length from the file, not the provider's words, with no duplicates", () => {
    const video = { type: 'video' as const, url: '/v', downloadUrl: '/v', ext: 'mp4', quality: '720p HD', watermark: false, durationSec: 15 };
    // The file is 576x1024 and 3 s long; the post said 15 s and "720p HD".
    expect(mediaLabels(video, { width: 576, height: 1024, durationSec: 3.2 }).map((l) => l.text)).toEqual(['576p', 'no watermark', '0:03']);
    // Nothing known from the file: no length; the quality word without its watermark part.
    expect(mediaLabels({ ...video, quality: 'SD, no watermark' }).map((l) => l.text)).toEqual(['SD', 'no watermark']);
  });
});

describe('listen', () => {
  it('says plainly when the port is taken', async () => {
    const { listen } = await import('../server/listen.js');
    const { Hono } = await import('hono');
    const first = await listen(new Hono(), { port: 0 });
    try {
      await expect(listen(new Hono(), { port: first.port })).rejects.toThrow(`Port ${first.port} on 127.0.0.1 is already in use`);
    } finally {
      await first.close();
    }
  });
});

describe('trace routes', () => {
  it("shows native's page routes under its row: \"mobile page: ok; desktop page: stub\"", () => {
    const routes = [
      { route: 'www-desktop', label: 'desktop page', url: 'https://www.tiktok.com/@_/video/1', status: 200, bytes: 1400, held: 'stub', ms: 20 },
      { route: 'mobile-share', label: 'mobile page', url: 'https://m.tiktok.com/v/1.html', status: 200, bytes: 290_000, held: 'data', note: 'item in webapp.reflow.video.detail', ms: 40 },
    ];
    const rows = applyEvent(initialRows(['native'], { native: 'TikTok (native)' }), { type: 'attempt-end', attempt: { provider: 'native', outcome: 'ok', detail: { routes } } }, {});
    expect(rows[0]!.routes).toBe('desktop page: stub; mobile page: ok');
    expect(routesLine({ routes: [{ label: 'mobile page', held: 'data', note: 'status 10204' }, { label: 'desktop page', held: 'not-found', status: 404 }] }, false)).toBe(
      'mobile page: status 10204; desktop page: not found (HTTP 404)',
    );
    expect(routesLine(undefined, true)).toBeUndefined();
  });
});

describe('the trace in one line', () => {
  const row = (provider: string, status: TraceRow['status'], extra: Partial<TraceRow> = {}): TraceRow => ({ provider, label: provider, status, ...extra });
  it('names the winner and how many were not needed', () => {
    const rows = [row('TikTok (native)', 'ok', { ms: 45, winner: true }), ...['a', 'b', 'c', 'd', 'e'].map((id) => row(id, 'not-tried'))];
    expect(traceSummary(rows, false)).toBe('Found by TikTok (native) in 45 ms · 5 others not needed');
  });
  it('names who gave a final answer and how many were not tried', () => {
    const rows = [row('TikTok (native)', 'failed', { code: 'EXPIRED' }), ...['a', 'b', 'c'].map((id) => row(id, 'not-tried'))];
    const report = { ok: false, error: { code: 'EXPIRED', final: true } } as never;
    expect(traceSummary(rows, false, report)).toBe('TikTok (native) says the story has expired · 3 others not tried');
  });
  it('shows live progress while resolving', () => {
    expect(traceSummary([row('native', 'failed'), row('snaptik', 'running'), row('vidgap', 'waiting')], true)).toBe('Asking snaptik… (1 of 3 answered)');
  });
  it('shows the native page routes in the row', () => {
    const routes = [
      { route: 'mobile', label: 'mobile page', held: 'data', ms: 10 },
      { route: 'desktop', label: 'desktop page', held: 'stub', ms: 12 },
    ];
    const rows = applyEvent([], { type: 'attempt-end', attempt: { provider: 'native', outcome: 'ok', detail: { routes } } as never }, {});
    expect(rows[0]?.routes).toBe('mobile page: ok; desktop page: stub');
  });
});

describe('words for people', () => {
  it('say what a post holds', () => {
    expect(describeMedia({ image: 12, audio: 1 })).toBe('12 images and the sound');
    expect(describeMedia({ video: 1, audio: 1 })).toBe('the video and the sound');
  });
  it('never name server settings, field names or status codes', async () => {
    const { ERROR_CODES } = await import('@tiksaver/core');
    const { WEB_ERRORS } = await import('../server/api-error.js');
    for (const code of [...Object.keys(ERROR_CODES), ...Object.keys(WEB_ERRORS), 'SOMETHING_NEW']) {
      const { title, help } = peopleWords(code);
      expect(`${title} ${help}`, code).not.toMatch(/TIKSAVER_|--[a-z]|\b[a-z]+[A-Z][a-zA-Z]+\b|\b\d{3,}\b|status/);
    }
  });
});
