/**
 * Configuration for the providers and the apps that run them, from four layers with ONE
 * precedence rule, key by key: flags > env > config file > defaults. Pure: env and flags
 * are passed in; only an explicitly given file path is read. Every bad value is a
 * MISCONFIGURED TiksaverError naming the key and where it came from.
 */
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { parseHostMap, Strategy, TiksaverError, type HostMapEntry } from '@tiksaver/core';
import { z } from 'zod';

export const PROVIDER_IDS = ['native', 'snaptik', 'vidgap', 'tikdown', 'tikwm', 'cobalt'] as const;
export type ProviderId = (typeof PROVIDER_IDS)[number];

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
  cobaltUrl?: string;
  cobaltKey?: string;
  baseUrls: Partial<Record<ProviderId, string>>;
  codec: 'h264' | 'h265';
  /** TikTok app install id: enables the native resolver's app-API fallback. */
  appIid?: string;
  outputTemplate?: string;
  outputDir?: string;
  restrictFilenames: boolean;
  audioFormat?: 'mp3' | 'original';
}

export const CONFIG_DEFAULTS = { exclude: [], disable: [], timeouts: {}, baseUrls: {}, codec: 'h264', restrictFilenames: false } as const;

const RATE_UNITS: Record<string, number> = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 };

function fail(ctx: z.RefinementCtx, message: string): never {
  ctx.addIssue({ code: 'custom', message });
  return z.NEVER as never;
}

/** Milliseconds from a number or "1500ms" / "20s" / "2m"; a bare numeric string is in `bare` units. */
const duration = (bare: 'ms' | 's') =>
  z.union([z.number(), z.string()]).transform((value, ctx) => {
    if (typeof value === 'number') return value >= 0 && Number.isFinite(value) ? Math.round(value) : fail(ctx, 'must be a duration of 0 or more');
    const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m)?\s*$/i.exec(value);
    if (!m) return fail(ctx, `cannot read "${value}" as a duration (e.g. 20s, 1500ms, 2m)`);
    const unit = (m[2]?.toLowerCase() ?? bare) as 'ms' | 's' | 'm';
    return Math.round(Number(m[1]) * (unit === 'ms' ? 1 : unit === 's' ? 1000 : 60_000));
  });

const rate = z.union([z.number().positive(), z.string()]).transform((value, ctx) => {
  if (typeof value === 'number') return Math.round(value);
  const m = /^\s*(\d+(?:\.\d+)?)\s*([kmg]?)(?:i?b)?(?:\/s)?\s*$/i.exec(value);
  if (!m || Number(m[1]) <= 0) return fail(ctx, `cannot read "${value}" as a rate (bytes per second, e.g. 50K or 4.2M)`);
  return Math.round(Number(m[1]) * RATE_UNITS[m[2]!.toLowerCase()]!);
});

const providerId = z.string().transform((value, ctx) => {
  const id = value.trim().toLowerCase();
  return (PROVIDER_IDS as readonly string[]).includes(id) ? (id as ProviderId) : fail(ctx, `unknown provider "${value}" (known: ${PROVIDER_IDS.join(', ')})`);
});

const idList = z
  .union([z.string().transform((s) => s.split(',').filter((x) => x.trim())), z.array(z.string())])
  .pipe(z.array(providerId))
  .transform((ids) => [...new Set(ids)]);

const httpUrl = z.string().transform((value, ctx) => {
  try {
    const url = new URL(value.trim());
    if (url.protocol === 'http:' || url.protocol === 'https:') return url.href.replace(/\/+$/, '');
  } catch {
    /* fall through */
  }
  return fail(ctx, `"${value}" is not an http(s) URL`);
});

const proxyUrl = z.string().transform((value, ctx) => {
  try {
    const url = new URL(value.trim());
    if (['http:', 'https:', 'socks5:'].includes(url.protocol)) return value.trim();
  } catch {
    /* fall through */
  }
  return fail(ctx, `"${value}" is not a proxy URL (http://host:port)`);
});

