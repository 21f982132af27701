import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { createHttpClient, isPublicAddress, looksLikeChallenge, parseRetryAfter } from '@tiksaver/core';
import { transportError } from '../src/http/failures.js';
import { closeAfterEach, failure } from './http-test-server.js';

const { server, client, proxyTo } = closeAfterEach();

describe('status mapping', () => {
  it('maps 429 with Retry-After seconds to RATE_LIMITED with retryAfterMs', async () => {
    const s = await server((_req, res) => res.writeHead(429, { 'retry-after': '120' }).end('slow down'));
    const err = await failure(client().request(s.url('/api')));
    expect(err.code).toBe('RATE_LIMITED');
    expect(err.retryAfterMs).toBe(120_000);
  });

  it('maps 503 with an HTTP-date Retry-After to RATE_LIMITED', async () => {
    const when = new Date(Date.now() + 60_000).toUTCString();
    const s = await server((_req, res) => res.writeHead(503, { 'retry-after': when }).end());
    const err = await failure(client().request(s.url('/api')));
    expect(err.code).toBe('RATE_LIMITED');
    expect(err.retryAfterMs).toBeGreaterThan(50_000);
    expect(err.retryAfterMs).toBeLessThanOrEqual(60_000);
  });

  it('retries idempotent requests, honouring a short Retry-After', async () => {
    let calls = 0;
    const s = await server((_req, res) => (++calls < 3 ? res.writeHead(429, { 'retry-after': '0' }).end() : res.end('finally')));
    expect(await client({ retries: 3 }).getText(s.url('/'))).toBe('finally');
    expect(calls).toBe(3);
  });

  it('does not retry when Retry-After is longer than the cap, nor POSTs', async () => {
    const s = await server((_req, res) => res.writeHead(429, { 'retry-after': '3600' }).end());
    const c = client({ retries: 3, maxRetryAfterMs: 1000 });
    expect((await failure(c.request(s.url('/')))).code).toBe('RATE_LIMITED');
    expect((await failure(c.request(s.url('/'), { method: 'POST', json: {} }))).code).toBe('RATE_LIMITED');
    expect(s.requests).toHaveLength(2);
  });

  it('maps 403 and captcha/WAF pages to BLOCKED', async () => {
    const s = await server((req, res) => {
      if (req.url === '/403') return res.writeHead(403).end('Forbidden');
      res.writeHead(503, { 'content-type': 'text/html' }).end('<html><title>Just a moment...</title><script src="/cdn-cgi/challenge-platform/x.js"></script></html>');
    });
    expect((await failure(client().request(s.url('/403')))).code).toBe('BLOCKED');
    const waf = await failure(client().request(s.url('/cf')));
    expect(waf.code).toBe('BLOCKED');
    expect(waf.detail?.challenge).toBe(true);
  });

  it('maps 404 to NOT_FOUND and returns statuses the caller handles', async () => {
    const s = await server((_req, res) => res.writeHead(404).end('{"status_code":10204}'));
    expect((await failure(client().request(s.url('/x')))).code).toBe('NOT_FOUND');
    const res = await client().request(s.url('/x'), { okStatuses: [404] });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ status_code: 10204 });
  });

  it('maps unparseable JSON and a wrong content type to UPSTREAM_CHANGED', async () => {
    const s = await server((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<html>not json</html>'));
    const bad = await failure(client().getJson(s.url('/api')));
    expect(bad.code).toBe('UPSTREAM_CHANGED');
    expect(bad.message).toContain('HTML page');
    const wrongType = await failure(client().request(s.url('/api'), { expectContentType: ['application/json'] }));
    expect(wrongType.code).toBe('UPSTREAM_CHANGED');
    expect(wrongType.detail?.reason).toBe('content-type');
  });

  it('caps response size (declared and streamed) with UPSTREAM_CHANGED', async () => {
    const s = await server((req, res) => {
      if (req.url === '/declared') return res.end('x'.repeat(5000));
      res.write('x'.repeat(3000));
      res.end('y'.repeat(3000));
    });
    const declared = await failure(client({ maxResponseBytes: 1000 }).getText(s.url('/declared')));
    expect(declared.code).toBe('UPSTREAM_CHANGED');
    expect(declared.detail?.reason).toBe('size-cap');
    const streamed = await failure(client().getText(s.url('/chunked'), { maxBytes: 4000 }));
    expect(streamed.detail?.reason).toBe('size-cap');
    expect(await client().getText(s.url('/chunked'), { maxBytes: 6000 })).toHaveLength(6000);
  });

  it('parses Retry-After forms and recognises challenge pages', () => {
    expect(parseRetryAfter('5')).toBe(5000);
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:00 GMT', Date.parse('Wed, 21 Oct 2015 07:27:00 GMT'))).toBe(60_000);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(looksLikeChallenge('<div id="wci" class="_wafchallengeid"></div>')).toBe(true);
    expect(looksLikeChallenge('<html>video</html>', { 'cf-mitigated': 'challenge' })).toBe(true);
    expect(looksLikeChallenge('<html><body>a normal page</body></html>')).toBe(false);
  });
});

