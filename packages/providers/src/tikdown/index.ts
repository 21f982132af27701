/**
 * TikDown (tikdown.org): Laravel CSRF token, then POST /getAjax returning an HTML fragment
 * with a video and an MP3 link. Facts: services.md §4b. Video posts and story clips;
 * no photo support (declared, answered UNSUPPORTED_KIND).
 */
import type { Provider, ProviderCapabilities } from '@tiksaver/core';
import type { BaseProviderSettings } from '../shared/settings.js';
import { normaliseBaseUrl, refuseUndeclared, serviceTargetUrl } from '../shared/link-target.js';
import { serviceProvider } from '../shared/service-provider.js';
import { SOURCE } from './errors.js';
import { parseAjaxAnswer, toResolution } from './parse.js';
import { lookUp } from './request.js';

export const TIKDOWN_DEFAULT_BASE_URL = 'https://tikdown.org';

export interface TikdownProviderSettings extends BaseProviderSettings {}

export const TIKDOWN_CAPABILITIES: ProviderCapabilities = {
  linkKinds: ['story', 'video', 'short'],
  media: { story: ['video', 'audio'], video: ['video', 'audio'] },
  notes: 'Video without watermark plus its sound as MP3; no photo posts, no HD.',
};

export function createTikdownProvider(settings: TikdownProviderSettings = {}): Provider {
  const baseUrl = normaliseBaseUrl(settings.baseUrl ?? TIKDOWN_DEFAULT_BASE_URL);
  return serviceProvider({
    source: SOURCE,
    capabilities: TIKDOWN_CAPABILITIES,
    baseUrl,
    async resolve(link, ctx) {
      const options = { signal: ctx.signal, ...(settings.timeoutMs !== undefined && { timeoutMs: settings.timeoutMs }) };
      const answer = await lookUp(ctx.http, baseUrl, serviceTargetUrl(link), options);
      return refuseUndeclared(SOURCE, TIKDOWN_CAPABILITIES, link, toResolution(await parseAjaxAnswer(answer, baseUrl), link));
    },
  });
}
