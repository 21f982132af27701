import { TiksaverError, type Provider } from '@tiksaver/core';
import type { BaseProviderSettings } from '../shared/settings.js';

export interface TikwmProviderSettings extends BaseProviderSettings {}

/** Placeholder: replaced by the real Tikwm provider. */
export function createTikwmProvider(settings: TikwmProviderSettings = {}): Provider {
  return {
    id: 'tikwm',
    label: 'Tikwm',
    capabilities: { linkKinds: ['story', 'video', 'photo'], media: {} },
    ...(settings.baseUrl !== undefined && { baseUrl: settings.baseUrl }),
    async resolve() {
      throw new TiksaverError('UPSTREAM_CHANGED', 'tikwm is not implemented yet');
    },
  };
}
