/**
 * The default chain: native → snaptik → vidgap → tikdown → tikwm → cobalt (issue 7).
 * Adding a provider = one folder with a `create<Id>Provider(settings)` factory and one line
 * in FACTORIES (plus its id in PROVIDER_IDS in config.ts).
 */
import type { Provider } from '@tiksaver/core';
import { createCobaltProvider } from './cobalt/index.js';
import { CONFIG_DEFAULTS, PROVIDER_IDS, type ProviderId, type TiksaverConfig } from './config.js';
import { createNativeProvider } from './native/index.js';
import { createSnaptikProvider } from './snaptik/index.js';
import { createTikdownProvider } from './tikdown/index.js';
import { createTikwmProvider } from './tikwm/index.js';
import { createVidgapProvider } from './vidgap/index.js';

/** What every factory gets from the configuration. */
export interface FactoryInput {
  baseUrl?: string;
  timeoutMs?: number;
  config: Partial<TiksaverConfig>;
}

type Factory = (input: FactoryInput) => Provider;

const common = ({ baseUrl, timeoutMs }: FactoryInput) => ({
  ...(baseUrl !== undefined && { baseUrl }),
  ...(timeoutMs !== undefined && { timeoutMs }),
});

/** The chain, in default order. */
export const FACTORIES: Record<ProviderId, Factory> = {
  native: (input) =>
    createNativeProvider({
      ...common(input),
      ...(input.config.codec && { codec: input.config.codec }),
      ...(input.config.appIid && { appInfo: { iid: input.config.appIid } }),
    }),
  snaptik: (input) =>
    createSnaptikProvider({
      ...common(input),
      ...(input.config.snaptikSalt && { salt: input.config.snaptikSalt }),
      ...(input.config.snaptikFlow && { flow: input.config.snaptikFlow }),
    }),
  vidgap: (input) => createVidgapProvider(common(input)),
  tikdown: (input) => createTikdownProvider(common(input)),
  tikwm: (input) => createTikwmProvider({ ...common(input), ...(input.config.codec && { codec: input.config.codec }) }),
  // Disabled (listed as "not configured") until the user gives an instance URL.
  cobalt: (input) =>
    createCobaltProvider({
      ...common({ ...input, baseUrl: input.config.cobaltUrl ?? input.baseUrl }),
      ...(input.config.cobaltKey && { apiKey: input.config.cobaltKey }),
      ...(input.config.codec === 'h265' && { allowH265: true }),
    }),
};

function disable(provider: Provider, reason: string): Provider {
  return Object.assign(Object.create(Object.getPrototypeOf(provider)), provider, { enabled: false, disabledReason: reason });
}

/**
 * Every provider, in the configured order (ids in `providers` first, then the rest in
 * default order). Providers outside `providers`, in `exclude` or in `disable` are returned
 * disabled with the reason, so listings and reports can say why they did not run.
 */
export function createDefaultProviders(config: Partial<TiksaverConfig> = {}): Provider[] {
  const selected = config.providers;
  const order = [...(selected ?? []), ...PROVIDER_IDS.filter((id) => !selected?.includes(id))];
  const exclude = config.exclude ?? CONFIG_DEFAULTS.exclude;
  const disabled = config.disable ?? CONFIG_DEFAULTS.disable;
  return order.map((id) => {
    const timeoutMs = config.timeouts?.[id] ?? config.timeoutMs;
    const baseUrl = config.baseUrls?.[id];
    const provider = FACTORIES[id]({ config, ...(baseUrl !== undefined && { baseUrl }), ...(timeoutMs !== undefined && { timeoutMs }) });
    if ((disabled as readonly string[]).includes(id)) return disable(provider, 'disabled in the configuration');
    if ((exclude as readonly string[]).includes(id)) return disable(provider, 'excluded (exclude setting)');
    if (selected && !selected.includes(id)) return disable(provider, 'not in the providers list');
    return provider;
  });
}
