/** tikwm reads only the product's codec (play is H.264, hdplay H.265). */
import type { ProviderConfigPart } from '../provider-entry.js';
import type { TikwmProviderSettings } from './index.js';

export const tikwmConfig: ProviderConfigPart<TikwmProviderSettings, Record<never, never>> = {
  settings: {},
  fromConfig: (config, common) => ({ ...common, ...(config.codec && { codec: config.codec }) }),
};
