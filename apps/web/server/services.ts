/**
 * Builds what the app runs on from a WebConfig: the shared provider config (loadConfig:
 * flags > env > file > defaults, the same as the CLI), the HTTP client with the address
 * guard on (only host-mapped origins, i.e. the sandbox or TIKSAVER_HOST_MAP, may be
 * private), the providers, the resolver, the token signer and the report cache.
 */
import { DEFAULT_TEMPLATE, createHttpClient, createResolver, type HostMapEntry } from '@tiksaver/core';
import { createDefaultProviders, describeProviders, loadConfig } from '@tiksaver/providers';
import type { AppDeps } from './app.js';
import type { WebConfig } from './config.js';
import { createReportCache } from './report-cache.js';
import { createTokenSigner } from './tokens.js';

export interface ServiceOverrides {
  /** Host map from a running sandbox (replaces TIKSAVER_HOST_MAP). */
  hostMap?: HostMapEntry[] | string;
  /** Provider config flags (config key names), e.g. { cobaltUrl } for the sandbox. */
  providerFlags?: Record<string, unknown>;
  staticRoot?: string;
  version?: string;
}

export function createServices(config: WebConfig, overrides: ServiceOverrides = {}): AppDeps {
  const providerConfig = loadConfig({
    env: config.env,
    ...(config.configFile !== undefined && { file: config.configFile }),
    ...(overrides.providerFlags && { flags: overrides.providerFlags }),
  });
  const hostMap = overrides.hostMap ?? providerConfig.hostMap;
  const http = createHttpClient({
    ...(hostMap !== undefined && { hostMap }),
    ...(providerConfig.proxy !== undefined && { proxy: providerConfig.proxy }),
    ...(providerConfig.retries !== undefined && { retries: providerConfig.retries }),
    addressGuard: true,
    env: config.env,
  });
  const providers = createDefaultProviders(providerConfig);
  const resolver = createResolver({
    providers,
    http,
    ...(providerConfig.strategy !== undefined && { strategy: providerConfig.strategy }),
    ...(providerConfig.hedgeDelayMs !== undefined && { hedgeDelayMs: providerConfig.hedgeDelayMs }),
    ...(providerConfig.timeoutMs !== undefined && { providerTimeoutMs: providerConfig.timeoutMs }),
    ...(providerConfig.totalTimeoutMs !== undefined && { totalTimeoutMs: providerConfig.totalTimeoutMs }),
  });
  return {
    http,
    resolver,
    signer: createTokenSigner({ ...(config.secret !== undefined && { secret: config.secret }), ttlMs: config.tokenTtlMs }),
    cache: createReportCache({ ttlMs: config.reportTtlMs }),
    filenameTemplate: providerConfig.outputTemplate ?? DEFAULT_TEMPLATE,
    limits: {
      resolve: { limit: config.resolvePerMinute, windowMs: 60_000 },
      media: { limit: config.mediaPerMinute, windowMs: 60_000 },
    },
    trustProxy: config.trustProxy,
    trustedProxies: config.trustedProxies,
    ffmpegConcurrency: config.ffmpegConcurrency,
    providerInfo: () => ({ providers: describeProviders(providers) }),
    sandbox: config.sandbox,
    ...(overrides.staticRoot !== undefined && { staticRoot: overrides.staticRoot }),
    ...(overrides.version !== undefined && { version: overrides.version }),
  };
}
