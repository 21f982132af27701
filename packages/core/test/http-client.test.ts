import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { DEFAULT_USER_AGENT, parseHostMap } from '@tiksaver/core';
import { closeAfterEach, failure } from './http-test-server.js';

const { server, client } = closeAfterEach();

describe('requests and bodies', () => {
  it('sends browser-like headers by default and lets callers override or remove them', async () => {
    const s = await server((_req, res) => res.end('ok'));
    const c = client();
    expect(await c.getText(s.url('/'))).toBe('ok');
    await c.getText(s.url('/'), { headers: { 'User-Agent': 'custom/1', 'accept-language': '' } });
    expect(s.requests[0]!.headers['user-agent']).toBe(DEFAULT_USER_AGENT);
    expect(s.requests[0]!.headers['accept-language']).toContain('en-US');
    expect(s.requests[1]!.headers['user-agent']).toBe('custom/1');
    expect(s.requests[1]!.headers['accept-language']).toBeUndefined();
  });

  it('posts JSON and form bodies with the right content type', async () => {
    const bodies: string[] = [];
    const s = await server((req, res) => {
      let data = '';
      req.on('data', (c) => (data += c));
      req.on('end', () => {
        bodies.push(`${req.method} ${req.headers['content-type']} ${data}`);
        res.setHeader('content-type', 'application/json');
        res.end('{"ok":true}');
      });
    });
    const c = client();
    expect(await c.getJson(s.url('/j'), { method: 'POST', json: { a: 1 } })).toEqual({ ok: true });
    await c.request(s.url('/f'), { method: 'POST', form: { url: 'https://vm.tiktok.com/x', lang: 'en' } }).then((r) => r.dump());
    expect(bodies[0]).toBe('POST application/json {"a":1}');
    expect(bodies[1]).toBe('POST application/x-www-form-urlencoded url=https%3A%2F%2Fvm.tiktok.com%2Fx&lang=en');
  });

  it('decodes gzip bodies transparently', async () => {
    const s = await server((_req, res) => {
      res.writeHead(200, { 'content-encoding': 'gzip', 'content-type': 'text/html' });
      res.end(zlib.gzipSync('<html>hello</html>'));
    });
    expect(await client().getText(s.url('/'))).toBe('<html>hello</html>');
  });

  it('answers HEAD without a body and exposes headers case-insensitively', async () => {
    const s = await server((_req, res) => {
      res.writeHead(200, { 'Content-Length': '1234', ETag: '"abc"' });
      res.end();
    });
    const res = await client().request(s.url('/file'), { method: 'HEAD' });
    expect(res.status).toBe(200);
    expect(res.header('ETag')).toBe('"abc"');
    expect(res.header('content-length')).toBe('1234');
    await res.dump();
  });

  it('keeps the body intact under a rate limit', async () => {
    const payload = Buffer.alloc(48 * 1024, 7);
    const s = await server((_req, res) => res.end(payload));
    const bytes = await client({ limitRateBps: 256 * 1024 }).request(s.url('/')).then((r) => r.bytes());
    expect(Buffer.from(bytes).equals(payload)).toBe(true);
  });
});

