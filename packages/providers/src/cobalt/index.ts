/**
 * cobalt: a user's own instance (imputnet/cobalt v10+ API). There is no default: the
 * public instance forbids third-party use (services.md §3), so without a URL the provider
 * is disabled and listed as skipped. Video and photo posts (picker of photos + sound);
 * cobalt has no story URL pattern, so stories are declared unsupported.
 */
import type { HttpClient, Provider, ProviderCapabilities } from '@tiksaver/core';
import type { BaseProviderSettings } from '../shared/settings.js';
import { assertLinkSupported, normaliseBaseUrl, serviceTargetUrl } from '../shared/link-target.js';
import { notConfigured, PROVIDER_ID } from './errors.js';
import { parseCobaltAnswer, toResolution } from './parse.js';
import { buildRequestBody, getInstanceInfo, postToCobalt, type CobaltInstanceInfo } from './request.js';

export interface CobaltProviderSettings extends BaseProviderSettings {
  /** `Authorization: Api-Key <apiKey>` (--cobalt-key / TIKSAVER_COBALT_KEY). */
  apiKey?: string;
  /** Let cobalt pick H.265 when TikTok has it (smaller, less compatible). Default false. */
  allowH265?: boolean;
}

export const COBALT_DISABLED_REASON = 'not configured (set --cobalt-url or TIKSAVER_COBALT_URL)';

export const COBALT_CAPABILITIES: ProviderCapabilities = {
  linkKinds: ['video', 'photo', 'short'],
  media: { video: ['video', 'audio'], photo: ['image', 'audio'] },
  notes: 'Your own cobalt instance; files come through its tunnel (valid ~90 s); no stories.',
};

export interface CobaltProvider extends Provider {
  /** `GET /` of the instance: version and enabled services (a health check). */
  instanceInfo(http: HttpClient, options?: { signal?: AbortSignal }): Promise<CobaltInstanceInfo>;
}

export function createCobaltProvider(settings: CobaltProviderSettings = {}): CobaltProvider {
  const baseUrl = settings.baseUrl ? normaliseBaseUrl(settings.baseUrl) : undefined;
  const apiKey = settings.apiKey?.trim() || undefined;
  const callOptions = (signal: AbortSignal) => ({
    signal,
    ...(apiKey && { apiKey }),
    ...(settings.timeoutMs !== undefined && { timeoutMs: settings.timeoutMs }),
  });
  return {
    id: PROVIDER_ID,
    label: 'cobalt',
    capabilities: COBALT_CAPABILITIES,
    ...(baseUrl ? { baseUrl, enabled: true } : { enabled: false, disabledReason: COBALT_DISABLED_REASON }),
    async instanceInfo(http, options = {}) {
      if (!baseUrl) throw notConfigured();
      return getInstanceInfo(http, baseUrl, callOptions(options.signal ?? new AbortController().signal));
    },
    async resolve(link, ctx) {
      if (!baseUrl) throw notConfigured();
      assertLinkSupported(PROVIDER_ID, 'cobalt', COBALT_CAPABILITIES, link);
      const body = buildRequestBody(serviceTargetUrl(link), ctx.want, settings.allowH265 ?? false);
      const raw = await postToCobalt(ctx.http, baseUrl, body, callOptions(ctx.signal));
      return toResolution(parseCobaltAnswer(raw.body, raw), link, ctx.want);
    },
  };
}
