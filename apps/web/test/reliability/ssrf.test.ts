/**
 * The SSRF list (issue 17): a host the client is allowed to reach (host-mapped, like the
 * sandbox) redirects to every spelling of a local address; none may be reached. Tripwire
 * listeners on those addresses count connections, and the process refuses any connection
 * off loopback before it is made, so a failure here can never leave the machine. Every
 * target is a loopback spelling (127.0.0.0/8, ::1); the private and link-local ranges are
 * classified by the same guard in packages/core/test/http-failures.test.ts, with no socket.
 */
import http from 'node:http';
import net from 'node:net';
import { createHttpClient, isTiksaverError } from '@tiksaver/core';
import { refuseOffLoopback, type OffLoopbackGuard } from '@tiksaver/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postJson, webPerFile } from '../helpers.js';

let port = 0;
let hits = 0;
const wires: net.Server[] = [];
let redirector: http.Server;
let redirectorOrigin = '';
let guard: OffLoopbackGuard;

function listen(server: net.Server, host: string, p: number): Promise<boolean> {
  return new Promise((resolve) => {
    server.once('error', () => resolve(false));
    server.listen(p, host, () => resolve(true));
  });
}

beforeAll(async () => {
  guard = refuseOffLoopback();
  for (const host of ['127.0.0.1', '127.0.0.2', '::1']) {
    const wire = net.createServer((socket) => {
      hits++;
      socket.destroy();
    });
    if (await listen(wire, host, port)) {
      wires.push(wire);
      port ||= (wire.address() as net.AddressInfo).port;
    }
  }
  redirector = http.createServer((req, res) => {
    const to = new URL(req.url!, 'http://x').searchParams.get('to')!;
    res.writeHead(302, { Location: to, 'Content-Length': 0 }).end();
  });
  await listen(redirector, '127.0.0.1', 0);
  redirectorOrigin = `http://127.0.0.1:${(redirector.address() as net.AddressInfo).port}`;
});

afterAll(async () => {
  guard.restore();
  await Promise.all([...wires, redirector].map((s) => new Promise((r) => s.close(r))));
});

const TARGETS = (p: number) => [
  `http://127.0.0.2:${p}/`,
  `http://127.0.0.1:${p}/`,
  `http://127.2:${p}/`, // short form
  `http://2130706434:${p}/`, // decimal
  `http://0177.0.0.2:${p}/`, // octal
  `http://0x7f.0.0.2:${p}/`, // hex octet
  `http://0x7f000002:${p}/`, // hex whole
  `http://017700000002:${p}/`, // octal whole
  `http://127.0.0.2.:${p}/`, // trailing dot
  `http://[::1]:${p}/`,
  `http://[0:0:0:0:0:0:0:1]:${p}/`,
  `http://[::ffff:127.0.0.2]:${p}/`, // IPv4-mapped
  `http://[::ffff:7f00:2]:${p}/`, // IPv4-mapped, hex
  `http://localhost:${p}/`,
  `http://localhost.:${p}/`,
  `http://LOCALHOST:${p}/`,
  `http://user:pass@127.0.0.2:${p}/`,
  `https://127.0.0.2:${p}/`,
];

describe('SSRF: redirects from an allowed host to local addresses', () => {
  it('refuses every spelling before connecting (BLOCKED), none reached', async () => {
    const client = createHttpClient({ addressGuard: true, hostMap: `cdn.example.test=${redirectorOrigin}`, retries: 0 });
    const outcomes: string[] = [];
    for (const target of TARGETS(port)) {
      try {
        await client.request(`https://cdn.example.test/r?to=${encodeURIComponent(target)}`);
        outcomes.push(`${target}: fetched!`);
      } catch (error) {
        const code = isTiksaverError(error) ? error.code : String(error);
        // A name this machine cannot resolve (localhost. here) is not reached either.
        if (code !== 'BLOCKED' && !/DNS lookup failed/.test((error as Error).message)) outcomes.push(`${target}: ${code} ${(error as Error).message}`);
      }
    }
    expect(outcomes).toEqual([]);
    expect(hits).toBe(0);
    expect(guard.refused).toEqual([]);
  });

  it('refuses direct requests to the same spellings', async () => {
    const client = createHttpClient({ addressGuard: true, retries: 0 });
    for (const target of TARGETS(port)) {
      const error = await client.request(target).then(() => undefined, (e: unknown) => e);
      if (isTiksaverError(error) && /DNS lookup failed/.test(error.message)) continue;
      expect(isTiksaverError(error) && error.code, target).toBe('BLOCKED');
    }
    expect(hits).toBe(0);
  });
});

describe('SSRF through the web API', () => {
  const fx = webPerFile();
  it('links that embed local addresses are refused as not TikTok, and nothing is fetched', async () => {
    const inputs = [
      ...TARGETS(port),
      `https://www.tiktok.com@127.0.0.2:${port}/@a/video/1`,
      `https://127.0.0.2:${port}/@a/video/7429833301267443990`,
      `https://www.tiktok.com.127.0.0.2.nip.io/@a/video/1`,
      `https://vm.tiktok.com%2F@127.0.0.2:${port}/x`,
    ];
    for (const input of inputs) {
      const res = await postJson(fx.web.url, { input });
      const body = (await res.json()) as { error?: { code: string } };
      expect(res.status, input).toBeGreaterThanOrEqual(400);
      expect(res.status, input).toBeLessThan(500);
      expect(body.error?.code, input).toMatch(/^(NOT_TIKTOK|INVALID_INPUT|WRONG_LINK_KIND)$/);
    }
    expect(hits).toBe(0);
  });

  it('a media host redirecting to an unmapped loopback address is refused (BLOCKED), tripwire untouched', async () => {
    const res = await postJson(fx.web.url, { input: fx.sandbox.scenario('video-post').link, providers: ['native'] });
    const report = (await res.json()) as { result: { items: Array<{ type: string; downloadUrl: string }> } };
    const video = report.result.items.find((item) => item.type === 'video')!;
    fx.sandbox.setFault('tiktok-cdn', { kind: 'redirect-private' });
    try {
      const media = await fetch(`${fx.web.url}${video.downloadUrl}`);
      expect(media.status).toBe(502);
      expect(((await media.json()) as { error: { code: string } }).error.code).toBe('BLOCKED');
    } finally {
      fx.sandbox.clearFaults();
    }
    expect(hits).toBe(0);
    expect(guard.refused).toEqual([]);
  });
});
