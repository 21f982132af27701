/**
 * Configuration for the providers and the apps that run them, from four layers with ONE
 * precedence rule, key by key: flags > env > config file > defaults. Pure: env and flags
 * are passed in; only an explicitly given file path is read. Every bad value is a
 * MISCONFIGURED TiksaverError naming the key and where it came from.
 */
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { Strategy, TiksaverError, type HostMapEntry } from '@tiksaver/core';
import * as z from 'zod';
import { boolLike, count, duration, hostMap, httpUrl, idList, idRecord, PROVIDER_IDS, proxyUrl, rate, type ProviderId } from './config-values.js';

export { PROVIDER_IDS, type ProviderId } from './config-values.js';

export interface TiksaverConfig {
  /** Provider ids to use, in this order (default: all, in registry order). */
  providers?: ProviderId[];
  exclude: ProviderId[];
  /** Providers switched off (listed as disabled). */
  disable: ProviderId[];
  strategy?: Strategy;
  hedgeDelayMs?: number;
  /** Per provider attempt (and request) timeout. */
  timeoutMs?: number;
  /** Per provider override of timeoutMs. */
  timeouts: Partial<Record<ProviderId, number>>;
  totalTimeoutMs?: number;
  proxy?: string;
  hostMap?: string | HostMapEntry[];
  retries?: number;
  limitRateBps?: number;
  /** Floor speed of media downloads (curl --speed-limit / --speed-time); speedTimeMs 0 turns it off. */
  speedLimitBps?: number;
  speedTimeMs?: number;
  cobaltUrl?: string;
  cobaltKey?: string;
  baseUrls: Partial<Record<ProviderId, string>>;
  codec: 'h264' | 'h265';
  /** TikTok app install id: enables the native resolver's app-API fallback. */
  appIid?: string;
  /** SnapTik's key salt: it carries the year and rotates (services.md §1a), so it is a setting. */
  snaptikSalt?: string;
  /** SnapTik flow: the current JSON API, the legacy packed-script flow of clones, or auto. */
  snaptikFlow?: 'auto' | 'api' | 'legacy';
  outputTemplate?: string;
  outputDir?: string;
  restrictFilenames: boolean;
  audioFormat?: 'mp3' | 'original';
  /** Netscape cookies.txt whose TikTok cookies go with requests to TikTok's own hosts (`--cookies`). */
  cookiesFile?: string;
  /** yt-dlp's download archive: one `tiktok <id>` line per saved item; listed items are skipped. */
  downloadArchive?: string;
}

export const CONFIG_DEFAULTS = { exclude: [], disable: [], timeouts: {}, baseUrls: {}, codec: 'h264', restrictFilenames: false } as const;

/** One layer (file, env or flags), every key optional, in canonical key names. */
const Layer = (bareDuration: 'ms' | 's') =>
  z.strictObject({
    providers: idList.optional(),
    exclude: idList.optional(),
    disable: idList.optional(),
    strategy: Strategy.optional(),
    hedgeDelayMs: duration(bareDuration).optional(),
    timeoutMs: duration(bareDuration).optional(),
    timeouts: idRecord(duration(bareDuration)).optional(),
    totalTimeoutMs: duration(bareDuration).optional(),
    proxy: proxyUrl.optional(),
    hostMap: hostMap.optional(),
    retries: count.optional(),
    limitRateBps: rate.optional(),
    speedLimitBps: rate.optional(),
    speedTimeMs: duration(bareDuration).optional(),
    cobaltUrl: httpUrl.optional(),
    cobaltKey: z.string().min(1).optional(),
    baseUrls: idRecord(httpUrl).optional(),
    codec: z.enum(['h264', 'h265']).optional(),
    appIid: z.string().regex(/^\d+$/, 'must be the numeric install id').optional(),
    snaptikSalt: z.string().min(1).optional(),
    snaptikFlow: z.enum(['auto', 'api', 'legacy']).optional(),
    outputTemplate: z.string().min(1).optional(),
    outputDir: z.string().min(1).optional(),
    restrictFilenames: boolLike.optional(),
    audioFormat: z.enum(['mp3', 'original']).optional(),
    cookiesFile: z.string().min(1).optional(),
    downloadArchive: z.string().min(1).optional(),
  });
