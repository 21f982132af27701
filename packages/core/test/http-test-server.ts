/**
 * Small real servers on 127.0.0.1 for the HTTP client and downloader tests.
 */
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';

export interface TestServer {
  port: number;
  origin: string;
  url(path: string): string;
  requests: Array<{ method: string; url: string; headers: http.IncomingHttpHeaders }>;
  close(): Promise<void>;
}

export async function startServer(handler: http.RequestListener): Promise<TestServer> {
  const requests: TestServer['requests'] = [];
  const server = http.createServer((req, res) => {
    requests.push({ method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers });
    handler(req, res);
  });
  return listen(server, requests);
}

async function listen(server: http.Server, requests: TestServer['requests']): Promise<TestServer> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    port,
    origin,
    url: (path) => origin + path,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface TestProxy extends TestServer {
  connects: string[];
  forwarded: string[];
}

/**
 * A tiny HTTP proxy: CONNECT tunnels and absolute-URI forwarding. Every target is sent to
 * `upstreamPort` on 127.0.0.1, whatever host was asked for, so nothing leaves the machine.
 */
export async function startProxy(upstreamPort: number): Promise<TestProxy> {
  const connects: string[] = [];
  const forwarded: string[] = [];
  const sockets = new Set<net.Socket>();
  const server = http.createServer((req, res) => {
    forwarded.push(req.url ?? '');
    const target = new URL(req.url ?? '/');
    const upstream = http.request(
      { host: '127.0.0.1', port: upstreamPort, method: req.method, path: target.pathname + target.search, headers: req.headers },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  server.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    connects.push(req.url ?? '');
    const upstream = net.connect(upstreamPort, '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream).add(client);
    const cleanup = () => {
      upstream.destroy();
      client.destroy();
    };
    upstream.on('error', cleanup);
    client.on('error', cleanup);
  });
  const base = await listen(server, []);
  return {
    ...base,
    connects,
    forwarded,
    close: async () => {
      for (const s of sockets) s.destroy();
      await base.close();
    },
  };
}

/** Deterministic bytes: the same (size, seed) always gives the same buffer. */
export function bytesOf(size: number, seed = 1): Buffer {
  const out = Buffer.alloc(size);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < size; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}
