/**
 * Turns commander's raw option bag into checked, typed CLI options. Setting flags
 * (--limit-rate, --provider, --timeout...) go through @tiksaver/providers' config layer,
 * the same parsers as env and the config file; a bad value becomes a UsageError (exit 2)
 * naming the flag. Only the lazily loaded commands import this module (never program.ts),
 * and each of them loads the providers anyway, so this costs --help nothing.
 */
import { isTiksaverError } from '@tiksaver/core';
import { readFlags, SETTINGS, type ConfigLayer, type SettingSpec } from '@tiksaver/providers';

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

const WANTS = ['auto', 'video', 'image', 'audio'] as const;

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

/**
 * Checked CLI options: what only the command line has (inputs, output modes), plus the
 * setting flags, parsed by the shared config layer (@tiksaver/providers) into setting keys.
 * `flags` keeps them as typed, for loadConfig to merge with env and the config file.
 */
export interface CliOptions extends ConfigLayer {
  inputs: string[];
  batchFile?: string;
  force: boolean;
  want?: WantName;
  compare: boolean;
  json: boolean;
  printUrls: boolean;
  dryRun: boolean;
  quiet: boolean;
  progress: boolean;
  verbose: boolean;
  /** undefined = TIKSAVER_CONFIG or the default path; false = --no-config. */
  configPath?: string | false;
  sandbox: boolean;
  /** --stories: each input is a profile (link or @name) whose current stories are saved. */
  stories: boolean;
  /** The setting flags as given, by setting key (e.g. { limitRateBps: '50K' }). */
  flags: Record<string, unknown>;
}

function oneOf<T extends string>(option: string, value: string | undefined, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  const v = value.trim().toLowerCase();
  if ((allowed as readonly string[]).includes(v)) return v as T;
  throw new UsageError(`${option} must be one of ${allowed.join(', ')} (got "${value}")`);
}

/** commander's name for a flag's value: --limit-rate is opts().limitRate. */
const attributeOf = (flag: string) => flag.replace(/^--/, '').replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

/** The values of every setting flag the user gave, by setting key (the table says which flag is which). */
function settingFlags(raw: RawOptions): Record<string, unknown> {
  const flags: Record<string, unknown> = {};
  const given = raw as Record<string, unknown>;
  for (const [key, spec] of Object.entries<SettingSpec>(SETTINGS)) {
    const value = spec.flag ? given[attributeOf(spec.flag)] : undefined;
    if (value !== undefined) flags[key] = value;
  }
  return flags;
}

/** The setting flags through the shared parsers; a bad one is a usage error naming the flag. */
function parseSettingFlags(flags: Record<string, unknown>): ConfigLayer {
  try {
    return readFlags(flags);
  } catch (error) {
    if (isTiksaverError(error) && error.code === 'MISCONFIGURED') throw new UsageError(error.message);
    throw error;
  }
}

export function normalizeOptions(inputs: string[], raw: RawOptions, env: Record<string, string | undefined>): CliOptions {
  let want = oneOf('--want', raw.want, WANTS);
  if (raw.audio) {
    if (want && want !== 'audio') throw new UsageError(`-x/--audio conflicts with --want ${want}`);
    want = 'audio';
  }
  const flags = settingFlags(raw);
  if (raw.compare) {
    const asked = typeof raw.strategy === 'string' ? raw.strategy.trim().toLowerCase() : undefined;
    if (asked && asked !== 'all') throw new UsageError(`--compare always tries every provider; drop --strategy ${raw.strategy}`);
    flags.strategy = 'all';
  }
  const settings = parseSettingFlags(flags);
  const printUrls = Boolean(raw.printUrls);
  if (printUrls && raw.json) throw new UsageError('--print-urls and --json both write to stdout; pick one');
  const noColor = env.NO_COLOR !== undefined && env.NO_COLOR !== '';
  const options: CliOptions = {
    ...settings,
    inputs,
    force: Boolean(raw.force),
    compare: Boolean(raw.compare),
    json: Boolean(raw.json),
    printUrls,
    dryRun: Boolean(raw.dryRun) || printUrls || Boolean(raw.compare),
    quiet: Boolean(raw.quiet),
    progress: raw.progress !== false && !raw.quiet && !noColor,
    verbose: Boolean(raw.verbose),
    sandbox: Boolean(raw.sandbox),
    stories: Boolean(raw.stories),
    flags,
  };
  if (options.stories && options.compare) throw new UsageError('--compare looks at one link; with --stories use --dry-run to see the list');
  if (options.stories && printUrls) throw new UsageError('--print-urls takes one link; with --stories use --dry-run or --json');
  if (raw.batchFile !== undefined) options.batchFile = raw.batchFile;
  if (want) options.want = want;
  const { providers, exclude } = settings;
  if (providers && exclude && providers.every((p) => exclude.includes(p))) {
    throw new UsageError('--exclude removes every provider named in --provider; nothing would be tried');
  }
  if (raw.config !== undefined) options.configPath = raw.config;
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
