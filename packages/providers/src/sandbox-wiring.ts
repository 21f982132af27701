/**
 * What a running sandbox changes in the configuration, for both apps: its host map routes
 * TikTok and every service to local ports (ahead of any configured host map), and the
 * cobalt provider (off unless given a URL) points at the sandbox's cobalt under its mapped
 * hostname, so the address guard treats it like the rest.
 */
import type { HostMapEntry } from '@tiksaver/core';

/** The parts of @tiksaver/sandbox's Sandbox the wiring needs. */
export interface SandboxWiring {
  urls: Record<string, string>;
  hostMap: HostMapEntry[];
}

export function sandboxSettings(sandbox: SandboxWiring): { hostMap: HostMapEntry[]; cobaltUrl?: string } {
  const cobaltOrigin = sandbox.urls.cobalt;
  const cobaltHost = sandbox.hostMap.find((entry) => entry.origin === cobaltOrigin && !entry.pattern.startsWith('*.'))?.pattern;
  return { hostMap: sandbox.hostMap, ...(cobaltHost && { cobaltUrl: `https://${cobaltHost}` }) };
}
