/**
 * cobalt: a user's own instance (imputnet/cobalt v10+ API). There is no default: the
 * public instance forbids third-party use (services.md §3), so without a URL the provider
 * is disabled and listed as skipped. Video and photo posts (picker of photos + sound);
 * cobalt has no story URL pattern, so stories are declared unsupported.
 */
import type { Hint, HttpClient, MediaItem, ParsedLink, Provider, ProviderCapabilities, ProviderContext, Resolution } from '@tiksaver/core';
import type { BaseProviderSettings } from '../shared/settings.js';
import { assertItemLink, normaliseBaseUrl, refuseUndeclared, serviceTargetUrl } from '../shared/link-target.js';
import { notConfigured, PROVIDER_ID, SOURCE } from './errors.js';
import { parseCobaltAnswer, toResolution } from './parse.js';
import { buildRequestBody, getInstanceInfo, postToCobalt, type CobaltCallOptions, type CobaltInstanceInfo } from './request.js';

export interface CobaltProviderSettings extends BaseProviderSettings {
  /** `Authorization: Api-Key <apiKey>` (--cobalt-key / TIKSAVER_COBALT_KEY). */
  apiKey?: string;
  /** Let cobalt pick H.265 when TikTok has it (smaller, less compatible). Default false. */
  allowH265?: boolean;
}

export const COBALT_DISABLED_REASON: Hint = ['not configured (set ', { setting: 'cobaltUrl' }, ')'];

export const COBALT_CAPABILITIES: ProviderCapabilities = {
  linkKinds: ['video', 'photo', 'short'],
  media: { video: ['video', 'audio'], photo: ['image', 'audio'] },
  notes: 'Your own cobalt instance; files come through its tunnel (valid ~90 s); no stories.',
};

export interface CobaltProvider extends Provider {
  /** `GET /` of the instance: version and enabled services (a health check). */
  instanceInfo(http: HttpClient, options?: { signal?: AbortSignal }): Promise<CobaltInstanceInfo>;
}

interface Call {
  http: HttpClient;
  baseUrl: string;
  options: CobaltCallOptions;
  allowH265: boolean;
}

async function ask(call: Call, link: ParsedLink, want: ProviderContext['want']): Promise<Resolution> {
  const body = buildRequestBody(serviceTargetUrl(link), want, call.allowH265);
  const raw = await postToCobalt(call.http, call.baseUrl, body, call.options);
  return toResolution(parseCobaltAnswer(raw.body, raw), link, want, call.allowH265);
}

/**
 * cobalt gives one file per call: `auto` is the video, so the sound needs a second call in
 * `audio` mode. It is a companion: if it fails, the video still stands.
 */
async function soundFor(call: Call, link: ParsedLink): Promise<MediaItem | undefined> {
  try {
    return (await ask(call, link, 'audio')).items.find((item) => item.type === 'audio');
  } catch (error) {
    if (call.options.signal.aborted) throw error;
    return undefined;
  }
}

export function createCobaltProvider(settings: CobaltProviderSettings = {}): CobaltProvider {
  const baseUrl = settings.baseUrl ? normaliseBaseUrl(settings.baseUrl) : undefined;
  const apiKey = settings.apiKey?.trim() || undefined;
  const callOptions = (signal: AbortSignal): CobaltCallOptions => ({
    signal,
    ...(apiKey && { apiKey }),
    ...(settings.timeoutMs !== undefined && { timeoutMs: settings.timeoutMs }),
  });
  return {
    id: PROVIDER_ID,
    // A download service: its "private" or "not found" is hearsay (core engine/hearsay.ts).
    authority: 'service',
    label: SOURCE.label,
    capabilities: COBALT_CAPABILITIES,
    ...(baseUrl ? { baseUrl, enabled: true } : { enabled: false, disabledReason: COBALT_DISABLED_REASON }),
    async instanceInfo(http, options = {}) {
      if (!baseUrl) throw notConfigured();
      return getInstanceInfo(http, baseUrl, callOptions(options.signal ?? new AbortController().signal));
    },
    async resolve(link, ctx) {
      if (!baseUrl) throw notConfigured();
      assertItemLink(SOURCE, COBALT_CAPABILITIES, link);
      const call: Call = { http: ctx.http, baseUrl, options: callOptions(ctx.signal), allowH265: settings.allowH265 ?? false };
      // A /video/ link is a video (or a photo post cobalt answers with a picker, sound
      // included): ask for its sound alongside. Other links wait for the first answer.
      const early = ctx.want === 'auto' && link.kind === 'video' ? soundFor(call, link) : undefined;
      // Observed now: if it fails (cancelled) before the main answer, that is no unhandled
      // rejection (it crashed the web server); every `await early` below still sees the error.
      early?.catch(() => undefined);
      const main = await ask(call, link, ctx.want).catch(async (error: unknown) => {
        await early;
        throw error;
      });
      const single = main.items.length === 1 && main.items[0]!.type === 'video';
      const sound = single && ctx.want === 'auto' ? await (early ?? soundFor(call, link)) : (await early, undefined);
      const resolution = sound ? { ...main, items: [...main.items, sound] } : main;
      return refuseUndeclared(SOURCE, COBALT_CAPABILITIES, link, resolution);
    },
  };
}
