/**
 * Configuration for the providers and the apps that run them, from four layers with ONE
 * precedence rule, key by key: flags > env > config file > defaults (a running sandbox's
 * wiring sits just under the flags). The settings are declared once: the product's in
 * product-settings.ts, each provider's own in its folder (collected by the registry).
 * Pure: env and flags are passed in; only an explicitly given file path is read. Every bad
 * value is a MISCONFIGURED TiksaverError naming the setting and where it came from.
 */
import { parseHostMap, type HostMapEntry } from '@tiksaver/core';
import { readConfigObject } from './config-file.js';
import { PRODUCT_SETTINGS } from './product-settings.js';
import { PROVIDER_IDS, PROVIDER_SETTINGS } from './registry.js';
import { sandboxSettings, type SandboxWiring } from './sandbox-wiring.js';
import { envValues, mergeLayers, namesIn, parseLayer, type Env, type SettingValues } from './setting-table.js';

export { PROVIDER_IDS, type ProviderId } from './registry.js';

/** Every setting of the product: the shared ones and each provider's own. */
export const SETTINGS = { ...PRODUCT_SETTINGS, ...PROVIDER_SETTINGS };

export const CONFIG_DEFAULTS = { exclude: [], disable: [], timeouts: {}, baseUrls: {}, codec: 'h264', restrictFilenames: false } as const;

type Values = SettingValues<typeof SETTINGS>;
/** One layer of settings (flags, env or file), parsed, every key optional. */
export type ConfigLayer = Values;
type Defaulted = keyof typeof CONFIG_DEFAULTS;

/** The checked configuration: every setting of SETTINGS, the defaulted ones always present. */
export type TiksaverConfig = Omit<Values, Defaulted> & Required<Pick<Values, Defaulted>>;

/** TIKSAVER_<ID>_URL and TIKSAVER_<ID>_TIMEOUT: one variable per provider id. */
const PER_PROVIDER_ENV = [
  ['_URL', 'baseUrls'],
  ['_TIMEOUT', 'timeouts'],
] as const;

/**
 * The flag and environment variable of a setting, for hints that name a setting and apps
 * that render it as their flag or env var: settingNames('proxy') is
 * { flag: '--proxy', env: 'TIKSAVER_PROXY' }. Per-provider keys give the pattern
 * (baseUrls: TIKSAVER_<ID>_URL).
 */
export function settingNames(key: string): { flag?: string; env?: string } {
  const perProvider = PER_PROVIDER_ENV.find(([, k]) => k === key);
  if (perProvider) return { env: `TIKSAVER_<ID>${perProvider[0]}` };
  return namesIn(SETTINGS, key);
}

/**
 * Setting flags as the user typed them, parsed early (before any file is read) so the
 * command line can fail fast; errors name the flag (`--limit-rate: ...`).
 */
export function readFlags(flags: Record<string, unknown>): ConfigLayer {
  return parseLayer(SETTINGS, 'flags', flags);
}

function envLayer(env: Env): Values {
  const raw: Record<string, unknown> = envValues(SETTINGS, env);
  const envNames: Record<string, string> = {};
  for (const id of PROVIDER_IDS) {
    const prefix = `TIKSAVER_${id.toUpperCase()}`;
    for (const [suffix, key] of PER_PROVIDER_ENV) {
      if (id === 'cobalt' && suffix === '_URL') continue; // TIKSAVER_COBALT_URL is cobaltUrl
      const value = env[prefix + suffix];
      if (value === undefined || value.trim() === '') continue;
      ((raw[key] ??= {}) as Record<string, string>)[id] = value;
      envNames[`${key}.${id}`] = prefix + suffix;
    }
  }
  return parseLayer(SETTINGS, 'env', raw, { envNames });
}

/** cobalt's base URL has its own key (cobaltUrl); baseUrls.cobalt is the same setting. */
function cobaltFromBaseUrls(layer: Values): Values {
  if (layer.baseUrls?.cobalt === undefined) return layer;
  const { cobalt, ...others } = layer.baseUrls;
  return { ...layer, cobaltUrl: layer.cobaltUrl ?? cobalt, baseUrls: others };
}

export interface LoadConfigOptions {
  /** Environment variables (only the apps' entry files read them from the process). */
  env?: Env;
  /** Config file contents (from readConfigFile) or an explicit path to read. */
  file?: Record<string, unknown> | string;
  /**
   * Flag values as the user typed them, in setting keys (or aliases); undefined values are
   * ignored. Errors name the setting's flag (`--limit-rate: ...`).
   */
  flags?: Record<string, unknown>;
  /** A running sandbox: its host map goes first and cobalt points at it (flags still win). */
  sandbox?: SandboxWiring;
}

/** Merges the layers: flags > sandbox > env > file > defaults, per key (per provider id inside baseUrls/timeouts). */
export function loadConfig(options: LoadConfigOptions = {}): TiksaverConfig {
  const filePath = typeof options.file === 'string' ? options.file : undefined;
  const contents = filePath !== undefined ? readConfigObject(filePath, { required: true }) : (options.file as Record<string, unknown> | undefined);
  const file = contents ? parseLayer(SETTINGS, 'file', contents, filePath !== undefined ? { file: filePath } : {}) : {};
  const env = envLayer(options.env ?? {});
  const wiring = options.sandbox ? sandboxSettings(options.sandbox) : undefined;
  const flags = options.flags ? parseLayer(SETTINGS, 'flags', options.flags) : {};
  const merged = mergeLayers([CONFIG_DEFAULTS, ...[file, env].map(cobaltFromBaseUrls), wiring?.cobaltUrl ? { cobaltUrl: wiring.cobaltUrl } : {}, cobaltFromBaseUrls(flags)]) as TiksaverConfig;
  if (wiring) merged.hostMap = [...wiring.hostMap, ...hostMapEntries(merged.hostMap)];
  return merged;
}

function hostMapEntries(map: string | HostMapEntry[] | undefined): HostMapEntry[] {
  if (map === undefined) return [];
  return typeof map === 'string' ? parseHostMap(map) : map;
}

/**
 * Reads a JSON config file and checks its settings, naming the file. A missing file is
 * fine for the default location (returns undefined) and MISCONFIGURED when the user named
 * it (`required: true`).
 */
export async function readConfigFile(path: string, options: { required?: boolean } = {}): Promise<Record<string, unknown> | undefined> {
  const contents = readConfigObject(path, options);
  if (contents) parseLayer(SETTINGS, 'file', contents, { file: path }); // fail early, naming the file
  return contents;
}
