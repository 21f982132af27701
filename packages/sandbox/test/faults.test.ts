/**
 * Every fault kind over real sockets, the ways to ask for one (setFault per host / service /
 * wildcard, path prefix, times, per-request query or header, control endpoint), and the
 * request log.
 */
import { connect } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FAULT_KINDS, startSandbox, type Sandbox } from '../src/index.js';
import { fetchVia, MOBILE_UA, originFor, rehydration } from './helpers.js';

const mobile = { 'user-agent': MOBILE_UA };

let sb: Sandbox;
let link: string;
beforeAll(async () => {
  sb = await startSandbox();
  link = sb.scenario('video-post').link;
});
afterEach(() => sb.clearFaults());
afterAll(() => sb.close());

describe('fault kinds', () => {
  it('hang: never answers', async () => {
    sb.setFault('www.tiktok.com', { kind: 'hang' });
    await expect(fetchVia(sb, link, { timeoutMs: 400 })).rejects.toThrow(/timeout/);
  });

  it('slow: drips the whole body', async () => {
    sb.setFault('www.tiktok.com', { kind: 'slow', value: 200_000 });
    const reply = await fetchVia(sb, link, { headers: mobile });
    expect(reply.status).toBe(200);
    expect(rehydration(reply.text)['webapp.reflow.video.detail'].statusCode).toBe(0);
    expect(sb.log.for('www.tiktok.com').at(-1)?.fault).toBe('slow');
  });

  it('status-500 and status-503 (with Retry-After)', async () => {
    sb.setFault('www.tiktok.com', { kind: 'status-500', times: 1 });
    expect((await fetchVia(sb, link)).status).toBe(500);
    sb.setFault('www.tiktok.com', { kind: 'status-503', value: 7, times: 1 });
    const unavailable = await fetchVia(sb, link);
    expect(unavailable.status).toBe(503);
    expect(unavailable.headers['retry-after']).toBe('7');
    expect((await fetchVia(sb, link)).status).toBe(200);
  });

  it('status-429 with Retry-After', async () => {
    sb.setFault('www.tikwm.com', { kind: 'status-429', value: 3 });
    const reply = await fetchVia(sb, 'https://www.tikwm.com/api/?url=x');
    expect(reply.status).toBe(429);
    expect(reply.headers['retry-after']).toBe('3');
  });

  it('reset: the connection dies without an answer', async () => {
    sb.setFault('www.tiktok.com', { kind: 'reset' });
    await expect(fetchVia(sb, link)).rejects.toThrow(/ECONNRESET|socket hang up/);
  });

  it('truncate: promises a length and delivers about half', async () => {
    sb.setFault('www.tiktok.com', { kind: 'truncate' });
    const outcome = await fetchVia(sb, link).then(
      (r) => ({ got: r.body.length, promised: Number(r.headers['content-length']) }),
      (err: Error) => ({ error: err.message }),
    );
    if ('error' in outcome) expect(outcome.error).toMatch(/aborted|ECONNRESET|socket hang up/);
    else expect(outcome.got).toBeLessThan(outcome.promised);
  });

  it('malformed: the rehydration JSON no longer parses; JSON bodies break too', async () => {
    sb.setFault('www.tiktok.com', { kind: 'malformed', times: 1 });
    const reply = await fetchVia(sb, link);
    expect(reply.status).toBe(200);
    expect(Number(reply.headers['content-length'])).toBe(reply.body.length);
    expect(() => rehydration(reply.text)).toThrow();
    const control = await fetchVia(sb, `https://www.tiktok.com/__sandbox/scenarios`);
    expect(() => JSON.parse(control.text)).not.toThrow(); // control routes are never faulted
  });

  it('schema-drift: itemInfo renamed (flavour 1) or item fields renamed/dropped (flavour 2)', async () => {
    sb.setFault('www.tiktok.com', { kind: 'schema-drift', times: 1 });
    const renamed = rehydration((await fetchVia(sb, link, { headers: mobile })).text)['webapp.reflow.video.detail'];
    expect(renamed.itemInfo).toBeUndefined();
    expect(renamed.itemData.itemStruct.id).toBeTruthy();
    sb.setFault('www.tiktok.com', { kind: 'schema-drift', value: 2, times: 1 });
    const item = rehydration((await fetchVia(sb, link, { headers: mobile })).text)['webapp.reflow.video.detail'].itemInfo.itemStruct;
    expect(item.author).toBeUndefined();
    expect(item.video.playAddr).toBeUndefined();
    expect(item.video.play_addr).toMatch(/^https:/);
    expect(item.music.playUrl).toBeUndefined();
  });

  it('redirect-loop: Location is the URL itself', async () => {
    sb.setFault('www.tiktok.com', { kind: 'redirect-loop' });
    const reply = await fetchVia(sb, link);
    expect(reply.status).toBe(302);
    expect(reply.headers.location).toBe(link);
  });

  it('redirect-private: Location points at an unmapped loopback address', async () => {
    sb.setFault('vm.tiktok.com', { kind: 'redirect-private' });
    const reply = await fetchVia(sb, sb.scenario('video-post').shortLink);
    expect(reply.status).toBe(302);
    expect(reply.headers.location).toBe('http://127.0.0.2:9/');
  });

  it('oversize: an endless-looking body without Content-Length', async () => {
    sb.setFault('www.tiktok.com', { kind: 'oversize', value: 3 * 1024 * 1024 });
    const reply = await fetchVia(sb, link);
    expect(reply.headers['content-length']).toBeUndefined();
    expect(reply.body.length).toBeGreaterThanOrEqual(3 * 1024 * 1024);
  });

  it('status-403 / status-404: one host refuses (e.g. one CDN host of several)', async () => {
    sb.setFault('v16-webapp-prime.tiktokcdn.com', { kind: 'status-403' });
    expect((await fetchVia(sb, 'https://v16-webapp-prime.tiktokcdn.com/synthetic/10.bin')).status).toBe(403);
    expect((await fetchVia(sb, 'https://v19-webapp-prime.tiktokcdn-us.com/synthetic/10.bin')).status).toBe(200);
    sb.setFault('www.tiktok.com', { kind: 'status-404', times: 1 });
    expect((await fetchVia(sb, link)).status).toBe(404);
  });

  it('stall: headers and half the body, then silence', async () => {
    sb.setFault('*.tiktokcdn.com', { kind: 'stall' });
    await expect(fetchVia(sb, 'https://v16-webapp-prime.tiktokcdn.com/synthetic/100000.bin', { timeoutMs: 400 })).rejects.toThrow(/timeout|aborted/);
  });

  it('short-length: declares about half the body and sends all of it', async () => {
    sb.setFault('*.tiktokcdn.com', { kind: 'short-length' });
    // node:http (fetchVia) stops at the declared length; a raw socket sees everything sent.
    const origin = new URL(originFor(sb, 'v16-webapp-prime.tiktokcdn.com'));
    const raw = await new Promise<Buffer>((resolve, reject) => {
      const chunks: Buffer[] = [];
      const socket = connect(Number(origin.port), origin.hostname, () => {
        socket.write('GET /synthetic/100000.bin HTTP/1.1\r\nhost: v16-webapp-prime.tiktokcdn.com\r\nconnection: close\r\n\r\n');
      });
      socket.on('data', (d: Buffer) => chunks.push(d));
      socket.on('end', () => resolve(Buffer.concat(chunks)));
      socket.on('error', reject);
    });
    const split = raw.indexOf('\r\n\r\n');
    const declared = Number(/content-length: (\d+)/i.exec(raw.subarray(0, split).toString('latin1'))?.[1]);
    expect(raw.length - split - 4).toBeGreaterThan(declared);
  });

  it('covers every declared kind', () => {
    expect(FAULT_KINDS).toHaveLength(16);
  });
});

