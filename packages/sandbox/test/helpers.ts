/**
 * Test client: sends a request for a real-hostname URL to the sandbox origin the host map
 * names, with the original Host header, over a real socket (node:http, no stubs).
 */
import { request as httpRequest } from 'node:http';
import type { Sandbox } from '../src/index.js';

export interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  text: string;
}

export function originFor(sb: Sandbox, host: string): string {
  const entry = sb.hostMap.find((e) => e.pattern === host || (e.pattern.startsWith('*.') && host.endsWith(e.pattern.slice(1))));
  if (!entry) throw new Error(`host ${host} is not in the sandbox host map`);
  return entry.origin;
}

export const DESKTOP_UA = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/138.0.0.0 Safari/537.36';
export const MOBILE_UA = 'Mozilla/5.0 (Linux; Android 13; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/138.0.0.0 Mobile Safari/537.36';

export function fetchVia(
  sb: Sandbox,
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string; timeoutMs?: number } = {},
): Promise<Reply> {
  const u = new URL(url);
  const origin = new URL(originFor(sb, u.hostname));
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: origin.hostname,
        port: origin.port,
        method: options.method ?? 'GET',
        path: u.pathname + u.search,
        headers: { host: u.host, 'user-agent': DESKTOP_UA, ...options.headers },
        timeout: options.timeoutMs ?? 15_000,
      },
      (res) => {
        const parts: Buffer[] = [];
        res.on('data', (c: Buffer) => parts.push(c));
        res.on('end', () => {
          const body = Buffer.concat(parts);
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body, text: body.toString('utf8') });
        });
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end(options.body);
  });
}

/** Cookie header from Set-Cookie values (name=value pairs only). */
export function cookieHeader(setCookie: string | string[] | undefined): string {
  const list = Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : [];
  return list.map((c) => c.split(';')[0]).join('; ');
}

export function rehydration(html: string): Record<string, any> {
  const m = /<script id="__UNIVERSAL_DATA_FOR_REHYDRATION__" type="application\/json">([\s\S]*?)<\/script>/.exec(html);
  if (!m) throw new Error('no rehydration script');
  return JSON.parse(m[1]!).__DEFAULT_SCOPE__;
}
