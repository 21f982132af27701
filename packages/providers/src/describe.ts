/**
 * Rows for `tiksaver providers` and GET /api/providers: what each provider is, whether it
 * runs (and why not), where it points and what it can deliver.
 */
import { renderHint, type Provider, type SettingNamer } from '@tiksaver/core';
import { PROVIDER_IDS, type ProviderId } from './registry.js';
import { createProvider } from './registry.js';

export interface ProviderRow {
  id: string;
  label: string;
  enabled: boolean;
  /** Why it does not run, in the app's words (`nameOf` says the settings its hint names). */
  disabledReason?: string;
  baseUrl?: string;
  defaultBaseUrl?: string;
  /** Link kinds it takes, e.g. ['story', 'video', 'photo']. */
  linkKinds: string[];
  /** Media per resolved kind, e.g. { story: ['video'], photo: ['image', 'audio'] }. */
  media: Partial<Record<'story' | 'video' | 'photo', string[]>>;
  /** One-line summary, e.g. "story: video, image, audio · video: video, audio". */
  summary: string;
  notes?: string;
}

function defaultBaseUrl(id: string): string | undefined {
  return (PROVIDER_IDS as readonly string[]).includes(id) ? createProvider(id as ProviderId).baseUrl : undefined;
}

export function describeProviders(providers: readonly Provider[], nameOf: SettingNamer): ProviderRow[] {
  return providers.map((provider) => {
    const { linkKinds, media, notes } = provider.capabilities;
    const summary = (['story', 'video', 'photo'] as const)
      .map((kind) => `${kind}: ${media[kind]?.length ? media[kind]!.join(', ') : 'no'}`)
      .join(' · ');
    const fallbackBase = defaultBaseUrl(provider.id);
    return {
      id: provider.id,
      label: provider.label,
      enabled: provider.enabled !== false,
      ...(provider.disabledReason !== undefined && { disabledReason: renderHint(provider.disabledReason, nameOf) }),
      ...(provider.baseUrl !== undefined && { baseUrl: provider.baseUrl }),
      ...(fallbackBase !== undefined && { defaultBaseUrl: fallbackBase }),
      linkKinds: [...linkKinds],
      media: Object.fromEntries(Object.entries(media).map(([k, v]) => [k, [...(v ?? [])]])),
      summary,
      ...(notes !== undefined && { notes }),
    };
  });
}
