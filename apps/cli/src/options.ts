/**
 * Turns commander's raw option bag into checked, typed CLI options. Bad values become a
 * UsageError (exit 2) with a sentence that names the option. Only the lazily loaded
 * commands import this module (never program.ts), and each of them loads the providers
 * anyway, so taking the provider ids from @tiksaver/providers costs --help nothing.
 */
import { PROVIDER_IDS } from '@tiksaver/providers';

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

const STRATEGIES = ['sequential', 'hedged', 'all'] as const;
const WANTS = ['auto', 'video', 'image', 'audio'] as const;
const AUDIO_FORMATS = ['mp3', 'original'] as const;
const CODECS = ['h264', 'h265'] as const;

export type StrategyName = (typeof STRATEGIES)[number];
export type WantName = (typeof WANTS)[number];

export interface RawOptions {
  batchFile?: string;
  output?: string;
  paths?: string;
  force?: boolean;
  restrictFilenames?: boolean;
  want?: string;
  audio?: boolean;
  audioFormat?: string;
  provider?: string;
  exclude?: string;
  strategy?: string;
  hedgeDelay?: string;
  timeout?: string;
  listProviders?: boolean;
  compare?: boolean;
  json?: boolean;
  printUrls?: boolean;
  dryRun?: boolean;
  quiet?: boolean;
  progress?: boolean;
  verbose?: boolean;
  proxy?: string;
  retries?: string;
  limitRate?: string;
  speedLimit?: string;
  speedTime?: string;
  hostMap?: string;
  cobaltUrl?: string;
  cobaltKey?: string;
  config?: string | false;
  codec?: string;
  sandbox?: boolean;
  online?: boolean;
  stories?: boolean;
  cookies?: string;
  downloadArchive?: string;
}

export interface CliOptions {
  inputs: string[];
  batchFile?: string;
  template?: string;
  dir?: string;
  force: boolean;
  restrictFilenames: boolean;
  want?: WantName;
  audioFormat?: 'mp3' | 'original';
  providers?: string[];
  exclude?: string[];
  strategy?: StrategyName;
  hedgeDelayMs?: number;
  timeoutMs?: number;
  compare: boolean;
  json: boolean;
  printUrls: boolean;
  dryRun: boolean;
  quiet: boolean;
  progress: boolean;
  verbose: boolean;
  proxy?: string;
  retries?: number;
  limitRateBps?: number;
  speedLimitBps?: number;
  speedTimeMs?: number;
  hostMap?: string;
  cobaltUrl?: string;
  cobaltKey?: string;
  /** undefined = default path; false = --no-config. */
  configPath?: string | false;
  codec?: 'h264' | 'h265';
  sandbox: boolean;
  /** --stories: each input is a profile (link or @name) whose current stories are saved. */
  stories: boolean;
  cookiesFile?: string;
  downloadArchive?: string;
}

function oneOf<T extends string>(option: string, value: string | undefined, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  const v = value.trim().toLowerCase();
  if ((allowed as readonly string[]).includes(v)) return v as T;
  throw new UsageError(`${option} must be one of ${allowed.join(', ')} (got "${value}")`);
}

export function parseProviderList(option: string, value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const ids = value.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
  if (ids.length === 0) throw new UsageError(`${option} needs at least one provider id (${PROVIDER_IDS.join(', ')})`);
  for (const id of ids) {
    if (!(PROVIDER_IDS as readonly string[]).includes(id)) {
      throw new UsageError(`${option}: unknown provider "${id}" (known: ${PROVIDER_IDS.join(', ')})`);
    }
  }
  return [...new Set(ids)];
}

const RATE_UNITS: Record<string, number> = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 };

/** yt-dlp style rates: "50K", "4.2M", "800" (bytes per second), optional trailing "B" or "/s". */
export function parseRate(value: string, option = '--limit-rate'): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([kmg]?)(?:i?b)?(?:\/s)?\s*$/i.exec(value);
  if (!m) throw new UsageError(`${option}: cannot read "${value}"; use bytes per second like 50K or 4.2M`);
  const bps = Math.round(Number(m[1]) * RATE_UNITS[m[2]!.toLowerCase()]!);
  if (bps <= 0) throw new UsageError(`${option} must be more than 0`);
  return bps;
}

/** "20" (in defaultUnit), "20s", "1500ms", "2m". */
export function parseDuration(option: string, value: string, defaultUnit: 'ms' | 's'): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m)?\s*$/i.exec(value);
  if (!m) throw new UsageError(`${option}: cannot read "${value}"; use a number like 20, 20s or 1500ms`);
  const n = Number(m[1]);
  const unit = (m[2]?.toLowerCase() ?? defaultUnit) as 'ms' | 's' | 'm';
  const ms = unit === 'ms' ? n : unit === 's' ? n * 1000 : n * 60_000;
  return Math.round(ms);
}

function parseCount(option: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value.trim())) throw new UsageError(`${option} must be a whole number (got "${value}")`);
  return Number(value);
}

