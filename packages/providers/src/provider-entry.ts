/**
 * What the registry holds for each provider: its factory and, from its folder's
 * settings.ts, the settings only it reads plus how the configuration becomes the
 * factory's settings. The registry never needs to know a provider's keys.
 */
import type { Provider } from '@tiksaver/core';
import type { SettingTable, SettingValues } from './setting-table.js';
import type { BaseProviderSettings } from './shared/settings.js';

/**
 * The product-wide settings a provider reads in its fromConfig (its base URL and timeout
 * come as `common`). Spelled out rather than derived from PRODUCT_SETTINGS: a provider's id
 * is its registry key and the product's provider-list settings are typed by those ids, so
 * deriving this from the settings table would make the registry's type depend on itself.
 */
export interface ProductValues {
  codec?: 'h264' | 'h265';
}

export interface ProviderConfigPart<S extends BaseProviderSettings, T extends SettingTable> {
  /** Settings only this provider reads (flag, env, parser), joined into the one table. */
  settings: T;
  /** The factory's settings from the configuration; `common` holds its base URL and timeout. */
  fromConfig(config: ProductValues & SettingValues<T>, common: BaseProviderSettings): S;
}

export interface ProviderEntry<S extends BaseProviderSettings = BaseProviderSettings, T extends SettingTable = SettingTable> extends ProviderConfigPart<S, T> {
  create(settings: S): Provider;
}

/** A registry line: the factory, with its folder's settings part when it has one. */
export function providerEntry<S extends BaseProviderSettings, const T extends SettingTable = Record<never, never>>(
  create: (settings: S) => Provider,
  part?: ProviderConfigPart<S, T>,
): ProviderEntry<S, T> {
  return { create, settings: part?.settings ?? ({} as T), fromConfig: part?.fromConfig ?? ((_config, common) => common as S) };
}
