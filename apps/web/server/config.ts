/**
 * The web app's settings, from the arguments and environment main.ts passes in (the one
 * module that reads the process's); everything else gets these values passed down.
 */
import { parseArgs } from 'node:util';
import { TiksaverError } from '@tiksaver/core';
import { configValues, defineSettings, findConfigFile, readSettings } from '@tiksaver/providers';
import * as z from 'zod';
import { trustedProxyList } from './client-address.js';

export interface WebConfig {
  port: number;
  /** Bind address; 127.0.0.1 unless HOST says otherwise. */
  host: string;
  /** Start the embedded sandbox and route TikTok and the services to it. */
  sandbox: boolean;
  /** HMAC secret for media tokens; random per process when unset. */
  secret?: string;
  tokenTtlMs: number;
  reportTtlMs: number;
  /** Requests per minute and client for /api/resolve and /api/media. */
  resolvePerMinute: number;
  mediaPerMinute: number;
  trustProxy: boolean;
  /** Shared state for several instances (TIKSAVER_REDIS_URL); absent = this process's memory. */
  redisUrl?: string;
  /** How long a resolution is reused for the same item and wanted media (0 = never). */
  resolveCacheTtlMs: number;
  /** How long a failed resolution is reused (0 = never). */
  failureCacheTtlMs: number;
  /** Memory-mode bound on cached reports, in bytes. */
  cacheMaxBytes: number;
  /** The operator page /status (TIKSAVER_STATUS=1). */
  statusPage: boolean;
  /** TIKSAVER_TRUSTED_PROXIES: further proxies (addresses, CIDR); setting it turns trustProxy on. */
  trustedProxies: string[];
  /** TIKSAVER_FFMPEG_MAX: MP3 conversions running at once (the rest wait). */
  ffmpegConcurrency: number;
  /** Provider config file (--config or TIKSAVER_CONFIG). */
  configFile?: string;
  /**
   * Passed to the shared loadConfig (providers, TIKSAVER_HOST_MAP, TIKSAVER_PROXY,
   * TIKSAVER_OUTPUT, timeouts...) and the HTTP client (HTTP(S)_PROXY, NO_PROXY).
   */
  env: Record<string, string | undefined>;
}

const USAGE = `Usage: node apps/web/dist/server.js [--sandbox] [--port N] [--host ADDR] [--config FILE]

  --sandbox        start the embedded sandbox (no real site is contacted) and print links to try
  --port, -p N     port for the page and the API (env PORT, default 8787)
  --host ADDR      bind address (env HOST, default 127.0.0.1)
  --config FILE    provider config file (env TIKSAVER_CONFIG)

Environment: TIKSAVER_HOST_MAP, TIKSAVER_SECRET, TIKSAVER_TOKEN_TTL_SEC, TIKSAVER_REPORT_TTL_SEC,
TIKSAVER_RESOLVE_PER_MIN, TIKSAVER_MEDIA_PER_MIN, TIKSAVER_TRUST_PROXY, TIKSAVER_TRUSTED_PROXIES, TIKSAVER_FFMPEG_MAX,
TIKSAVER_REDIS_URL, TIKSAVER_RESOLVE_CACHE_SEC, TIKSAVER_FAILURE_CACHE_SEC, TIKSAVER_CACHE_MAX_MB, TIKSAVER_STATUS and the CLI's provider
settings (TIKSAVER_PROVIDERS, TIKSAVER_COBALT_URL, TIKSAVER_PROXY, ...). See apps/web/README.md.
`;

const { boolLike, count } = configValues;
const seconds = count.transform((n) => n * 1000);
const commaList = z.string().transform((text) => text.split(',').map((entry) => entry.trim()).filter(Boolean));

/**
 * The server's own settings, declared with the same machinery as the product's (flags >
 * env); the provider settings (TIKSAVER_PROVIDERS, TIKSAVER_PROXY, ...) are loaded by
 * services.ts from `env` and the config file.
 */
