/**
 * The product, assembled once for both apps: configuration in; the HTTP client, the
 * providers in their order and the resolver out. What differs between the CLI and the web
 * server is an option here, not a second assembly: the CLI asks for the lean transport,
 * its download limits and the user's own base URLs past the address guard; the web
 * server hands in its store's pace gate. Both pass their cookies and (with --sandbox) got
 * the sandbox's wiring from loadConfig.
 */
import { createHttpClient, createResolver, type FileCookie, type HttpClient, type HttpClientOptions, type Logger, type Provider, type Resolver } from '@tiksaver/core';
import type { TiksaverConfig } from './config.js';
import type { ProviderId } from './registry.js';
import { chooseProviders } from './registry.js';
import type { Env } from './setting-table.js';

export interface AssembleOptions {
  /** For the HTTP client's HTTP(S)_PROXY / NO_PROXY. */
  env: Env;
  /** TikTok cookies (a parsed cookies.txt) for TikTok's own hosts. */
  cookies?: readonly FileCookie[];
  /** The engine's and providers' decisions (CLI -v). */
  logger?: Logger;
  /** 'lean' for one short process (the CLI): no undici pool to warm up. */
  transport?: HttpClientOptions['transport'];
  /**
   * Apply the download settings of a user's own machine: the speed cap (limitRateBps) and
   * the floor speed (speedLimitBps / speedTimeMs). A server keeps the client's defaults.
   */
  downloadLimits?: boolean;
  /**
   * Let the base URLs the user configured (a self-hosted cobalt on localhost) past the
   * address guard, as the user's own choice. A public server keeps them behind it: only
   * host-mapped origins (the sandbox, TIKSAVER_HOST_MAP) may be private there.
   */
  trustConfiguredOrigins?: boolean;
  /** Spaces paced requests across processes (the web server's shared store). */
  paceGate?: HttpClientOptions['paceGate'];
}

export interface Product {
  http: HttpClient;
  /** Every provider in the configured order; those not chosen are disabled with the reason. */
  providers: readonly Provider[];
  /** The ids a resolution tries, in order (providers / exclude applied). */
  order: ProviderId[];
  resolver: Resolver;
}

/** Base URLs the user set (cobalt, baseUrls). */
function configuredOrigins(config: TiksaverConfig): string[] {
  return [config.cobaltUrl, ...Object.values(config.baseUrls)].filter((url): url is string => typeof url === 'string' && url !== '');
}

function httpOptions(config: TiksaverConfig, options: AssembleOptions): HttpClientOptions {
  const limits = options.downloadLimits === true;
  return {
    ...(options.cookies?.length && { cookies: options.cookies }),
    ...(options.transport && { transport: options.transport }),
    ...(config.hostMap !== undefined && { hostMap: config.hostMap }),
    ...(config.proxy !== undefined && { proxy: config.proxy }),
    env: options.env,
    ...(config.retries !== undefined && { retries: config.retries }),
    // On every hop after DNS: a link or a redirect cannot make tiksaver fetch from a
    // private or local address. Host-mapped origins are exempt.
    addressGuard: true,
    ...(options.trustConfiguredOrigins && { allowOrigins: configuredOrigins(config) }),
    ...(options.paceGate && { paceGate: options.paceGate }),
    ...(limits && config.limitRateBps !== undefined && { limitRateBps: config.limitRateBps }),
    ...(limits && config.speedLimitBps !== undefined && { lowSpeedLimitBps: config.speedLimitBps }),
    ...(limits && config.speedTimeMs !== undefined && { lowSpeedTimeMs: config.speedTimeMs }),
  };
}

export function assembleProduct(config: TiksaverConfig, options: AssembleOptions): Product {
  const http = createHttpClient(httpOptions(config, options));
  const { providers, order } = chooseProviders(config);
  const resolver = createResolver({
    providers,
    http,
    ...(options.logger && { logger: options.logger }),
    ...(config.strategy !== undefined && { strategy: config.strategy }),
    ...(config.hedgeDelayMs !== undefined && { hedgeDelayMs: config.hedgeDelayMs }),
    ...(config.timeoutMs !== undefined && { providerTimeoutMs: config.timeoutMs }),
    ...(config.totalTimeoutMs !== undefined && { totalTimeoutMs: config.totalTimeoutMs }),
  });
  return { http, providers, order, resolver };
}