type LayerValues = z.output<ReturnType<typeof Layer>>;

/** Friendlier names people (and the CLI) use for some keys. */
const ALIASES: Record<string, keyof LayerValues> = {
  template: 'outputTemplate',
  dir: 'outputDir',
  limitRate: 'limitRateBps',
  speedLimit: 'speedLimitBps',
  speedTime: 'speedTimeMs',
  timeout: 'timeoutMs',
  totalTimeout: 'totalTimeoutMs',
  hedgeDelay: 'hedgeDelayMs',
  cookies: 'cookiesFile',
};

/** Env variable → key. TIKSAVER_<ID>_URL and TIKSAVER_<ID>_TIMEOUT are handled separately. */
export const ENV_KEYS: Record<string, keyof LayerValues> = {
  TIKSAVER_PROVIDERS: 'providers',
  TIKSAVER_EXCLUDE: 'exclude',
  TIKSAVER_DISABLE: 'disable',
  TIKSAVER_STRATEGY: 'strategy',
  TIKSAVER_HEDGE_DELAY: 'hedgeDelayMs',
  TIKSAVER_TIMEOUT: 'timeoutMs',
  TIKSAVER_TOTAL_TIMEOUT: 'totalTimeoutMs',
  TIKSAVER_PROXY: 'proxy',
  TIKSAVER_HOST_MAP: 'hostMap',
  TIKSAVER_RETRIES: 'retries',
  TIKSAVER_LIMIT_RATE: 'limitRateBps',
  TIKSAVER_SPEED_LIMIT: 'speedLimitBps',
  TIKSAVER_SPEED_TIME: 'speedTimeMs',
  TIKSAVER_COBALT_URL: 'cobaltUrl',
  TIKSAVER_COBALT_KEY: 'cobaltKey',
  TIKSAVER_CODEC: 'codec',
  TIKSAVER_TIKTOK_IID: 'appIid',
  TIKSAVER_SNAPTIK_SALT: 'snaptikSalt',
  TIKSAVER_SNAPTIK_FLOW: 'snaptikFlow',
  TIKSAVER_OUTPUT: 'outputTemplate',
  TIKSAVER_OUTPUT_DIR: 'outputDir',
  TIKSAVER_RESTRICT_FILENAMES: 'restrictFilenames',
  TIKSAVER_AUDIO_FORMAT: 'audioFormat',
  TIKSAVER_COOKIES: 'cookiesFile',
  TIKSAVER_DOWNLOAD_ARCHIVE: 'downloadArchive',
};

type Source = 'flags' | 'env' | 'file';

/** The default MISCONFIGURED hint talks about providers; these errors are about one setting. */
const SETTING_HINT = 'Fix or remove that setting: flags override TIKSAVER_* environment variables, which override the config file.';
const FILE_HINT = 'Fix the config file (a JSON object of settings), or point --config / TIKSAVER_CONFIG at another one.';

function misconfigured(source: Source, key: string, message: string, envNames: Record<string, string>, file?: string): TiksaverError {
  const where = source === 'env' ? `environment variable ${envNames[key] ?? key}` : source === 'file' ? `config file${file ? ` ${file}` : ''}, key "${key}"` : `option "${key}"`;
  return new TiksaverError('MISCONFIGURED', `Invalid setting in ${where}: ${message}`, { hint: SETTING_HINT, detail: { key, source, ...(file && { file }) } });
}

function parseLayer(raw: Record<string, unknown>, source: Source, envNames: Record<string, string> = {}, file?: string): LayerValues {
  const renamed: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    renamed[ALIASES[key] ?? key] = value;
  }
  const parsed = Layer(source === 'env' ? 's' : 'ms').safeParse(renamed);
  if (parsed.success) {
    // cobalt's base URL has its own key (cobaltUrl); baseUrls.cobalt is the same setting.
    const { baseUrls, ...rest } = parsed.data;
    if (baseUrls?.cobalt !== undefined) {
      const { cobalt, ...others } = baseUrls;
      return { ...rest, cobaltUrl: rest.cobaltUrl ?? cobalt, baseUrls: others };
    }
    return parsed.data;
  }
  const issue = parsed.error.issues[0]!;
  const key = issue.code === 'unrecognized_keys' ? issue.keys[0]! : String(issue.path[0] ?? '');
  const message = issue.code === 'unrecognized_keys' ? 'unknown setting' : issue.message;
  // Inside baseUrls/timeouts the provider id is part of the key; inside lists it is noise.
  const sub = (key === 'baseUrls' || key === 'timeouts') && typeof issue.path[1] === 'string' ? `.${issue.path[1]}` : '';
  throw misconfigured(source, key + sub, message, envNames, file);
}

