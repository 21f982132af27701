/**
 * The undici dispatchers one client family shares: a direct agent for host-mapped and
 * allow-listed origins (never guarded, never proxied), and the main agent for everything
 * else (proxy-aware, with the address guard inside its DNS lookup when enabled).
 * undici is imported on the first request that needs it: a client made with
 * `transport: 'lean'` and no proxy (the CLI) never does, and compiling undici's ~1 MB of
 * source cost every CLI start ~40-50 ms before a byte moved (bench/README.md).
 */
import type { Dispatcher } from 'undici';
import { TiksaverError } from '../errors.js';
import { guardedLookup } from './address-guard.js';
import type { HttpClientOptions } from './types.js';

export interface Dispatchers {
  /** Host-mapped and allowOrigins targets. */
  direct(): Promise<Dispatcher>;
  /** Everything else. */
  main(): Promise<Dispatcher>;
  /** Whether `main` may send a request through a proxy (DNS then happens at the proxy). */
  proxied: boolean;
  close(): Promise<void>;
}

export const DEFAULT_TIMEOUTS = { connectTimeoutMs: 10_000, headersTimeoutMs: 30_000, bodyTimeoutMs: 30_000 };

type Proxy = { kind: 'none' } | { kind: 'uri'; uri: string } | { kind: 'env'; httpProxy: string; httpsProxy: string; noProxy: string };

export function createDispatchers(options: HttpClientOptions): Dispatchers {
  // Validated now, not at the first request: a bad proxy setting is a start-up error.
  const proxy = proxyOf(options);
  let agents: Promise<{ direct: Dispatcher; main: Dispatcher }> | undefined;
  const load = () => (agents ??= import('undici').then((undici) => buildAgents(undici, options, proxy)));
  return {
    direct: async () => (await load()).direct,
    main: async () => (await load()).main,
    proxied: proxy.kind !== 'none',
    async close() {
      if (!agents) return;
      const { direct, main } = await agents;
      await Promise.allSettled([direct.close(), main.close()]);
    },
  };
}

function proxyOf(options: HttpClientOptions): Proxy {
  if (options.proxy) return { kind: 'uri', uri: checkProxy(options.proxy, '--proxy') };
  const env = options.env ?? {};
  const httpProxy = env.HTTP_PROXY ?? env.http_proxy ?? '';
  const httpsProxy = env.HTTPS_PROXY ?? env.https_proxy ?? '';
  if (!httpProxy && !httpsProxy) return { kind: 'none' };
  return {
    kind: 'env',
    httpProxy: httpProxy ? checkProxy(httpProxy, 'HTTP_PROXY') : '',
    httpsProxy: httpsProxy ? checkProxy(httpsProxy, 'HTTPS_PROXY') : '',
    noProxy: env.NO_PROXY ?? env.no_proxy ?? '',
  };
}

function buildAgents(undici: typeof import('undici'), options: HttpClientOptions, proxy: Proxy): { direct: Dispatcher; main: Dispatcher } {
  const { Agent, EnvHttpProxyAgent, ProxyAgent } = undici;
  const base = {
    headersTimeout: options.headersTimeoutMs ?? DEFAULT_TIMEOUTS.headersTimeoutMs,
    bodyTimeout: options.bodyTimeoutMs ?? DEFAULT_TIMEOUTS.bodyTimeoutMs,
  };
  const connectTimeout = options.connectTimeoutMs ?? DEFAULT_TIMEOUTS.connectTimeoutMs;
  const direct = new Agent({ ...base, connect: { timeout: connectTimeout } });
  const connect = { timeout: connectTimeout, ...(options.addressGuard && { lookup: guardedLookup }) };
  const proxyTunnel = options.proxyTunnel ?? true;
  if (proxy.kind === 'uri') return { direct, main: new ProxyAgent({ ...base, uri: proxy.uri, proxyTunnel, connect: { timeout: connectTimeout } }) };
  if (proxy.kind === 'env') {
    // Every value is passed explicitly ('' = none) so undici never falls back to the environment of the process.
    const { httpProxy, httpsProxy, noProxy } = proxy;
    return { direct, main: new EnvHttpProxyAgent({ ...base, connect, proxyTunnel, httpProxy, httpsProxy, noProxy } as ConstructorParameters<typeof EnvHttpProxyAgent>[0]) };
  }
  return { direct, main: new Agent({ ...base, connect }) };
}

function checkProxy(value: string, source: string): string {
  try {
    const url = new URL(value);
    if (!/^(https?|socks5?):$/.test(url.protocol)) throw new Error('protocol');
    return url.href;
  } catch {
    throw new TiksaverError('MISCONFIGURED', `${source} must be a proxy URL like http://host:3128 (got "${value}")`);
  }
}
