/**
 * Demo / test wiring for the embedded sandbox: its host map routes TikTok and every
 * service to local ports, and the cobalt provider (off unless given a URL) points at the
 * sandbox's cobalt under its mapped hostname, so the address guard treats it like the rest.
 */
import type { HostMapEntry } from '@tiksaver/core';
import type { ServiceOverrides } from './services.js';

export interface SandboxWiring {
  urls: Record<string, string>;
  hostMap: HostMapEntry[];
}

export function sandboxOverrides(sandbox: SandboxWiring): ServiceOverrides {
  const cobaltOrigin = sandbox.urls.cobalt;
  const cobaltHost = sandbox.hostMap.find((entry) => entry.origin === cobaltOrigin && !entry.pattern.startsWith('*.'))?.pattern;
  return {
    hostMap: sandbox.hostMap,
    ...(cobaltHost && { providerFlags: { cobaltUrl: `https://${cobaltHost}` } }),
  };
}