function envLayer(env: Record<string, string | undefined>): { values: LayerValues; names: Record<string, string> } {
  const raw: Record<string, unknown> = {};
  const names: Record<string, string> = {};
  for (const [name, key] of Object.entries(ENV_KEYS)) {
    const value = env[name];
    if (value === undefined || value.trim() === '') continue;
    raw[key] = value;
    names[key] = name;
  }
  for (const id of PROVIDER_IDS) {
    const prefix = `TIKSAVER_${id.toUpperCase()}`;
    for (const [suffix, key] of [['_URL', 'baseUrls'], ['_TIMEOUT', 'timeouts']] as const) {
      if (id === 'cobalt' && suffix === '_URL') continue; // TIKSAVER_COBALT_URL is cobaltUrl
      const value = env[prefix + suffix];
      if (value === undefined || value.trim() === '') continue;
      ((raw[key] ??= {}) as Record<string, string>)[id] = value;
      names[`${key}.${id}`] = prefix + suffix;
    }
  }
  return { values: parseLayer(raw, 'env', names), names };
}

export interface LoadConfigOptions {
  /** Environment (apps pass process.env). */
  env?: Record<string, string | undefined>;
  /** Config file contents (from readConfigFile) or an explicit path to read. */
  file?: Record<string, unknown> | string;
  /** CLI flags / programmatic overrides, in config key names; undefined values are ignored. */
  flags?: Record<string, unknown>;
}

/** Merges the layers: flags > env > file > defaults, per key (per provider id inside baseUrls/timeouts). */
export function loadConfig(options: LoadConfigOptions = {}): TiksaverConfig {
  let fileContents = options.file;
  let filePath: string | undefined;
  if (typeof fileContents === 'string') {
    filePath = fileContents;
    fileContents = parseConfigText(readText(filePath, true) ?? '{}', filePath);
  }
  const file = fileContents ? parseLayer(fileContents, 'file', {}, filePath) : {};
  const env = envLayer(options.env ?? {}).values;
  const flags = options.flags ? parseLayer(options.flags, 'flags') : {};
  const layers = [file, env, flags] as LayerValues[];
  const merged: Record<string, unknown> = { ...CONFIG_DEFAULTS };
  for (const layer of layers) {
    for (const [key, value] of Object.entries(layer)) {
      if (value === undefined) continue;
      merged[key] = key === 'baseUrls' || key === 'timeouts' ? { ...(merged[key] as object), ...(value as object) } : value;
    }
  }
  return merged as unknown as TiksaverConfig;
}

function readText(path: string, required: boolean): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' && !required) return undefined;
    throw new TiksaverError('MISCONFIGURED', `Cannot read config file ${path}: ${(error as Error).message}`, { cause: error, hint: FILE_HINT, detail: { file: path } });
  }
}

function parseConfigText(text: string, path: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new TiksaverError('MISCONFIGURED', `Config file ${path} is not valid JSON: ${(error as Error).message}`, { cause: error, hint: FILE_HINT, detail: { file: path } });
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new TiksaverError('MISCONFIGURED', `Config file ${path} must hold a JSON object of settings`, { hint: FILE_HINT, detail: { file: path } });
  }
  return value as Record<string, unknown>;
}

/**
 * Reads a JSON config file. A missing file is fine for the default location (returns
 * undefined) and MISCONFIGURED when the user named it (`required: true`). The contents are
 * validated by loadConfig, which knows the precedence.
 */
export async function readConfigFile(path: string, options: { required?: boolean } = {}): Promise<Record<string, unknown> | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' && !options.required) return undefined;
    throw new TiksaverError('MISCONFIGURED', `Cannot read config file ${path}: ${(error as Error).message}`, { cause: error, hint: FILE_HINT, detail: { file: path } });
  }
  const contents = parseConfigText(text, path);
  parseLayer(contents, 'file', {}, path); // fail early, naming the file
  return contents;
}
