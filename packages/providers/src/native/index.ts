import { TiksaverError, type Provider } from '@tiksaver/core';
import type { BaseProviderSettings } from '../shared/settings.js';

export interface NativeProviderSettings extends BaseProviderSettings {}

/** Placeholder: replaced by the real Native provider. */
export function createNativeProvider(settings: NativeProviderSettings = {}): Provider {
  return {
    id: 'native',
    label: 'Native',
    capabilities: { linkKinds: ['story', 'video', 'photo'], media: {} },
    ...(settings.baseUrl !== undefined && { baseUrl: settings.baseUrl }),
    async resolve() {
      throw new TiksaverError('UPSTREAM_CHANGED', 'native is not implemented yet');
    },
  };
}
