/**
 * cobalt's own settings: the user's instance (no default: without it the provider is
 * disabled) and its API key. `baseUrls.cobalt` in a file is the same setting as cobaltUrl.
 */
import * as z from 'zod';
import { httpUrl } from '../config-values.js';
import type { ProviderConfigPart } from '../provider-entry.js';
import { defineSettings } from '../setting-table.js';
import type { CobaltProviderSettings } from './index.js';

export const settings = defineSettings({
  cobaltUrl: { value: httpUrl, env: 'TIKSAVER_COBALT_URL', flag: '--cobalt-url', doc: 'your cobalt instance (enables the cobalt provider)' },
  cobaltKey: { value: z.string().min(1), env: 'TIKSAVER_COBALT_KEY', flag: '--cobalt-key', doc: 'API key for your cobalt instance' },
});

export const cobaltConfig: ProviderConfigPart<CobaltProviderSettings, typeof settings> = {
  settings,
  fromConfig: (config, common) => {
    const baseUrl = config.cobaltUrl ?? common.baseUrl;
    return {
      ...common,
      ...(baseUrl !== undefined && { baseUrl }),
      ...(config.cobaltKey && { apiKey: config.cobaltKey }),
      ...(config.codec === 'h265' && { allowH265: true }),
    };
  },
};
