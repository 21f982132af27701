/**
 * Small real servers on 127.0.0.1 for the HTTP client and downloader tests, and the
 * per-test bookkeeping those tests share (close what a test opened, catch the expected error).
 */
import fs from 'node:fs/promises';
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';
import { createHttpClient, type HttpClient, type TiksaverError } from '@tiksaver/core';

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

export interface TestResources {
  /** A test server, closed after the test. */
  server(handler: http.RequestListener): Promise<TestServer>;
  /** A test proxy to 127.0.0.1:`upstreamPort` (see startProxy), closed after the test. */
  proxyTo(upstreamPort: number): Promise<TestProxy>;
  /** A real HTTP client, closed after the test. */
  client(options?: Parameters<typeof createHttpClient>[0]): HttpClient;
  /** A fresh temp directory, removed (with its contents) after the test. */
  tempDir(prefix: string): Promise<string>;
}

/**
 * Call once at the top of a test file: whatever a test opens through the returned functions
 * is closed after that test, last opened first.
 */
export function closeAfterEach(): TestResources {
  const cleanup: Array<() => Promise<void> | undefined> = [];
  afterEach(async () => {
    while (cleanup.length) await cleanup.pop()!();
  });
  return {
    async server(handler) {
      const s = await startServer(handler);
      cleanup.push(() => s.close());
      return s;
    },
    async proxyTo(upstreamPort) {
      const p = await startProxy(upstreamPort);
      cleanup.push(() => p.close());
      return p;
    },
    client(options = {}) {
      const c = createHttpClient(options);
      cleanup.push(() => c.close?.());
      return c;
    },
    async tempDir(prefix) {
      const dir = await fs.mkdtemp(path.join(os.tmpdir(), prefix));
      cleanup.push(() => fs.rm(dir, { recursive: true, force: true }));
      return dir;
    },
  };
}

/** The error a promise rejects with; fails the test when it resolves instead. */
export async function failure(promise: Promise<unknown>): Promise<TiksaverError> {
  try {
    await promise;
  } catch (error) {
    return error as TiksaverError;
  }
  throw new Error('expected a failure');
}