describe('targeting', () => {
  it('by service id, by wildcard host, by path prefix, and for the next N requests', async () => {
    sb.setFault('tiktok-cdn', { kind: 'status-500', times: 1 });
    expect((await fetchVia(sb, 'https://p16-sign-va.tiktokcdn.com/synthetic/10.bin')).status).toBe(500);
    expect((await fetchVia(sb, 'https://p16-sign-va.tiktokcdn.com/synthetic/10.bin')).status).toBe(200);
    sb.setFault('*.tiktokcdn-us.com', { kind: 'status-503', times: 2 });
    expect((await fetchVia(sb, 'https://v19-webapp-prime.tiktokcdn-us.com/synthetic/10.bin')).status).toBe(503);
    expect((await fetchVia(sb, 'https://v16-webapp-prime.tiktokcdn.com/synthetic/10.bin')).status).toBe(200);
    sb.setFault('www.tiktok.com', { kind: 'status-500', path: '/@jun.bakes/' });
    expect((await fetchVia(sb, link)).status).toBe(500);
    expect((await fetchVia(sb, 'https://www.tiktok.com/')).status).toBe(200);
  });

  it('per request by ?__fault= or x-sandbox-fault', async () => {
    expect((await fetchVia(sb, `${link}?__fault=status-429&__faultValue=9`)).headers['retry-after']).toBe('9');
    expect((await fetchVia(sb, link, { headers: { 'x-sandbox-fault': 'status-500' } })).status).toBe(500);
    expect((await fetchVia(sb, link)).status).toBe(200);
  });

  it('by the control endpoint on any host', async () => {
    const post = await fetchVia(sb, 'https://snaptik.app/__sandbox/fault', {
      method: 'POST',
      body: JSON.stringify({ host: 'www.tiktok.com', kind: 'status-503', value: 2, times: 1 }),
    });
    expect(post.status).toBe(200);
    expect(JSON.parse(post.text).faults).toHaveLength(1);
    const hit = await fetchVia(sb, link);
    expect(hit.status).toBe(503);
    expect(hit.headers['retry-after']).toBe('2');
    await fetchVia(sb, 'https://www.tiktok.com/__sandbox/fault', { method: 'POST', body: JSON.stringify({ host: '*', kind: 'status-500' }) });
    const cleared = await fetchVia(sb, 'https://www.tiktok.com/__sandbox/fault', { method: 'DELETE' });
    expect(JSON.parse(cleared.text).faults).toEqual([]);
    expect((await fetchVia(sb, link)).status).toBe(200);
    const bad = await fetchVia(sb, 'https://www.tiktok.com/__sandbox/fault', { method: 'POST', body: JSON.stringify({ host: 'x', kind: 'nope' }) });
    expect(bad.status).toBe(400);
  });

  it('refuses unknown kinds from code', () => {
    expect(() => sb.setFault('x', { kind: 'explode' as never })).toThrow(/unknown fault kind/);
  });
});

