/**
 * Issue 17 items 2, 8 and 9: every answer the app itself makes is the one JSON error shape
 * with a specific code (apps/web/README.md), including those Node's HTTP layer used to send
 * with an empty body; an empty provider list is the client's mistake (4xx); an upstream 416
 * and upstream media failures get documented codes; /zip checks its first item before 200.
 */
import { describe, expect, it } from 'vitest';
import { postJson, webPerFile } from '../helpers.js';
import { errorCodeOf, rawRequest } from './raw-http.js';

const fx = webPerFile();

async function resolveItems(scenarioId: string, extra: Record<string, unknown> = {}) {
  const res = await postJson(fx.web.url, { input: fx.sandbox.scenario(scenarioId).link, providers: ['native'], ...extra });
  expect(res.status).toBe(200);
  const report = (await res.json()) as { result: { items: Array<{ type: string; downloadUrl: string }>; zipUrl?: string } };
  return report.result;
}

describe('client mistakes are 4xx JSON with a specific code', () => {
  it('an empty provider list is 400 NO_PROVIDERS, not 500 MISCONFIGURED', async () => {
    const res = await postJson(fx.web.url, { input: fx.sandbox.scenario('video-post').link, providers: [] });
    expect(res.status).toBe(400);
    expect(errorCodeOf(await res.text())).toBe('NO_PROVIDERS');
  });
});

describe("Node's own answers in the JSON shape", () => {
  const host = (): string => new URL(fx.web.url).host;
  it.each([
    ['a malformed request line', (): string => 'GARBAGE\r\n\r\n', 400, 'BAD_REQUEST'],
    ['a bad header', (): string => `GET /api/health HTTP/1.1\r\nHost: ${host()}\r\nBad Header\r\n\r\n`, 400, 'BAD_REQUEST'],
    ['headers too large', (): string => `GET /api/health HTTP/1.1\r\nHost: ${host()}\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`, 431, 'HEADERS_TOO_LARGE'],
    ['an unknown Expect', (): string => `POST /api/resolve HTTP/1.1\r\nHost: ${host()}\r\nExpect: 200-ok\r\nContent-Length: 2\r\n\r\n{}`, 417, 'EXPECTATION_FAILED'],
    ['a bad Host header', (): string => 'GET /api/health HTTP/1.1\r\nHost: bad host!\r\nConnection: close\r\n\r\n', 400, 'BAD_HOST'],
    ['no Host header', (): string => 'GET /api/health HTTP/1.1\r\nConnection: close\r\n\r\n', 400, 'BAD_HOST'],
    ['an absolute-form target (not a proxy)', (): string => `GET http://example.invalid/ HTTP/1.1\r\nHost: ${host()}\r\nConnection: close\r\n\r\n`, 400, 'BAD_REQUEST'],
  ] as const)('%s', async (_name, request, status, code) => {
    const answer = await rawRequest(fx.web.url, request());
    expect(answer.status).toBe(status);
    expect(answer.headers['content-type']).toMatch(/^application\/json/);
    expect(errorCodeOf(answer.body), answer.body).toBe(code);
  });

  it('OPTIONS * answers the methods served, as JSON', async () => {
    const answer = await rawRequest(fx.web.url, `OPTIONS * HTTP/1.1\r\nHost: ${new URL(fx.web.url).host}\r\nConnection: close\r\n\r\n`);
    expect(answer.status).toBe(200);
    expect(answer.headers.allow).toBe('GET, HEAD, POST');
    expect(JSON.parse(answer.body)).toEqual({ ok: true, allow: 'GET, HEAD, POST' });
  });

  it.each(['localhost:8787', 'tiksaver_web:8787', '[::1]:8787', '127.0.0.1', 'example.test.'])('a valid Host (%s) is served', async (hostHeader) => {
    const answer = await rawRequest(fx.web.url, `GET /api/health HTTP/1.1\r\nHost: ${hostHeader}\r\nConnection: close\r\n\r\n`);
    expect(answer.status).toBe(200);
  });

  it('the server still answers normally afterwards', async () => {
    expect((await fetch(`${fx.web.url}/api/health`)).status).toBe(200);
  });
});

describe('upstream answers on /api/media', () => {
  it('an upstream 416 becomes 416 RANGE_NOT_SATISFIABLE with its Content-Range', async () => {
    const { items } = await resolveItems('video-post');
    const video = items.find((item) => item.type === 'video')!;
    const res = await fetch(`${fx.web.url}${video.downloadUrl}`, { headers: { Range: 'bytes=999999999-' } });
    expect(res.status).toBe(416);
    expect(res.headers.get('content-range')).toMatch(/^bytes \*\/\d+$/);
    expect(errorCodeOf(await res.text())).toBe('RANGE_NOT_SATISFIABLE');
  });

  it.each([
    ['status-500', 502, ['DOWNLOAD_FAILED', 'NETWORK']],
    ['status-403', 502, ['BLOCKED', 'DOWNLOAD_FAILED']],
    ['status-404', 502, ['DOWNLOAD_FAILED', 'NOT_FOUND']],
    ['reset', 502, ['NETWORK', 'DOWNLOAD_FAILED']],
    ['redirect-private', 502, ['BLOCKED']],
  ] as const)('a media host answering %s gets a JSON error with a documented code', async (kind, status, codes) => {
    const { items } = await resolveItems('video-post');
    const video = items.find((item) => item.type === 'video')!;
    fx.sandbox.setFault('tiktok-cdn', { kind });
    try {
      const res = await fetch(`${fx.web.url}${video.downloadUrl}`);
      const body = await res.text();
      expect(res.status >= 400 && res.status < 600, body).toBe(true);
      if (res.status !== 404) expect(res.status).toBe(status);
      expect(codes as readonly string[]).toContain(errorCodeOf(body));
    } finally {
      fx.sandbox.clearFaults();
    }
  });
});

describe('/zip', () => {
  it('answers a JSON error, not 200, when the first item cannot be fetched', async () => {
    const { zipUrl } = await resolveItems('photo-post');
    expect(zipUrl).toBeDefined();
    fx.sandbox.setFault('tiktok-cdn', { kind: 'status-500' });
    try {
      const res = await fetch(`${fx.web.url}${zipUrl}`);
      expect(res.status).toBe(502);
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      expect(errorCodeOf(await res.text())).toMatch(/^(DOWNLOAD_FAILED|NETWORK)$/);
    } finally {
      fx.sandbox.clearFaults();
    }
  });

  it('an item failing mid-zip cuts the transfer (the client sees an error), with one log line and no stack', async () => {
    const { zipUrl } = await resolveItems('photo-post');
    const logged: string[] = [];
    const original = { warn: console.warn, error: console.error };
    console.warn = (...args: unknown[]) => void logged.push(args.map(String).join(' '));
    console.error = (...args: unknown[]) => void logged.push(args.map((a) => (a instanceof Error ? a.stack : String(a))).join(' '));
    try {
      // Headers arrive (so the zip answers 200), then every body breaks off.
      fx.sandbox.setFault('tiktok-cdn', { kind: 'truncate' });
      const res = await fetch(`${fx.web.url}${zipUrl}`);
      expect(res.status).toBe(200);
      await expect(res.arrayBuffer()).rejects.toThrow();
    } finally {
      fx.sandbox.clearFaults();
      console.warn = original.warn;
      console.error = original.error;
    }
    expect(logged.filter((line) => /\n\s+at /.test(line))).toEqual([]);
    expect((await fetch(`${fx.web.url}/api/health`)).status).toBe(200);
  });
});
