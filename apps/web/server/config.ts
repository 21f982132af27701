/**
 * The web app's settings. The ONLY module that reads process.env / argv; everything else
 * gets these values passed in.
 */
import { parseArgs } from 'node:util';
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
TIKSAVER_RESOLVE_PER_MIN, TIKSAVER_MEDIA_PER_MIN, TIKSAVER_TRUST_PROXY, TIKSAVER_TRUSTED_PROXIES,
TIKSAVER_FFMPEG_MAX and the CLI's provider
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
    ...(configFile && { configFile }),
    env,
  };
}