describe('request log and clock', () => {
  it('records method, path, headers, cookies and body per host', async () => {
    sb.log.clear();
    await fetchVia(sb, link, { headers: { cookie: 'a=1; tt_chain_token=xyz', 'x-junk': 'bcdfg' } });
    await fetchVia(sb, 'https://www.tikwm.com/api/', { method: 'POST', body: 'url=abc&hd=1', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    const page = sb.log.for('www.tiktok.com');
    expect(page).toHaveLength(1);
    expect(page[0]).toMatchObject({ method: 'GET', service: 'tiktok', url: link, cookies: { a: '1', tt_chain_token: 'xyz' } });
    expect(page[0]!.headers['x-junk']).toBe('bcdfg');
    expect(sb.log.for('tikwm')[0]).toMatchObject({ method: 'POST', path: '/api/', body: 'url=abc&hd=1' });
    expect(sb.log.all()).toHaveLength(2);
    const viaControl = JSON.parse((await fetchVia(sb, 'https://www.tiktok.com/__sandbox/log?host=www.tikwm.com')).text);
    expect(viaControl.requests).toHaveLength(1);
  });

  it('moves the clock by setNow / shiftTime and the control endpoint', async () => {
    const t = Date.UTC(2026, 0, 1);
    sb.setNow(t);
    expect(Math.abs(sb.now() - t)).toBeLessThan(60_000);
    sb.shiftTime(3600_000);
    expect(sb.now() - t).toBeGreaterThanOrEqual(3600_000);
    const reply = JSON.parse((await fetchVia(sb, 'https://www.tiktok.com/__sandbox/time', { method: 'POST', body: '{"reset":true}' })).text);
    expect(Math.abs(reply.now - Date.now())).toBeLessThan(60_000);
  });

  it('control() reaches a service hook and rejects unknown services', () => {
    expect(() => sb.control('nope', 'x')).toThrow(/unknown sandbox service/);
    expect(() => sb.control('tiktok', 'dance')).toThrow(/waf:on/);
  });
});