const hostMap = z.union([z.string(), z.array(z.object({ pattern: z.string(), origin: z.string() }))]).transform((value, ctx) => {
  try {
    if (typeof value === 'string') parseHostMap(value);
    else parseHostMap(value.map((e) => `${e.pattern}=${e.origin}`).join(','));
    return value;
  } catch (error) {
    return fail(ctx, (error as Error).message);
  }
});

const boolLike = z.union([z.boolean(), z.string()]).transform((value, ctx) => {
  if (typeof value === 'boolean') return value;
  const v = value.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(v)) return true;
  if (['0', 'false', 'no', 'off', ''].includes(v)) return false;
  return fail(ctx, `"${value}" is not true/false`);
});

const count = z.union([z.number().int().min(0), z.string().regex(/^\d+$/, 'must be a whole number').transform(Number)]);
const idRecord = <T extends z.ZodType>(value: T) =>
  z.record(z.string(), value).transform((rec, ctx) => {
    const out: Partial<Record<ProviderId, z.output<T>>> = {};
    for (const [key, v] of Object.entries(rec)) {
      const id = key.trim().toLowerCase();
      if (!(PROVIDER_IDS as readonly string[]).includes(id)) return fail(ctx, `unknown provider "${key}" (known: ${PROVIDER_IDS.join(', ')})`);
      out[id as ProviderId] = v;
    }
    return out;
  });

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
    cobaltUrl: httpUrl.optional(),
    cobaltKey: z.string().min(1).optional(),
    baseUrls: idRecord(httpUrl).optional(),
    codec: z.enum(['h264', 'h265']).optional(),
    appIid: z.string().regex(/^\d+$/, 'must be the numeric install id').optional(),
    outputTemplate: z.string().min(1).optional(),
    outputDir: z.string().min(1).optional(),
    restrictFilenames: boolLike.optional(),
    audioFormat: z.enum(['mp3', 'original']).optional(),
  });
type LayerValues = z.output<ReturnType<typeof Layer>>;

/** Friendlier names people (and the CLI) use for some keys. */
const ALIASES: Record<string, keyof LayerValues> = {
  template: 'outputTemplate',
  dir: 'outputDir',
  limitRate: 'limitRateBps',
  timeout: 'timeoutMs',
  totalTimeout: 'totalTimeoutMs',
  hedgeDelay: 'hedgeDelayMs',
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
  TIKSAVER_COBALT_URL: 'cobaltUrl',
  TIKSAVER_COBALT_KEY: 'cobaltKey',
  TIKSAVER_CODEC: 'codec',
  TIKSAVER_TIKTOK_IID: 'appIid',
  TIKSAVER_OUTPUT: 'outputTemplate',
  TIKSAVER_OUTPUT_DIR: 'outputDir',
  TIKSAVER_RESTRICT_FILENAMES: 'restrictFilenames',
  TIKSAVER_AUDIO_FORMAT: 'audioFormat',
};

type Source = 'flags' | 'env' | 'file';

function misconfigured(source: Source, key: string, message: string, envNames: Record<string, string>, file?: string): TiksaverError {
  const where = source === 'env' ? `environment variable ${envNames[key] ?? key}` : source === 'file' ? `config file${file ? ` ${file}` : ''}, key "${key}"` : `option "${key}"`;
  return new TiksaverError('MISCONFIGURED', `Invalid setting in ${where}: ${message}`, { detail: { key, source, ...(file && { file }) } });
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
    throw new TiksaverError('MISCONFIGURED', `Cannot read config file ${path}: ${(error as Error).message}`, { cause: error, detail: { file: path } });
  }
}

function parseConfigText(text: string, path: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new TiksaverError('MISCONFIGURED', `Config file ${path} is not valid JSON: ${(error as Error).message}`, { cause: error, detail: { file: path } });
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new TiksaverError('MISCONFIGURED', `Config file ${path} must hold a JSON object of settings`, { detail: { file: path } });
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
    throw new TiksaverError('MISCONFIGURED', `Cannot read config file ${path}: ${(error as Error).message}`, { cause: error, detail: { file: path } });
  }
  const contents = parseConfigText(text, path);
  parseLayer(contents, 'file', {}, path); // fail early, naming the file
  return contents;
}
