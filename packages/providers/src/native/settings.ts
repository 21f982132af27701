/** What the configuration gives the native resolver: the codec and the optional app install id. */
import * as z from 'zod';
import type { ProviderConfigPart } from '../provider-entry.js';
import { defineSettings } from '../setting-table.js';
import type { NativeProviderSettings } from './index.js';

export const settings = defineSettings({
  appIid: { value: z.string().regex(/^\d+$/, 'must be the numeric install id'), env: 'TIKSAVER_TIKTOK_IID', doc: "TikTok app install id: enables the native resolver's app-API fallback" },
});

export const nativeConfig: ProviderConfigPart<NativeProviderSettings, typeof settings> = {
  settings,
  fromConfig: (config, common) => ({
    ...common,
    ...(config.codec && { codec: config.codec }),
    ...(config.appIid && { appInfo: { iid: config.appIid } }),
  }),
};
