/**
 * The web app's settings. The ONLY module that reads process.env / argv; everything else
 * gets these values passed in.
 */
import { parseArgs } from 'node:util';
import { TiksaverError } from '@tiksaver/core';
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

function intFrom(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a whole number, got "${value}"`);
  return n;
}

function flagFrom(value: string | undefined): boolean {
  return value !== undefined && /^(1|true|yes|on)$/i.test(value);
}

export function readWebConfig(argv: string[] = process.argv.slice(2), env: Record<string, string | undefined> = process.env): WebConfig {
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
  const configFile = values.config ?? env.TIKSAVER_CONFIG;
  const redisUrl = env.TIKSAVER_REDIS_URL?.trim() || undefined;
  if (redisUrl !== undefined) {
    if (!/^rediss?:\/\//i.test(redisUrl)) {
      throw new TiksaverError('MISCONFIGURED', `TIKSAVER_REDIS_URL must be a redis:// or rediss:// URL, got "${redisUrl.slice(0, 80)}".`);
    }
    // Instances behind one load balancer must verify each other's media tokens.
    if (!env.TIKSAVER_SECRET) {
      throw new TiksaverError(
        'MISCONFIGURED',
        'TIKSAVER_REDIS_URL is set but TIKSAVER_SECRET is not: every instance sharing Redis needs the same TIKSAVER_SECRET (a long random string) so that a download link made by one is accepted by the others.',
      );
    }
  }
  const trustedProxies = (env.TIKSAVER_TRUSTED_PROXIES ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  trustedProxyList(trustedProxies); // a bad entry stops the start with a clear message
  return {
    port: intFrom(values.port ?? env.PORT, 8787, 'PORT'),
    host: values.host ?? env.HOST ?? '127.0.0.1',
    sandbox: values.sandbox === true || flagFrom(env.TIKSAVER_SANDBOX),
    ...(env.TIKSAVER_SECRET && { secret: env.TIKSAVER_SECRET }),
    tokenTtlMs: intFrom(env.TIKSAVER_TOKEN_TTL_SEC, 30 * 60, 'TIKSAVER_TOKEN_TTL_SEC') * 1000,
    reportTtlMs: intFrom(env.TIKSAVER_REPORT_TTL_SEC, 5 * 60, 'TIKSAVER_REPORT_TTL_SEC') * 1000,
    resolvePerMinute: intFrom(env.TIKSAVER_RESOLVE_PER_MIN, 30, 'TIKSAVER_RESOLVE_PER_MIN'),
    mediaPerMinute: intFrom(env.TIKSAVER_MEDIA_PER_MIN, 300, 'TIKSAVER_MEDIA_PER_MIN'),
    trustProxy: flagFrom(env.TIKSAVER_TRUST_PROXY) || trustedProxies.length > 0,
    trustedProxies,
    ffmpegConcurrency: Math.max(1, intFrom(env.TIKSAVER_FFMPEG_MAX, 2, 'TIKSAVER_FFMPEG_MAX')),
    ...(redisUrl !== undefined && { redisUrl }),
    resolveCacheTtlMs: intFrom(env.TIKSAVER_RESOLVE_CACHE_SEC, 60, 'TIKSAVER_RESOLVE_CACHE_SEC') * 1000,
    failureCacheTtlMs: intFrom(env.TIKSAVER_FAILURE_CACHE_SEC, 10, 'TIKSAVER_FAILURE_CACHE_SEC') * 1000,
    cacheMaxBytes: intFrom(env.TIKSAVER_CACHE_MAX_MB, 64, 'TIKSAVER_CACHE_MAX_MB') * 2 ** 20,
    statusPage: flagFrom(env.TIKSAVER_STATUS),
    ...(configFile && { configFile }),
    env,
  };
}
