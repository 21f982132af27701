import { TiksaverError, type Provider } from '@tiksaver/core';
import type { BaseProviderSettings } from '../shared/settings.js';

export interface SnaptikProviderSettings extends BaseProviderSettings {}

/** Placeholder: replaced by the real Snaptik provider. */
export function createSnaptikProvider(settings: SnaptikProviderSettings = {}): Provider {
  return {
    id: 'snaptik',
    label: 'Snaptik',
    capabilities: { linkKinds: ['story', 'video', 'photo'], media: {} },
    ...(settings.baseUrl !== undefined && { baseUrl: settings.baseUrl }),
    async resolve() {
      throw new TiksaverError('UPSTREAM_CHANGED', 'snaptik is not implemented yet');
    },
  };
}
