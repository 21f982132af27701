import { TiksaverError, type Provider } from '@tiksaver/core';
import type { BaseProviderSettings } from '../shared/settings.js';

export interface VidgapProviderSettings extends BaseProviderSettings {}

/** Placeholder: replaced by the real Vidgap provider. */
export function createVidgapProvider(settings: VidgapProviderSettings = {}): Provider {
  return {
    id: 'vidgap',
    label: 'Vidgap',
    capabilities: { linkKinds: ['story', 'video', 'photo'], media: {} },
    ...(settings.baseUrl !== undefined && { baseUrl: settings.baseUrl }),
    async resolve() {
      throw new TiksaverError('UPSTREAM_CHANGED', 'vidgap is not implemented yet');
    },
  };
}