function checkUrl(option: string, value: string | undefined, protocols: string[]): string | undefined {
  if (value === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`${option}: "${value}" is not a URL`);
  }
  if (!protocols.includes(url.protocol)) {
    throw new UsageError(`${option}: use a ${protocols.map((p) => p.replace(':', '')).join(' or ')} URL (got "${url.protocol}")`);
  }
  return value;
}

export function normalizeOptions(inputs: string[], raw: RawOptions, env: Record<string, string | undefined>): CliOptions {
  let want = oneOf('--want', raw.want, WANTS);
  if (raw.audio) {
    if (want && want !== 'audio') throw new UsageError(`-x/--audio conflicts with --want ${want}`);
    want = 'audio';
  }
  let strategy = oneOf('--strategy', raw.strategy, STRATEGIES);
  if (raw.compare) {
    if (strategy && strategy !== 'all') throw new UsageError(`--compare always tries every provider; drop --strategy ${strategy}`);
    strategy = 'all';
  }
  const printUrls = Boolean(raw.printUrls);
  if (printUrls && raw.json) throw new UsageError('--print-urls and --json both write to stdout; pick one');
  const noColor = env.NO_COLOR !== undefined && env.NO_COLOR !== '';
  const options: CliOptions = {
    inputs,
    force: Boolean(raw.force),
    restrictFilenames: Boolean(raw.restrictFilenames),
    compare: Boolean(raw.compare),
    json: Boolean(raw.json),
    printUrls,
    dryRun: Boolean(raw.dryRun) || printUrls || Boolean(raw.compare),
    quiet: Boolean(raw.quiet),
    progress: raw.progress !== false && !raw.quiet && !noColor,
    verbose: Boolean(raw.verbose),
    sandbox: Boolean(raw.sandbox),
    stories: Boolean(raw.stories),
  };
  if (options.stories && options.compare) throw new UsageError('--compare looks at one link; with --stories use --dry-run to see the list');
  if (options.stories && printUrls) throw new UsageError('--print-urls takes one link; with --stories use --dry-run or --json');
  if (raw.cookies !== undefined) options.cookiesFile = raw.cookies;
  if (raw.downloadArchive !== undefined) options.downloadArchive = raw.downloadArchive;
  if (raw.batchFile !== undefined) options.batchFile = raw.batchFile;
  if (raw.output !== undefined) options.template = raw.output;
  if (raw.paths !== undefined) options.dir = raw.paths;
  if (want) options.want = want;
  const audioFormat = oneOf('--audio-format', raw.audioFormat, AUDIO_FORMATS);
  if (audioFormat) options.audioFormat = audioFormat;
  const providers = parseProviderList('--provider', raw.provider);
  if (providers) options.providers = providers;
  const exclude = parseProviderList('--exclude', raw.exclude);
  if (exclude) options.exclude = exclude;
  if (providers && exclude && providers.every((p) => exclude.includes(p))) {
    throw new UsageError('--exclude removes every provider named in --provider; nothing would be tried');
  }
  if (strategy) options.strategy = strategy;
  if (raw.hedgeDelay !== undefined) options.hedgeDelayMs = parseDuration('--hedge-delay', raw.hedgeDelay, 'ms');
  if (raw.timeout !== undefined) {
    options.timeoutMs = parseDuration('--timeout', raw.timeout, 's');
    if (options.timeoutMs <= 0) throw new UsageError('--timeout must be more than 0');
  }
  const proxy = checkUrl('--proxy', raw.proxy, ['http:', 'https:', 'socks5:']);
  if (proxy) options.proxy = proxy;
  const retries = parseCount('--retries', raw.retries);
  if (retries !== undefined) options.retries = retries;
  if (raw.limitRate !== undefined) options.limitRateBps = parseRate(raw.limitRate);
  if (raw.speedLimit !== undefined) options.speedLimitBps = parseRate(raw.speedLimit, '--speed-limit');
  if (raw.speedTime !== undefined) options.speedTimeMs = parseDuration('--speed-time', raw.speedTime, 's');
  if (raw.hostMap !== undefined) options.hostMap = raw.hostMap;
  const cobaltUrl = checkUrl('--cobalt-url', raw.cobaltUrl, ['http:', 'https:']);
  if (cobaltUrl) options.cobaltUrl = cobaltUrl;
  if (raw.cobaltKey !== undefined) options.cobaltKey = raw.cobaltKey;
  if (raw.config !== undefined) options.configPath = raw.config;
  const codec = oneOf('--codec', raw.codec, CODECS);
  if (codec) options.codec = codec;
  return options;
}

/**
 * normalizeOptions for a command: a UsageError is written to stderr as "<prefix>: <message>"
 * (then `footer`) and gives undefined, for the command to return EXIT.USAGE.
 */
export function optionsOrUsageError(
  inputs: string[],
  raw: RawOptions,
  env: Record<string, string | undefined>,
  prefix: string,
  footer = '',
): CliOptions | undefined {
  try {
    return normalizeOptions(inputs, raw, env);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`${prefix}: ${error.message}\n${footer}`);
    return undefined;
  }
}
