/** startSandbox itself: servers, host map, urls, context, close. */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatBanner, SERVICE_IDS, startSandbox, type Sandbox } from '../src/index.js';
import { cookieHeader, fetchVia, MOBILE_UA, rehydration } from './helpers.js';

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox();
});
afterAll(() => sb.close());

describe('startSandbox', () => {
  it('puts every service on its own 127.0.0.1 port and maps the real hostnames to it', () => {
    const origins = SERVICE_IDS.map((id) => sb.urls[id]);
    expect(new Set(origins).size).toBe(SERVICE_IDS.length);
    for (const o of origins) expect(o).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const patterns = sb.hostMap.map((e) => e.pattern);
    expect(patterns).toEqual(expect.arrayContaining(['www.tiktok.com', 'm.tiktok.com', 'vm.tiktok.com', 'vt.tiktok.com', '*.tiktokcdn.com', '*.tiktokcdn-us.com']));
    expect(sb.urls['www.tiktok.com']).toBe(sb.urls.tiktok);
    expect(sb.urls['*.tiktokcdn.com']).toBe(sb.urls['tiktok-cdn']);
    expect(sb.hostMapString.split(',')).toContain(`www.tiktok.com=${sb.urls.tiktok}`);
    expect(sb.context.origins['https://www.tiktok.com']).toBe(sb.urls.tiktok);
  });

  it('answers without a Host header as the service main host', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const u = new URL(sb.urls.tiktok!);
      request({ host: u.hostname, port: u.port, path: '/' }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      })
        .on('error', reject)
        .end();
    });
    expect(status).toBe(200);
  });

  it('gives services a context whose cdnUrl works with a page session', async () => {
    const s = sb.scenario('video-post');
    const page = await fetchVia(sb, s.link, { headers: { 'user-agent': MOBILE_UA } });
    expect(rehydration(page.text)['webapp.reflow.video.detail'].statusCode).toBe(0);
    const url = sb.context.cdnUrl({ scenarioId: s.id, type: 'video' });
    expect(url).toMatch(/^https:\/\/v16-webapp-prime\.tiktokcdn\.com\/.*tk=tt_chain_token/);
    expect((await fetchVia(sb, url)).status).toBe(403);
    expect((await fetchVia(sb, url, { headers: { cookie: cookieHeader(page.headers['set-cookie']), referer: 'https://www.tiktok.com/' } })).status).toBe(200);
    const open = sb.context.cdnUrl({ scenarioId: s.id, type: 'video', session: false });
    expect((await fetchVia(sb, open)).status).toBe(200);
  });

  it('scenario() throws for unknown ids', () => {
    expect(() => sb.scenario('nope')).toThrow(/unknown sandbox scenario/);
  });

  it('can mount a subset, on fixed ports, and closes cleanly', async () => {
    const small = await startSandbox({ services: ['tiktok'] });
    expect(Object.keys(small.urls)).toContain('tiktok');
    expect(small.urls.snaptik).toBeUndefined();
    const port = Number(new URL(small.urls.tiktok!).port);
    await small.close();
    const fixed = await startSandbox({ services: ['tiktok'], ports: { tiktok: port } });
    expect(fixed.urls.tiktok).toBe(`http://127.0.0.1:${port}`);
    await fixed.close();
  });

  it('close() ends hanging requests', async () => {
    const other = await startSandbox({ services: ['tiktok'] });
    other.setFault('*', { kind: 'hang' });
    const pending = fetchVia(other, 'https://www.tiktok.com/', { timeoutMs: 20_000 }).catch((e: Error) => e);
    await new Promise((r) => setTimeout(r, 50));
    await other.close();
    expect(await pending).toBeInstanceOf(Error);
  });

  it('pads every page when asked (pagePadBytes)', async () => {
    const padded = await startSandbox({ services: ['tiktok'], pagePadBytes: 600_000 });
    try {
      const reply = await fetchVia(padded, padded.scenario('video-post').link, { headers: { 'user-agent': MOBILE_UA } });
      expect(reply.body.length).toBeGreaterThan(590_000);
    } finally {
      await padded.close();
    }
  });

  it('logs the response status once the response finishes', async () => {
    sb.log.clear();
    await fetchVia(sb, 'https://www.tiktok.com/no/such/page');
    expect(sb.log.for('tiktok')[0]?.status).toBe(404);
  });

  it('prints the host map and both links of every scenario for pnpm sandbox', () => {
    const banner = formatBanner(sb);
    expect(banner).toContain(`TIKSAVER_HOST_MAP='${sb.hostMapString}'`);
    for (const s of sb.scenarios) {
      expect(banner).toContain(s.link);
      expect(banner).toContain(s.shortLink);
    }
  });
});
