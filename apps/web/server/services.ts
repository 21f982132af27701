/**
 * Builds what the app runs on from a WebConfig: the shared provider config (loadConfig:
 * flags > env > file > defaults, the same as the CLI), the product from assembleProduct
 * (the CLI's assembly too: HTTP client with the address guard on, where only host-mapped
 * origins such as the sandbox or TIKSAVER_HOST_MAP may be private; providers; resolver),
 * the token signer, and the store (memory, or Redis with TIKSAVER_REDIS_URL) behind the
 * report cache, rate limits, pacing and provider health.
 */
import { DEFAULT_TEMPLATE, readTikTokCookies, type FileCookie } from '@tiksaver/core';
import { assembleProduct, describeProviders, loadConfig, type SandboxWiring } from '@tiksaver/providers';
import type { AppDeps } from './app.js';
import type { WebConfig } from './config.js';
import { createReportCache } from './report-cache.js';
import { createStore } from './store/index.js';
import { createTokenSigner } from './tokens.js';
import { envOf } from './setting-env.js';

export interface ServiceOverrides {
  /** A running sandbox: TikTok and every service go to it (loadConfig applies its wiring). */
  sandbox?: SandboxWiring;
  /** Provider settings over env and file (setting keys), e.g. { cobaltUrl } in a test. */
  providerFlags?: Record<string, unknown>;
  staticRoot?: string;
  version?: string;
}

/**
 * TIKSAVER_COOKIES (or the config file's "cookies"): the operator's cookies.txt. Its TikTok
 * cookies go with requests to TikTok's own hosts; a public instance has none unless its
 * operator sets this. A file that cannot be read stops the server at start.
 */
function operatorCookies(file: string | undefined): FileCookie[] {
  return file ? readTikTokCookies(file).kept : [];
}

export function createServices(config: WebConfig, overrides: ServiceOverrides = {}): AppDeps {
  const providerConfig = loadConfig({
    env: config.env,
    ...(config.configFile !== undefined && { file: config.configFile }),
    ...(overrides.providerFlags && { flags: overrides.providerFlags }),
    ...(overrides.sandbox && { sandbox: overrides.sandbox }),
  });
  const store = createStore({ ...(config.redisUrl !== undefined && { redisUrl: config.redisUrl }), maxCacheBytes: config.cacheMaxBytes });
  const cookies = operatorCookies(providerConfig.cookiesFile);
  const { http, providers, resolver } = assembleProduct(providerConfig, {
    env: config.env,
    cookies,
    // tikwm's 1 request/s holds for the whole cluster, not per instance.
    paceGate: (host, intervalMs) => store.pace.reserve(host, intervalMs),
  });
  return {
    http,
    resolver,
    signer: createTokenSigner({ ...(config.secret !== undefined && { secret: config.secret }), ttlMs: config.tokenTtlMs }),
    store,
    cache: createReportCache({ ttlMs: config.reportTtlMs, store: store.cache }),
    resolveCacheTtlMs: config.resolveCacheTtlMs,
    failureCacheTtlMs: config.failureCacheTtlMs,
    statusPage: config.statusPage,
    filenameTemplate: providerConfig.outputTemplate ?? DEFAULT_TEMPLATE,
    limits: {
      resolve: { limit: config.resolvePerMinute, windowMs: 60_000 },
      media: { limit: config.mediaPerMinute, windowMs: 60_000 },
    },
    trustProxy: config.trustProxy,
    trustedProxies: config.trustedProxies,
    ffmpegConcurrency: config.ffmpegConcurrency,
    providerInfo: () => ({ providers: describeProviders(providers, envOf) }),
    close: () => store.close(),
    sandbox: config.sandbox,
    operatorCookies: cookies.length > 0,
    ...(providerConfig.baseUrls.native !== undefined && { nativeBaseUrl: providerConfig.baseUrls.native }),
    ...(overrides.staticRoot !== undefined && { staticRoot: overrides.staticRoot }),
    ...(overrides.version !== undefined && { version: overrides.version }),
  };
}
