import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebReport } from '../shared/types.js';
import { postJson, startWeb, webPerFile } from './helpers.js';

const fx = webPerFile();

async function errorOf(response: Response) {
  expect(response.headers.get('content-type')).toMatch(/application\/json/);
  const body = (await response.json()) as { error: { code: string; message: string; hint: string } };
  expect(body.error).toMatchObject({ code: expect.any(String), message: expect.any(String), hint: expect.any(String) });
  return body.error;
}

describe('bad input gets a 4xx JSON error, never a 5xx', () => {
  const post = (body: BodyInit, contentType = 'application/json', init: RequestInit = {}) =>
    fetch(`${fx.web.url}/api/resolve`, { method: 'POST', headers: { 'Content-Type': contentType }, body, ...init });

  it('malformed JSON -> 400', async () => {
    const response = await post('{"input": "https://www.tiktok.com/@a/video/1"');
    expect(response.status).toBe(400);
    expect(await errorOf(response)).toMatchObject({ code: 'BAD_JSON' });
  });

  it('empty body -> 400', async () => {
    const response = await post('');
    expect(response.status).toBe(400);
    await errorOf(response);
  });

  it('wrong shapes -> 400 naming the field', async () => {
    for (const body of [{ input: 5 }, { input: '' }, { input: 'x', want: 'gif' }, { input: 'x', strategy: 'fastest' }, [], 'text', null]) {
      const response = await post(JSON.stringify(body));
      expect(response.status, JSON.stringify(body)).toBe(400);
      await errorOf(response);
    }
    const unknownProvider = await post(JSON.stringify({ input: fx.sandbox.scenario('video-post').link, providers: ['youtube'] }));
    expect(unknownProvider.status).toBe(400);
    expect((await errorOf(unknownProvider)).message).toContain('youtube');
  });

  it('wrong content type -> 415', async () => {
    const response = await post(JSON.stringify({ input: 'x' }), 'text/plain');
    expect(response.status).toBe(415);
    expect(await errorOf(response)).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE' });
    const form = await post('input=x', 'application/x-www-form-urlencoded');
    expect(form.status).toBe(415);
    await form.arrayBuffer();
  });

  it('huge bodies -> 413, with or without Content-Length', async () => {
    const huge = JSON.stringify({ input: 'x'.repeat(200_000) });
    const response = await post(huge);
    expect(response.status).toBe(413);
    expect(await errorOf(response)).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });

    const chunks = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 20; i++) controller.enqueue(new TextEncoder().encode('x'.repeat(10_000)));
        controller.close();
      },
    });
    const streamed = await post(chunks, 'application/json', { duplex: 'half' } as RequestInit);
    expect(streamed.status).toBe(413);
    await errorOf(streamed);
  });

  it('wrong links are refused with the link doctor wording and the code status', async () => {
    const cases: [string, number, string][] = [
      ['hello there', 400, 'INVALID_INPUT'],
      ['https://www.tiktok.com/@mila.travels', 400, 'WRONG_LINK_KIND'],
      ['https://www.youtube.com/watch?v=abc', 400, 'NOT_TIKTOK'],
    ];
    for (const [input, status, code] of cases) {
      const response = await postJson(fx.web.url, { input });
      expect(response.status, input).toBe(status);
      const report = (await response.json()) as WebReport;
      expect(report.error?.code).toBe(code);
      expect(report.attempts.filter((a) => a.outcome !== 'skipped')).toEqual([]);
    }
  });

  it('unknown routes -> 404, wrong methods -> 405 with Allow', async () => {
    const missing = await fetch(`${fx.web.url}/api/nope`);
    expect(missing.status).toBe(404);
    expect(await errorOf(missing)).toMatchObject({ code: 'ROUTE_NOT_FOUND' });
    const page = await fetch(`${fx.web.url}/definitely/not/here.txt`);
    expect(page.status).toBe(404);
    await errorOf(page);
    const method = await fetch(`${fx.web.url}/api/resolve`);
    expect(method.status).toBe(405);
    expect(method.headers.get('allow')).toBe('POST');
    await errorOf(method);
  });
});

describe('service endpoints and headers', () => {
  it('GET /api/health and /api/providers', async () => {
    const health = await fetch(`${fx.web.url}/api/health`);
    expect(await health.json()).toMatchObject({ ok: true, sandbox: true });
    const providers = (await (await fetch(`${fx.web.url}/api/providers`)).json()) as { providers: { id: string; enabled: boolean }[] };
    expect(providers.providers.map((p) => p.id)).toEqual(['native', 'snaptik', 'vidgap', 'tikdown', 'tikwm', 'cobalt']);
    expect(providers.providers.every((p) => p.enabled)).toBe(true);
  });

  it('sends security headers and no caching on the API', async () => {
    const response = await fetch(`${fx.web.url}/api/health`);
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(response.headers.get('cache-control')).toBe('no-store');
    await response.arrayBuffer();
  });
});

describe('rate limits', () => {
  it('answers 429 with Retry-After once a client is over its limit', async () => {
    const limited = await startWeb(fx.sandbox, { config: { resolvePerMinute: 2 } });
    try {
      const link = fx.sandbox.scenario('video-post').link;
      for (let i = 0; i < 2; i++) {
        const ok = await postJson(limited.url, { input: link });
        expect(ok.status).toBe(200);
        await ok.arrayBuffer();
      }
      const response = await postJson(limited.url, { input: link });
      expect(response.status).toBe(429);
      expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(await errorOf(response)).toMatchObject({ code: 'TOO_MANY_REQUESTS' });
    } finally {
      await limited.close();
    }
  });
});

describe('address guard: the server is not a door into private networks', () => {
  let target: Server;
  let hits = 0;
  beforeAll(async () => {
    target = createServer((_req, res) => {
      hits++;
      res.end('{}');
    });
    await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
  });
  afterAll(() => new Promise<void>((resolve) => target.close(() => resolve())));

  it('refuses a provider pointed at a non-mapped loopback address', async () => {
    const port = (target.address() as { port: number }).port;
    const guarded = await startWeb(fx.sandbox, { providerFlags: { cobaltUrl: `http://127.0.0.1:${port}` } });
    try {
      const response = await postJson(guarded.url, { input: fx.sandbox.scenario('video-post').link, providers: ['cobalt'], strategy: 'sequential' });
      const report = (await response.json()) as WebReport;
      expect(report.ok).toBe(false);
      const attempt = report.attempts.find((a) => a.provider === 'cobalt');
      expect(attempt?.outcome).toBe('failed');
      expect(attempt?.error?.message).toMatch(/not a public address/i);
      expect(hits).toBe(0);
    } finally {
      await guarded.close();
    }
  });

  it('refuses a media redirect into private address space', async () => {
    const response = await postJson(fx.web.url, { input: fx.sandbox.scenario('story-video').link, strategy: 'sequential' });
    const report = (await response.json()) as WebReport;
    const video = report.result!.items[report.result!.selected[0]!]!;
    fx.sandbox.setFault('tiktok-cdn', { kind: 'redirect-private' });
    try {
      const media = await fetch(fx.web.url + video.downloadUrl);
      expect(media.status).toBeGreaterThanOrEqual(400);
      expect(media.status).not.toBe(500);
      const error = await errorOf(media);
      expect(error.message).toMatch(/not a public address|private/i);
    } finally {
      fx.sandbox.clearFaults();
    }
  });
});
