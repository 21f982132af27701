/**
 * The config file: where it is (--config, then TIKSAVER_CONFIG, then the app's default
 * location) and reading it as a JSON object of settings. Its values are checked by
 * loadConfig, which knows the precedence.
 */
import { readFileSync } from 'node:fs';
import { TiksaverError } from '@tiksaver/core';
import type { Env } from './setting-table.js';

/** How both apps are told which config file to read. */
export const CONFIG_FILE_NAMES = { flag: '--config', env: 'TIKSAVER_CONFIG' } as const;

const FILE_HINT = 'Fix the config file (a JSON object of settings), or point --config / TIKSAVER_CONFIG at another one.';

export interface ConfigFileChoice {
  /** undefined: no file (--no-config, or no default location). */
  path?: string;
  /** A file the user named must exist; the default location may be missing. */
  required: boolean;
}

/** --config FILE, else TIKSAVER_CONFIG, else the default location; `flag: false` is --no-config. */
export function findConfigFile({ flag, env, defaultPath }: { flag?: string | false; env: Env; defaultPath?: string }): ConfigFileChoice {
  if (flag === false) return { required: false };
  if (flag !== undefined) return { path: flag, required: true };
  const named = env[CONFIG_FILE_NAMES.env]?.trim();
  if (named) return { path: named, required: true };
  return defaultPath !== undefined ? { path: defaultPath, required: false } : { required: false };
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
 * Reads a JSON config file. A missing file is fine for the default location (undefined)
 * and MISCONFIGURED when the user named it (`required: true`). Synchronous: one small file,
 * read once at start.
 */
export function readConfigObject(path: string, options: { required?: boolean } = {}): Record<string, unknown> | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' && !options.required) return undefined;
    throw new TiksaverError('MISCONFIGURED', `Cannot read config file ${path}: ${(error as Error).message}`, { cause: error, hint: FILE_HINT, detail: { file: path } });
  }
  return parseConfigText(text, path);
}
