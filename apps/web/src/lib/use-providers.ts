import { useEffect, useState } from 'react';
import { fetchProviders, type ProviderInfo } from './api.js';

let cached: Promise<ProviderInfo[]> | undefined;

/** The server's providers (ids, labels, enabled), fetched once per page load. */
export function useProviders(): ProviderInfo[] {
  const [providers, setProviders] = useState<ProviderInfo[]>([]);
  useEffect(() => {
    let live = true;
    cached ??= fetchProviders().catch(() => {
      cached = undefined;
      return [];
    });
    void cached.then((list) => live && setProviders(list));
    return () => {
      live = false;
    };
  }, []);
  return providers;
}

export function labelsOf(providers: ProviderInfo[]): Record<string, string> {
  return Object.fromEntries(providers.map((p) => [p.id, p.label]));
}
