import { TiksaverError, type Provider } from '@tiksaver/core';
import type { BaseProviderSettings } from '../shared/settings.js';

export interface CobaltProviderSettings extends BaseProviderSettings {}

/** Placeholder: replaced by the real Cobalt provider. */
export function createCobaltProvider(settings: CobaltProviderSettings = {}): Provider {
  return {
    id: 'cobalt',
    label: 'Cobalt',
    capabilities: { linkKinds: ['story', 'video', 'photo'], media: {} },
    ...(settings.baseUrl !== undefined && { baseUrl: settings.baseUrl }),
    async resolve() {
      throw new TiksaverError('UPSTREAM_CHANGED', 'cobalt is not implemented yet');
    },
  };
}
