import { useEffect, useState } from 'react';
import { fetchProviders, type ProviderInfo } from './api.js';

let cached: Promise<ProviderInfo[]> | undefined;

/** The provider list, fetched once; a submit right after page load waits for it. */
export function loadProviders(): Promise<ProviderInfo[]> {
  cached ??= fetchProviders().catch(() => {
    cached = undefined;
    return [];
  });
  return cached;
}

/** The server's providers (ids, labels, enabled), fetched once per page load. */
export function useProviders(): ProviderInfo[] {
  const [providers, setProviders] = useState<ProviderInfo[]>([]);
  useEffect(() => {
    let live = true;
    void loadProviders().then((list) => live && setProviders(list));
    return () => {
      live = false;
    };
  }, []);
  return providers;
}

export function labelsOf(providers: ProviderInfo[]): Record<string, string> {
  return Object.fromEntries(providers.map((p) => [p.id, p.label]));
}
