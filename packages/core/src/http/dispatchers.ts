/**
 * The undici dispatchers one client family shares: a direct agent for host-mapped and
 * allow-listed origins (never guarded, never proxied), and the main agent for everything
 * else (proxy-aware, with the address guard inside its DNS lookup when enabled).
 */
import { Agent, EnvHttpProxyAgent, ProxyAgent, type Dispatcher } from 'undici';
import { TiksaverError } from '../errors.js';
import { guardedLookup } from './address-guard.js';
import type { HttpClientOptions } from './types.js';

export interface Dispatchers {
  /** Host-mapped and allowOrigins targets. */
  direct: Dispatcher;
  /** Everything else. */
  main: Dispatcher;
  /** Whether `main` may send a request through a proxy (DNS then happens at the proxy). */
  proxied: boolean;
  close(): Promise<void>;
}

export const DEFAULT_TIMEOUTS = { connectTimeoutMs: 10_000, headersTimeoutMs: 30_000, bodyTimeoutMs: 30_000 };

export function createDispatchers(options: HttpClientOptions): Dispatchers {
  const base = {
    headersTimeout: options.headersTimeoutMs ?? DEFAULT_TIMEOUTS.headersTimeoutMs,
    bodyTimeout: options.bodyTimeoutMs ?? DEFAULT_TIMEOUTS.bodyTimeoutMs,
  };
  const connectTimeout = options.connectTimeoutMs ?? DEFAULT_TIMEOUTS.connectTimeoutMs;
  const direct = new Agent({ ...base, connect: { timeout: connectTimeout } });
  const connect = { timeout: connectTimeout, ...(options.addressGuard && { lookup: guardedLookup }) };
  const proxyTunnel = options.proxyTunnel ?? true;

  let main: Dispatcher;
  let proxied = false;
  const env = options.env ?? {};
  const httpProxy = env.HTTP_PROXY ?? env.http_proxy ?? '';
  const httpsProxy = env.HTTPS_PROXY ?? env.https_proxy ?? '';
  if (options.proxy) {
    main = new ProxyAgent({ ...base, uri: checkProxy(options.proxy, '--proxy'), proxyTunnel, connect: { timeout: connectTimeout } });
    proxied = true;
  } else if (httpProxy || httpsProxy) {
    // Every value is passed explicitly ('' = none) so undici never falls back to the environment of the process.
    main = new EnvHttpProxyAgent({
      ...base,
      connect,
      proxyTunnel,
      httpProxy: httpProxy ? checkProxy(httpProxy, 'HTTP_PROXY') : '',
      httpsProxy: httpsProxy ? checkProxy(httpsProxy, 'HTTPS_PROXY') : '',
      noProxy: env.NO_PROXY ?? env.no_proxy ?? '',
    } as ConstructorParameters<typeof EnvHttpProxyAgent>[0]);
    proxied = true;
  } else {
    main = new Agent({ ...base, connect });
  }
  return {
    direct,
    main,
    proxied,
    async close() {
      await Promise.allSettled([direct.close(), main.close()]);
    },
  };
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