describe('redirects', () => {
  it('follows redirects and records the chain', async () => {
    const s = await server((req, res) => {
      if (req.url === '/a') return res.writeHead(301, { location: '/b' }).end();
      if (req.url === '/b') return res.writeHead(302, { location: '/c?x=1' }).end();
      res.end('done');
    });
    const res = await client().request(s.url('/a'));
    expect(res.url).toBe(s.url('/c?x=1'));
    expect(res.redirects).toEqual([s.url('/a'), s.url('/b')]);
    expect(await res.text()).toBe('done');
  });

  it("returns the 3xx as is with redirect: 'manual' (short-link expansion reads Location only)", async () => {
    const s = await server((_req, res) => res.writeHead(301, { location: 'https://www.tiktok.com/@a/video/1' }).end('x'.repeat(10_000)));
    const res = await client().request(s.url('/ZMabc/'), { redirect: 'manual' });
    expect(res.status).toBe(301);
    expect(res.header('location')).toBe('https://www.tiktok.com/@a/video/1');
    await res.dump();
  });

  it('stops after the redirect limit', async () => {
    const s = await server((req, res) => {
      const n = Number(req.url!.slice(1)) || 0;
      res.writeHead(302, { location: `/${n + 1}` }).end();
    });
    const err = await failure(client({ maxRedirects: 5 }).request(s.url('/0')));
    expect(err.code).toBe('UPSTREAM_CHANGED');
    expect(err.detail?.reason).toBe('too-many-redirects');
    expect(s.requests).toHaveLength(6);
  });

  it('detects a redirect loop before the limit', async () => {
    const s = await server((req, res) => res.writeHead(302, { location: req.url === '/a' ? '/b' : '/a' }).end());
    const err = await failure(client().request(s.url('/a')));
    expect(err.code).toBe('UPSTREAM_CHANGED');
    expect(err.detail?.reason).toBe('redirect-loop');
    expect(s.requests.length).toBeLessThan(5);
  });

  it('allows a redirect to the same URL after a cookie was set (WAF-style check)', async () => {
    const s = await server((req, res) => {
      if (!req.headers.cookie) return res.writeHead(302, { location: '/page', 'set-cookie': 'check=1; Path=/' }).end();
      res.end('content');
    });
    const res = await client().request(s.url('/page'));
    expect(await res.text()).toBe('content');
    expect(res.redirects).toEqual([s.url('/page')]);
  });

  it('turns a POST into a GET on 303', async () => {
    const s = await server((req, res) => {
      if (req.method === 'POST') return res.writeHead(303, { location: '/result' }).end();
      res.end(`${req.method} ${req.url}`);
    });
    expect(await client().getText(s.url('/submit'), { method: 'POST', form: { a: 'b' } })).toBe('GET /result');
  });
});

describe('host map', () => {
  it('parses exact and wildcard entries and rejects junk', () => {
    expect(parseHostMap('www.tiktok.com=http://127.0.0.1:7001, *.tiktokcdn.com=http://127.0.0.1:7002/')).toEqual([
      { pattern: 'www.tiktok.com', origin: 'http://127.0.0.1:7001' },
      { pattern: '*.tiktokcdn.com', origin: 'http://127.0.0.1:7002' },
    ]);
    expect(() => parseHostMap('www.tiktok.com')).toThrow(expect.objectContaining({ code: 'MISCONFIGURED' }));
    expect(() => parseHostMap('a.com=ftp://x')).toThrow(expect.objectContaining({ code: 'MISCONFIGURED' }));
  });

  it('routes exact and wildcard hosts to their origins with the original Host and URL', async () => {
    const page = await server((req, res) => res.end(`page ${req.headers.host} ${req.url}`));
    const cdn = await server((req, res) => res.end(`cdn ${req.headers.host} ${req.url}`));
    const c = client({ hostMap: `www.tiktok.com=${page.origin},*.tiktokcdn.com=${cdn.origin}` });
    const res = await c.request('https://www.tiktok.com/@user/video/1?lang=en');
    expect(await res.text()).toBe('page www.tiktok.com /@user/video/1?lang=en');
    expect(res.url).toBe('https://www.tiktok.com/@user/video/1?lang=en');
    expect(await c.getText('https://v16-webapp.tiktokcdn.com/obj/a.mp4')).toBe('cdn v16-webapp.tiktokcdn.com /obj/a.mp4');
    expect(c.isMapped('https://p16-sign.tiktokcdn.com/x.jpg')).toBe(true);
    expect(c.isMapped('https://tiktokcdn.com/')).toBe(false);
    expect(c.isMapped('https://example.com/')).toBe(false);
  });

  it('reports redirects between mapped hosts in original form', async () => {
    const short = await server((_req, res) => res.writeHead(301, { location: 'https://www.tiktok.com/@a/video/7' }).end());
    const page = await server((_req, res) => res.end('page'));
    const c = client({ hostMap: [{ pattern: 'vm.tiktok.com', origin: short.origin }, { pattern: 'www.tiktok.com', origin: page.origin }] });
    const res = await c.request('https://vm.tiktok.com/ZMabc/');
    expect(res.url).toBe('https://www.tiktok.com/@a/video/7');
    expect(res.redirects).toEqual(['https://vm.tiktok.com/ZMabc/']);
    await res.dump();
  });
});

