/**
 * The machinery under every setting tiksaver reads: a table declares each setting once
 * (its value parser, environment variable, command-line flag, aliases, one line of doc)
 * and readSettings turns flags, env and a config file into checked values with ONE
 * precedence rule, key by key: flags > env > file. The product's table lives in
 * settings.ts plus each provider folder's settings.ts; the web app declares its own
 * server settings with the same machinery. A bad value is a MISCONFIGURED TiksaverError
 * naming the setting the way the user gave it: `--limit-rate`, `TIKSAVER_TIMEOUT`, or
 * the config file's key.
 */
import { TiksaverError } from '@tiksaver/core';
import type { z } from 'zod';

export type SettingSource = 'flags' | 'env' | 'file';
export type Env = Record<string, string | undefined>;

export interface SettingSpec {
  /** Parses one value; text from env and flags goes through it like file values. */
  value: z.ZodType;
  /** Environment variable (TIKSAVER_...). */
  env?: string;
  /** Command-line flag of the app that reads the table (the CLI's for the product table). */
  flag?: string;
  /**
   * Marks a duration (the value parser reads "1500ms" / "20s" / "2m" and numbers as ms):
   * the unit of a bare number given as text on the flag (--timeout 20 is seconds,
   * --hedge-delay 800 is ms). Bare text in env is always seconds, in a file ms.
   */
  bareUnit?: 'ms' | 's';
  /** Other names accepted in a file or from flags (template = outputTemplate). */
  aliases?: readonly string[];
  /** One line for docs and listings. */
  doc: string;
}

export type SettingTable = Readonly<Record<string, SettingSpec>>;

/** What a table reads to: every key optional, typed by its parser. */
export type SettingValues<T extends SettingTable> = { -readonly [K in keyof T]?: z.output<T[K]['value']> };

/** Keeps the literal keys and parsers of a table (for SettingValues) while checking its shape. */
export function defineSettings<const T extends SettingTable>(table: T): T {
  return table;
}

/** The flag and environment variable a setting can be given with (either may be absent). */
export function namesIn(table: SettingTable, key: string): { flag?: string; env?: string } {
  const spec = table[key];
  return { ...(spec?.flag && { flag: spec.flag }), ...(spec?.env && { env: spec.env }) };
}

/** The default MISCONFIGURED hint talks about providers; these errors are about one setting. */
const SETTING_HINT = 'Fix or remove that setting: flags override TIKSAVER_* environment variables, which override the config file.';

export interface LayerContext {
  /** Environment variable of a key the table does not name itself (baseUrls.tikwm = TIKSAVER_TIKWM_URL). */
  envNames?: Record<string, string>;
  /** The config file's path, for messages. */
  file?: string;
}

function misconfigured(table: SettingTable, source: SettingSource, key: string, message: string, context: LayerContext): TiksaverError {
  const top = key.split('.')[0]!;
  const flag = source === 'flags' ? table[top]?.flag : undefined;
  const where =
    source === 'env'
      ? `environment variable ${context.envNames?.[key] ?? table[top]?.env ?? key}`
      : source === 'file'
        ? `config file${context.file ? ` ${context.file}` : ''}, key "${key}"`
        : `option "${key}"`;
  // A flag is a usage error of the command line: name the flag first, as commander would.
  const text = flag && key === top ? `${flag}: ${message}` : `Invalid setting in ${where}: ${message}`;
  return new TiksaverError('MISCONFIGURED', text, { hint: SETTING_HINT, detail: { key, source, ...(flag && { flag }), ...(context.file && { file: context.file }) } });
}

const BARE_NUMBER = /^\s*\d+(?:\.\d+)?\s*$/;

/** A bare number given as text, in the unit this source uses for it (per value in a record). */
function withUnit(spec: SettingSpec, source: SettingSource, value: unknown): unknown {
  if (!spec.bareUnit) return value;
  if (isRecord(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withUnit(spec, source, v)]));
  if (typeof value !== 'string' || !BARE_NUMBER.test(value)) return value;
  const unit = source === 'env' ? 's' : source === 'flags' ? spec.bareUnit : 'ms';
  return `${value.trim()}${unit}`;
}

/**
 * One layer (file, env or flags) in the table's key names (aliases accepted); undefined
 * values are ignored, unknown keys are errors (a typo does not pass silently).
 */
export function parseLayer<T extends SettingTable>(table: T, source: SettingSource, raw: Record<string, unknown>, context: LayerContext = {}): SettingValues<T> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    const key = keyOf(table, name);
    if (!key) throw misconfigured(table, source, name, 'unknown setting', context);
    const spec = table[key]!;
    const parsed = spec.value.safeParse(withUnit(spec, source, value));
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      // Inside a record the provider id is part of the key; inside a list it is noise.
      const sub = typeof issue.path[0] === 'string' ? `.${issue.path[0]}` : '';
      throw misconfigured(table, source, key + sub, issue.message, context);
    }
    out[key] = parsed.data;
  }
  return out as SettingValues<T>;
}

function keyOf(table: SettingTable, name: string): string | undefined {
  if (Object.hasOwn(table, name)) return name;
  return Object.keys(table).find((key) => table[key]!.aliases?.includes(name));
}

/** The table's environment variables that are set (blank counts as unset), by key. */
export function envValues(table: SettingTable, env: Env): Record<string, string> {
  const raw: Record<string, string> = {};
  for (const [key, spec] of Object.entries(table)) {
    const value = spec.env ? env[spec.env] : undefined;
    if (value !== undefined && value.trim() !== '') raw[key] = value;
  }
  return raw;
}

/** Layers in rising precedence; plain objects (per-provider records) merge key by key. */
export function mergeLayers(layers: readonly Record<string, unknown>[]): Record<string, unknown> {
  const merged: Record<string, unknown> = {};
  for (const layer of layers) {
    for (const [key, value] of Object.entries(layer)) {
      if (value === undefined) continue;
      const before = merged[key];
      merged[key] = isRecord(before) && isRecord(value) ? { ...before, ...value } : value;
    }
  }
  return merged;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export interface ReadSettingsInput {
  env?: Env;
  /** Config file contents, already read. */
  file?: Record<string, unknown>;
  filePath?: string;
  /** Flag values as given (text), in the table's key names; undefined = not given. */
  flags?: Record<string, unknown>;
}

/** flags > env > file, key by key, for one table. */
export function readSettings<T extends SettingTable>(table: T, input: ReadSettingsInput): SettingValues<T> {
  const file = input.file ? parseLayer(table, 'file', input.file, input.filePath !== undefined ? { file: input.filePath } : {}) : {};
  const env = parseLayer(table, 'env', envValues(table, input.env ?? {}));
  const flags = input.flags ? parseLayer(table, 'flags', input.flags) : {};
  return mergeLayers([file, env, flags]) as SettingValues<T>;
}
