/**
 * The lean transport (media bodies, and every request with transport: 'lean') keeps the
 * client's contract: headers, decoding, redirects with their chain, the host map with the
 * original Host, cookies, POST bodies, HEAD, the address guard on every hop; and media
 * requests fall back to undici when a proxy is configured.
 */
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { openItem, type MediaItem } from '@tiksaver/core';
import { bytesOf, closeAfterEach, failure } from './http-test-server.js';

const { server, client, proxyTo } = closeAfterEach();
const lean = (options: Parameters<typeof client>[0] = {}) => client({ ...options, transport: 'lean' });

describe('lean transport', () => {
  it('sends the headers, decodes gzip, follows redirects and records the chain', async () => {
    const s = await server((req, res) => {
      if (req.url === '/start') return void res.writeHead(302, { location: '/page' }).end();
      res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'gzip' });
      res.end(zlib.gzipSync(`ua=${req.headers['user-agent']?.slice(0, 11)} ae=${req.headers['accept-encoding']}`));
    });
    const res = await lean().request(s.url('/start'));
    expect(await res.text()).toBe('ua=Mozilla/5.0 ae=gzip, deflate, br');
    expect(res.redirects).toEqual([s.url('/start')]);
  });

  it('routes host-mapped names with the original Host and keeps cookies per site', async () => {
    const s = await server((req, res) => {
      res.writeHead(200, { 'set-cookie': 'sid=42; Path=/' });
      res.end(`${req.headers.host} ${req.headers.cookie ?? '-'}`);
    });
    const c = lean({ hostMap: `www.tiktok.com=${s.origin}` });
    expect(await c.getText('https://www.tiktok.com/@a/video/1')).toBe('www.tiktok.com -');
    expect(await c.getText('https://www.tiktok.com/@a/video/1')).toBe('www.tiktok.com sid=42');
  });

  it('posts JSON bodies and answers HEAD without waiting for a body', async () => {
    const s = await server((req, res) => {
      let body = '';
      req.on('data', (d) => (body += d));
      req.on('end', () => {
        res.writeHead(200, { 'content-type': 'application/json', ...(req.method === 'HEAD' && { 'content-length': '999' }) });
        res.end(req.method === 'HEAD' ? undefined : JSON.stringify({ got: JSON.parse(body || 'null'), type: req.headers['content-type'] }));
      });
    });
    const c = lean();
    expect(await c.getJson(s.url('/api'), { json: { url: 'x' } })).toEqual({ got: { url: 'x' }, type: 'application/json' });
    const head = await c.request(s.url('/api'), { method: 'HEAD' });
    expect(head.header('content-length')).toBe('999');
    expect(await head.text()).toBe('');
  });

  it('refuses a redirect hop to an unmapped loopback address and names resolving to loopback', async () => {
    const s = await server((_req, res) => res.writeHead(302, { location: 'http://127.0.0.2:9/' }).end());
    const c = lean({ addressGuard: true, hostMap: `www.tiktok.com=${s.origin}` });
    expect((await failure(c.request('https://www.tiktok.com/x', { media: true }))).code).toBe('BLOCKED');
    const direct = await failure(lean({ addressGuard: true }).request(`http://localhost:${s.port}/`, { media: true }));
    expect(direct.code).toBe('BLOCKED');
    expect(s.requests).toHaveLength(1);
  });

  it('maps a media 404 to NOT_FOUND and a cut body to an error, never a short success', async () => {
    const data = bytesOf(100_000);
    const s = await server((req, res) => {
      if (req.url === '/gone') return void res.writeHead(404).end('no');
      res.writeHead(200, { 'content-length': String(data.length) });
      res.write(data.subarray(0, 1000), () => res.socket?.destroy());
    });
    const c = client();
    expect((await failure(c.request(s.url('/gone'), { media: true }))).code).toBe('NOT_FOUND');
    const res = await c.request(s.url('/cut'), { media: true });
    await expect(res.bytes()).rejects.toBeDefined();
  });

  it('sends media through undici when a proxy is configured (http, https and socks5 live there)', async () => {
    const origin = await server((_req, res) => res.end('via proxy'));
    const proxy = await proxyTo(origin.port);
    const item: MediaItem = { type: 'video', url: 'http://media.example.test/v.mp4', ext: 'mp4' };
    const { response } = await openItem(item, { http: client({ proxy: proxy.origin }) });
    expect(await response.text()).toBe('via proxy');
    expect(proxy.connects).toEqual(['media.example.test:80']);
  });
});