describe('transport failures', () => {
  it('maps a refused connection to NETWORK', async () => {
    const probe = net.createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const port = (probe.address() as net.AddressInfo).port;
    await new Promise((r) => probe.close(r));
    const err = await failure(client().request(`http://127.0.0.1:${port}/`));
    expect(err.code).toBe('NETWORK');
    expect(err.message).toContain('refused');
  });

  it('maps a reset connection to NETWORK', async () => {
    const s = await server((req) => req.socket.destroy());
    expect((await failure(client().request(s.url('/')))).code).toBe('NETWORK');
  });

  it('times out a server that never answers', async () => {
    const s = await server(() => {});
    const err = await failure(client({ headersTimeoutMs: 300 }).request(s.url('/hang')));
    expect(err.code).toBe('TIMEOUT');
    const perRequest = await failure(client().request(s.url('/hang'), { timeoutMs: 300 }));
    expect(perRequest.code).toBe('TIMEOUT');
  });

  it('times out a body that stalls', async () => {
    const s = await server((_req, res) => res.writeHead(200, { 'content-length': '100' }).write('partial'));
    const res = await client({ bodyTimeoutMs: 300 }).request(s.url('/stall'));
    expect((await failure(res.text())).code).toBe('TIMEOUT');
  });

  it('reports a caller abort as CANCELLED', async () => {
    const s = await server(() => {});
    const controller = new AbortController();
    const pending = client().request(s.url('/hang'), { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    expect((await failure(pending)).code).toBe('CANCELLED');
  });
});

describe('transport error mapping', () => {
  // DNS cannot be exercised without sending queries off the machine, so the mapping of the
  // errors undici and node raise is checked directly.
  it.each([
    [{ code: 'ENOTFOUND', message: 'getaddrinfo ENOTFOUND x' }, 'NETWORK', 'DNS lookup failed'],
    [{ code: 'EAI_AGAIN' }, 'NETWORK', 'DNS lookup failed'],
    [{ code: 'ECONNRESET' }, 'NETWORK', 'connection reset'],
    [{ code: 'UND_ERR_CONNECT_TIMEOUT' }, 'TIMEOUT', 'connect timeout'],
    [{ name: 'TimeoutError' }, 'TIMEOUT', 'timeout'],
    [{ name: 'AbortError' }, 'CANCELLED', 'cancelled'],
  ])('%j -> %s', (raw, code, text) => {
    const err = transportError(Object.assign(new Error((raw as { message?: string }).message ?? 'x'), raw), 'https://www.tiktok.com/x');
    expect(err.code).toBe(code);
    expect(err.message).toContain(text);
  });

  it('keeps a body readable after the caller aborts without reading it', async () => {
    const s = await server((_req, res) => res.writeHead(200).write('partial'));
    const controller = new AbortController();
    const res = await client().request(s.url('/'), { signal: controller.signal });
    controller.abort();
    await new Promise((r) => setTimeout(r, 50));
    expect((await failure(res.text())).code).toBe('CANCELLED');
  });
});

describe('address guard', () => {
  it('classifies public and non-public addresses', () => {
    for (const ip of ['127.0.0.1', '10.0.0.1', '172.16.5.4', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '224.0.0.1', '::1', '::', 'fe80::1', 'fd00::1', '::ffff:127.0.0.1', 'ff02::1']) {
      expect(isPublicAddress(ip), ip).toBe(false);
    }
    for (const ip of ['8.8.8.8', '1.1.1.1', '2606:4700::1111', '172.32.0.1', '100.128.0.1']) expect(isPublicAddress(ip), ip).toBe(true);
  });

  it('refuses a redirect to a private address before connecting; mapped origins are exempt', async () => {
    const s = await server((req, res) => {
      const to = { '/ten': 'http://127.10.0.1/admin', '/loop': 'http://127.0.0.2:9/', '/mapped6': 'http://[::ffff:7f00:1]/' }[req.url!];
      res.writeHead(302, { location: to ?? '/' }).end();
    });
    const c = client({ addressGuard: true, hostMap: `www.tiktok.com=${s.origin}` });
    for (const path of ['/ten', '/loop', '/mapped6']) {
      const err = await failure(c.request(`https://www.tiktok.com${path}`));
      expect(err.code, path).toBe('BLOCKED');
      expect(err.detail?.reason).toBe('address-guard');
    }
    expect(s.requests).toHaveLength(3);
  });

  it('refuses names that resolve to loopback, unless the origin is allowed', async () => {
    const s = await server((_req, res) => res.end('local'));
    const err = await failure(client({ addressGuard: true }).request(`http://localhost:${s.port}/`));
    expect(err.code).toBe('BLOCKED');
    expect(err.message).toMatch(/not a public address/);
    expect(s.requests).toHaveLength(0);
    expect(await client({ addressGuard: true, allowOrigins: [s.origin] }).getText(s.url('/'))).toBe('local');
  });
});

describe('proxy', () => {
  it('tunnels through a CONNECT proxy given by the proxy option', async () => {
    const origin = await server((req, res) => res.end(`origin saw ${req.headers.host}${req.url}`));
    const proxy = await proxyTo(origin.port);
    const text = await client({ proxy: proxy.origin }).getText('http://media.example.test/v.mp4');
    expect(text).toBe('origin saw media.example.test/v.mp4');
    expect(proxy.connects).toEqual(['media.example.test:80']);
  });

  it('forwards plain HTTP through HTTP_PROXY from the env option, honouring NO_PROXY', async () => {
    const origin = await server((req, res) => res.end(`origin saw ${req.headers.host}${req.url}`));
    const proxy = await proxyTo(origin.port);
    const env = { HTTP_PROXY: proxy.origin, NO_PROXY: '127.0.0.1' };
    const c = client({ env, proxyTunnel: false });
    expect(await c.getText('http://api.example.test/q?x=1')).toBe('origin saw api.example.test/q?x=1');
    expect(proxy.forwarded).toEqual(['http://api.example.test/q?x=1']);
    expect(await c.getText(origin.url('/direct'))).toBe(`origin saw 127.0.0.1:${origin.port}/direct`);
    expect(proxy.forwarded).toHaveLength(1);
  });

  it('checks targets against the address guard before handing them to the proxy', async () => {
    const origin = await server((_req, res) => res.end('should not be reached'));
    const proxy = await proxyTo(origin.port);
    const err = await failure(client({ proxy: proxy.origin, addressGuard: true }).request(`http://localhost:${origin.port}/`));
    expect(err.code).toBe('BLOCKED');
    expect(proxy.connects).toEqual([]);
    expect(origin.requests).toHaveLength(0);
  });

  it('rejects a malformed proxy URL with MISCONFIGURED', () => {
    expect(() => createHttpClient({ proxy: 'not a url' })).toThrow(expect.objectContaining({ code: 'MISCONFIGURED' }));
  });
});
