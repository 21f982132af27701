/**
 * A download service as a core Provider, the same for every adapter: id and label from its
 * SOURCE, `authority: 'service'` (its "private" or "not found" is hearsay, core
 * engine/hearsay.ts), and a link kind it cannot take refused before any request.
 */
import type { ParsedLink, Provider, ProviderCapabilities, ProviderContext, Resolution, StatusSource } from '@tiksaver/core';
import { assertItemLink } from './link-target.js';

export interface ServiceSpec {
  source: StatusSource;
  capabilities: ProviderCapabilities;
  baseUrl: string;
  /** Called only for link kinds the service takes (assertItemLink ran). */
  resolve(link: ParsedLink, ctx: ProviderContext): Promise<Resolution>;
}

export function serviceProvider({ source, capabilities, baseUrl, resolve }: ServiceSpec): Provider {
  return {
    id: source.id,
    authority: 'service',
    label: source.label,
    capabilities,
    baseUrl,
    async resolve(link, ctx) {
      assertItemLink(source, capabilities, link);
      return resolve(link, ctx);
    },
  };
}
