/**
 * tikwm (www.tikwm.com): a public JSON API, no token, strictly 1 request/s per IP.
 * Facts: services.md §2. Serves video posts (HD/SD without watermark) and photo posts
 * (images + sound); stories are not supported (declared, answered UNSUPPORTED_KIND).
 */
import type { Provider, ProviderCapabilities } from '@tiksaver/core';
import type { BaseProviderSettings } from '../shared/settings.js';
import { normaliseBaseUrl, refuseUndeclared, serviceTargetUrl } from '../shared/link-target.js';
import { serviceProvider } from '../shared/service-provider.js';
import { isSoftRateLimit, SOURCE } from './errors.js';
import { parseTikwmResponse, toResolution, type CodecPreference } from './parse.js';
import { callTikwmApi } from './request.js';

export const TIKWM_DEFAULT_BASE_URL = 'https://www.tikwm.com';

export interface TikwmProviderSettings extends BaseProviderSettings {
  /**
   * Extra attempts after tikwm's "Free Api Limit" answer (default 1). The pacer keeps
   * our own calls 1.1 s apart, so a soft limit means someone else on this IP; one paced
   * retry usually gets through.
   */
  rateLimitRetries?: number;
  /** Which of tikwm's two clean files comes first: 'h264' (`play`, default, plays everywhere) or 'h265' (`hdplay`, HD). */
  codec?: CodecPreference;
}

export const TIKWM_CAPABILITIES: ProviderCapabilities = {
  linkKinds: ['video', 'photo', 'short'],
  media: { video: ['video', 'audio'], photo: ['image', 'audio'] },
  notes: 'SD (H.264) and HD (H.265) without watermark (the codec setting picks), photo posts with sound; no stories; 1 request/s per IP (calls are paced).',
};

export function createTikwmProvider(settings: TikwmProviderSettings = {}): Provider {
  const baseUrl = normaliseBaseUrl(settings.baseUrl ?? TIKWM_DEFAULT_BASE_URL);
  const rateLimitRetries = settings.rateLimitRetries ?? 1;
  return serviceProvider({
    source: SOURCE,
    capabilities: TIKWM_CAPABILITIES,
    baseUrl,
    async resolve(link, ctx) {
      const target = serviceTargetUrl(link);
      const options = { signal: ctx.signal, ...(settings.timeoutMs !== undefined && { timeoutMs: settings.timeoutMs }) };
      for (let attempt = 0; ; attempt++) {
        try {
          const data = parseTikwmResponse(await callTikwmApi(ctx.http, baseUrl, target, options));
          return refuseUndeclared(SOURCE, TIKWM_CAPABILITIES, link, toResolution(data, link, baseUrl, settings.codec ?? 'h264'));
        } catch (error) {
          if (!isSoftRateLimit(error) || attempt >= rateLimitRetries || ctx.signal.aborted) throw error;
          ctx.logger.debug('tikwm soft rate limit, retrying through the pacer', { attempt });
        }
      }
    },
  });
}