export const WEB_SETTINGS = defineSettings({
  port: { value: count, env: 'PORT', flag: '--port', doc: 'port for the page and the API (default 8787)' },
  host: { value: z.string().min(1), env: 'HOST', flag: '--host', doc: 'bind address (default 127.0.0.1)' },
  sandbox: { value: boolLike, env: 'TIKSAVER_SANDBOX', flag: '--sandbox', doc: 'start the embedded sandbox' },
  secret: { value: z.string().min(1), env: 'TIKSAVER_SECRET', doc: 'HMAC secret for media tokens' },
  tokenTtlMs: { value: seconds, env: 'TIKSAVER_TOKEN_TTL_SEC', doc: 'media token lifetime, seconds (default 1800)' },
  reportTtlMs: { value: seconds, env: 'TIKSAVER_REPORT_TTL_SEC', doc: 'report cache lifetime, seconds (default 300)' },
  resolvePerMinute: { value: count, env: 'TIKSAVER_RESOLVE_PER_MIN', doc: '/api/resolve requests per minute and client (default 30)' },
  mediaPerMinute: { value: count, env: 'TIKSAVER_MEDIA_PER_MIN', doc: '/api/media requests per minute and client (default 300)' },
  trustProxy: { value: boolLike, env: 'TIKSAVER_TRUST_PROXY', doc: 'trust X-Forwarded-For from the peer' },
  trustedProxies: { value: commaList, env: 'TIKSAVER_TRUSTED_PROXIES', doc: 'further trusted proxies (addresses, CIDR); turns trustProxy on' },
  ffmpegConcurrency: { value: count, env: 'TIKSAVER_FFMPEG_MAX', doc: 'MP3 conversions at once (default 2)' },
  redisUrl: { value: z.string().trim().regex(/^rediss?:\/\//i, 'must be a redis:// or rediss:// URL'), env: 'TIKSAVER_REDIS_URL', doc: 'shared state for several instances' },
  resolveCacheTtlMs: { value: seconds, env: 'TIKSAVER_RESOLVE_CACHE_SEC', doc: 'resolution reuse, seconds (default 60; 0 = never)' },
  failureCacheTtlMs: { value: seconds, env: 'TIKSAVER_FAILURE_CACHE_SEC', doc: 'failed resolution reuse, seconds (default 10; 0 = never)' },
  cacheMaxBytes: { value: count.transform((mb) => mb * 2 ** 20), env: 'TIKSAVER_CACHE_MAX_MB', doc: 'memory-mode bound on cached reports, MB (default 64)' },
  statusPage: { value: boolLike, env: 'TIKSAVER_STATUS', doc: 'the operator page /status' },
});

/** The server's settings from its arguments and environment (main.ts passes them in). */
export function readWebConfig(argv: string[], env: Record<string, string | undefined>): WebConfig {
  const { values } = parseArgs({
    args: argv,
    options: {
      sandbox: { type: 'boolean' },
      port: { type: 'string', short: 'p' },
      host: { type: 'string' },
      config: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(USAGE);
    process.exit(0);
  }
  const s = readSettings(WEB_SETTINGS, { env, flags: { port: values.port, host: values.host, sandbox: values.sandbox } });
  const configFile = findConfigFile({ ...(values.config !== undefined && { flag: values.config }), env }).path;
  // Instances behind one load balancer must verify each other's media tokens.
  if (s.redisUrl !== undefined && s.secret === undefined) {
    throw new TiksaverError(
      'MISCONFIGURED',
      'TIKSAVER_REDIS_URL is set but TIKSAVER_SECRET is not: every instance sharing Redis needs the same TIKSAVER_SECRET (a long random string) so that a download link made by one is accepted by the others.',
    );
  }
  const trustedProxies = s.trustedProxies ?? [];
  trustedProxyList(trustedProxies); // a bad entry stops the start with a clear message
  return {
    port: s.port ?? 8787,
    host: s.host ?? '127.0.0.1',
    sandbox: s.sandbox ?? false,
    ...(s.secret !== undefined && { secret: s.secret }),
    tokenTtlMs: s.tokenTtlMs ?? 30 * 60_000,
    reportTtlMs: s.reportTtlMs ?? 5 * 60_000,
    resolvePerMinute: s.resolvePerMinute ?? 30,
    mediaPerMinute: s.mediaPerMinute ?? 300,
    trustProxy: (s.trustProxy ?? false) || trustedProxies.length > 0,
    trustedProxies,
    ffmpegConcurrency: Math.max(1, s.ffmpegConcurrency ?? 2),
    ...(s.redisUrl !== undefined && { redisUrl: s.redisUrl }),
    resolveCacheTtlMs: s.resolveCacheTtlMs ?? 60_000,
    failureCacheTtlMs: s.failureCacheTtlMs ?? 10_000,
    cacheMaxBytes: s.cacheMaxBytes ?? 64 * 2 ** 20,
    statusPage: s.statusPage ?? false,
    ...(configFile && { configFile }),
    env,
  };
}
