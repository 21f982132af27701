/**
 * The browser-TLS transport (optional impit): a local TLS listener reads each ClientHello
 * (read-tls-client-hello) and computes its JA4. Node's own TLS and impit's Chrome profile
 * must differ, and impit's must carry Chrome's cipher-suite hash (tiktok-web.md §0:
 * t13i1515h2_8daaf6152771_…). Skipped, with the reason, when impit does not load here.
 */
import { request } from 'node:https';
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { calculateJa4, readTlsClientHello } from 'read-tls-client-hello';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBrowserTlsClient, createHttpClient, loadImpit } from '../src/index.js';

const CHROME_CIPHER_HASH = '8daaf6152771';
const impit = await loadImpit();

let server: Server;
let port: number;
const hellos: string[] = [];

beforeAll(async () => {
  server = createServer((socket: Socket) => {
    readTlsClientHello(socket).then(
      (hello) => {
        hellos.push(calculateJa4(hello));
        socket.destroy();
      },
      () => socket.destroy(),
    );
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise((r) => server.close(r)));

async function nextHello(send: () => Promise<unknown>): Promise<string> {
  const before = hellos.length;
  await send().catch(() => undefined);
  for (let i = 0; i < 100 && hellos.length === before; i++) await new Promise((r) => setTimeout(r, 20));
  return hellos[before]!;
}

describe.skipIf(!impit)('browser TLS transport (impit)', () => {
  it("sends a Chrome ClientHello that differs from Node's own", async () => {
    const node = await nextHello(
      () =>
        new Promise((resolve, reject) => {
          const req = request({ host: '127.0.0.1', port, path: '/', rejectUnauthorized: false, servername: 'www.tiktok.test' }, resolve);
          req.on('error', reject);
          req.end();
        }),
    );
    const client = await createBrowserTlsClient(createHttpClient({ retries: 0 }), { ignoreTlsErrors: true, timeoutMs: 3000 });
    expect(client).toBeDefined();
    const chrome = await nextHello(() => client!.request(`https://127.0.0.1:${port}/`));
    expect(node).toMatch(/^t13/);
    expect(chrome).toMatch(/^t13/);
    expect(chrome).not.toBe(node);
    expect(chrome.split('_')[1]).toBe(CHROME_CIPHER_HASH);
    expect(node.split('_')[1]).not.toBe(CHROME_CIPHER_HASH);
  });
});

describe('without impit', () => {
  it('loadImpit answers undefined instead of throwing when the module is missing', async () => {
    // Either impit loads here (the skip above runs the real test) or it is reported missing.
    expect(impit === undefined || typeof impit.Impit === 'function').toBe(true);
  });
});
