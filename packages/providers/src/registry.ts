/**
 * The default chain: native → snaptik → vidgap → tikdown → tikwm → cobalt (issue 7), and
 * the one place where the configuration picks providers (order, subset, exclude, disable).
 * Adding a provider = one folder with a `create<Id>Provider(settings)` factory (plus a
 * settings.ts when it reads settings of its own) and one line in PROVIDERS: its key is its id.
 */
import type { Provider } from '@tiksaver/core';
import { createCobaltProvider } from './cobalt/index.js';
import { cobaltConfig } from './cobalt/settings.js';
import { createNativeProvider } from './native/index.js';
import { nativeConfig } from './native/settings.js';
import type { PRODUCT_SETTINGS } from './product-settings.js';
import { providerEntry, type ProviderEntry } from './provider-entry.js';
import type { SettingTable, SettingValues } from './setting-table.js';
import { createSnaptikProvider } from './snaptik/index.js';
import { snaptikConfig } from './snaptik/settings.js';
import { createTikdownProvider } from './tikdown/index.js';
import { createTikwmProvider } from './tikwm/index.js';
import { tikwmConfig } from './tikwm/settings.js';
import { createVidgapProvider } from './vidgap/index.js';

/** The chain, in default order. */
export const PROVIDERS = {
  native: providerEntry(createNativeProvider, nativeConfig),
  snaptik: providerEntry(createSnaptikProvider, snaptikConfig),
  vidgap: providerEntry(createVidgapProvider),
  tikdown: providerEntry(createTikdownProvider),
  tikwm: providerEntry(createTikwmProvider, tikwmConfig),
  // Disabled (listed as "not configured") until the user gives an instance URL.
  cobalt: providerEntry(createCobaltProvider, cobaltConfig),
} satisfies Record<string, { settings: SettingTable; create(settings: never): Provider }>;

/** A provider's id is its registry key. */
export type ProviderId = keyof typeof PROVIDERS;
/** Every provider id, in default order. */
export const PROVIDER_IDS = Object.keys(PROVIDERS) as readonly ProviderId[];

type UnionToIntersection<U> = (U extends unknown ? (u: U) => void : never) extends (i: infer I) => void ? I : never;
type ProviderSettingTables = UnionToIntersection<(typeof PROVIDERS)[ProviderId]['settings']>;

/** Every provider's own settings, collected from their folders. */
export const PROVIDER_SETTINGS = Object.assign({}, ...Object.values(PROVIDERS).map((entry) => entry.settings)) as ProviderSettingTables;

/** What the registry reads from the configuration (every key optional). */
export type RegistryConfig = SettingValues<typeof PRODUCT_SETTINGS> & SettingValues<ProviderSettingTables>;

/** One provider from the configuration, enabled or not. */
export function createProvider(id: ProviderId, config: RegistryConfig = {}): Provider {
  const entry = PROVIDERS[id] as unknown as ProviderEntry;
  const timeoutMs = config.timeouts?.[id] ?? config.timeoutMs;
  const baseUrl = config.baseUrls?.[id];
  const common = { ...(baseUrl !== undefined && { baseUrl }), ...(timeoutMs !== undefined && { timeoutMs }) };
  return entry.create(entry.fromConfig(config, common));
}

function disable(provider: Provider, reason: string): Provider {
  return Object.assign(Object.create(Object.getPrototypeOf(provider)), provider, { enabled: false, disabledReason: reason });
}

export interface ProviderChoice {
  /**
   * Every provider, in the configured order (ids in `providers` first, then the rest in
   * default order). Those outside `providers`, in `exclude` or in `disable` are disabled
   * with the reason, so listings and reports can say why they did not run.
   */
  providers: Provider[];
  /** The ids a resolution tries, in order: `providers` (or all) without `exclude`. */
  order: ProviderId[];
}

/** The selection, made here once for both apps. */
export function chooseProviders(config: RegistryConfig = {}): ProviderChoice {
  const selected = config.providers;
  const exclude: readonly string[] = config.exclude ?? [];
  const disabled: readonly string[] = config.disable ?? [];
  const ids = [...(selected ?? []), ...PROVIDER_IDS.filter((id) => !selected?.includes(id))];
  const providers = ids.map((id) => {
    const provider = createProvider(id, config);
    if (disabled.includes(id)) return disable(provider, 'disabled in the configuration');
    if (exclude.includes(id)) return disable(provider, 'excluded (exclude setting)');
    if (selected && !selected.includes(id)) return disable(provider, 'not in the providers list');
    return provider;
  });
  const order = (selected ?? ids).filter((id) => !exclude.includes(id));
  return { providers, order };
}

/** chooseProviders' provider list (tests and benches that build a chain by hand). */
export function createDefaultProviders(config: RegistryConfig = {}): Provider[] {
  return chooseProviders(config).providers;
}
