/** SnapTik's own settings: its key salt (it carries the year and rotates, services.md §1a) and its flow. */
import * as z from 'zod';
import type { ProviderConfigPart } from '../provider-entry.js';
import { defineSettings } from '../setting-table.js';
import type { SnaptikProviderSettings } from './index.js';

export const settings = defineSettings({
  snaptikSalt: { value: z.string().min(1), env: 'TIKSAVER_SNAPTIK_SALT', doc: "SnapTik's challenge key salt" },
  snaptikFlow: { value: z.enum(['auto', 'api', 'legacy']), env: 'TIKSAVER_SNAPTIK_FLOW', doc: 'auto (JSON API, then the legacy packed flow) | api | legacy' },
});

export const snaptikConfig: ProviderConfigPart<SnaptikProviderSettings, typeof settings> = {
  settings,
  fromConfig: (config, common) => ({
    ...common,
    ...(config.snaptikSalt && { salt: config.snaptikSalt }),
    ...(config.snaptikFlow && { flow: config.snaptikFlow }),
  }),
};
