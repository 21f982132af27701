import { TiksaverError, type Provider } from '@tiksaver/core';
import type { BaseProviderSettings } from '../shared/settings.js';

export interface TikdownProviderSettings extends BaseProviderSettings {}

/** Placeholder: replaced by the real Tikdown provider. */
export function createTikdownProvider(settings: TikdownProviderSettings = {}): Provider {
  return {
    id: 'tikdown',
    label: 'Tikdown',
    capabilities: { linkKinds: ['story', 'video', 'photo'], media: {} },
    ...(settings.baseUrl !== undefined && { baseUrl: settings.baseUrl }),
    async resolve() {
      throw new TiksaverError('UPSTREAM_CHANGED', 'tikdown is not implemented yet');
    },
  };
}