describe('cookies', () => {
  it('sends cookies set by the page to the CDN host, scoped to the original domain', async () => {
    const page = await server((_req, res) =>
      res.writeHead(200, { 'set-cookie': ['tt_chain_token=tok123; Domain=.tiktok.com; Path=/; Secure; HttpOnly', 'page_only=1; Path=/'] }).end('page'),
    );
    const cdn = await server((req, res) => res.end(req.headers.cookie ?? ''));
    const c = client({ hostMap: `www.tiktok.com=${page.origin},*.tiktok.com=${cdn.origin},*.tiktokcdn.com=${cdn.origin}` });
    await c.getText('https://www.tiktok.com/@a/video/1');
    expect(await c.getText('https://v16-webapp-prime.tiktok.com/video/tos/x.mp4')).toBe('tt_chain_token=tok123');
    // A different site does not get the cookie from the jar; providers pass it as a header (cobalt does).
    expect(await c.getText('https://v16m.tiktokcdn.com/x.mp4')).toBe('');
    const header = await c.cookies.getCookieHeader('https://www.tiktok.com/');
    expect(await c.getText('https://v16m.tiktokcdn.com/x.mp4', { headers: { cookie: header } })).toContain('tt_chain_token=tok123');
  });

  it('gives each fork a fresh jar but shares connections', async () => {
    const s = await server((req, res) => res.writeHead(200, { 'set-cookie': 'sid=1; Path=/' }).end(req.headers.cookie ?? ''));
    const c = client({ hostMap: `www.tiktok.com=${s.origin}` });
    await c.getText('https://www.tiktok.com/');
    expect(await c.getText('https://www.tiktok.com/')).toBe('sid=1');
    const fork = c.fork({ headers: { referer: 'https://www.tiktok.com/' } });
    expect(await fork.getText('https://www.tiktok.com/')).toBe('');
    expect(s.requests[2]!.headers.referer).toBe('https://www.tiktok.com/');
    expect(await c.cookies.getCookieHeader('https://www.tiktok.com/')).toBe('sid=1');
  });

  it('can skip the jar for one request', async () => {
    const s = await server((req, res) => res.writeHead(200, { 'set-cookie': 'a=1' }).end(req.headers.cookie ?? 'none'));
    const c = client();
    await c.getText(s.url('/'));
    expect(await c.getText(s.url('/'), { cookies: false })).toBe('none');
  });
});

describe('pacing', () => {
  it('serialises and spaces calls to a paced host', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    const arrivals: number[] = [];
    const s = await server((_req, res) => {
      arrivals.push(Date.now());
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      setTimeout(() => {
        inFlight--;
        res.end('ok');
      }, 30);
    });
    const c = client({ hostMap: `www.tikwm.com=${s.origin}` });
    c.setPace('https://www.tikwm.com', 150);
    await Promise.all([1, 2, 3].map((n) => c.getText(`https://www.tikwm.com/api/?n=${n}`)));
    expect(maxInFlight).toBe(1);
    for (let i = 1; i < arrivals.length; i++) expect(arrivals[i]! - arrivals[i - 1]!).toBeGreaterThanOrEqual(140);
  });

  it('asks the pace gate (shared pacing across processes) before each paced request, and only for paced hosts', async () => {
    const s = await server((_req, res) => res.end('ok'));
    const asked: Array<[string, number]> = [];
    const c = client({ hostMap: `www.tikwm.com=${s.origin},www.tiktok.com=${s.origin}`, paceGate: async (host, intervalMs) => (asked.push([host, intervalMs]), 0) });
    c.setPace('https://www.tikwm.com', 5);
    await c.getText('https://www.tikwm.com/api/?n=1');
    await c.fork().getText('https://WWW.tikwm.com/api/?n=2');
    await c.getText('https://www.tiktok.com/');
    expect(asked).toEqual([
      ['www.tikwm.com', 5],
      ['www.tikwm.com', 5],
    ]);
  });

  it('a failing pace gate falls back to the local pace instead of failing the request', async () => {
    const s = await server((_req, res) => res.end('ok'));
    const c = client({ hostMap: `www.tikwm.com=${s.origin}`, paceGate: () => Promise.reject(new Error('redis down')) });
    c.setPace('www.tikwm.com', 5);
    expect(await c.getText('https://www.tikwm.com/api/')).toBe('ok');
  });

  it('lets a caller abort while waiting for its turn', async () => {
    const s = await server((_req, res) => res.end('ok'));
    const c = client({ hostMap: `www.tikwm.com=${s.origin}` });
    c.setPace('www.tikwm.com', 60_000);
    await c.getText('https://www.tikwm.com/api/');
    const controller = new AbortController();
    const pending = c.getText('https://www.tikwm.com/api/', { signal: controller.signal });
    controller.abort();
    expect((await failure(pending)).code).toBe('CANCELLED');
  });
});
