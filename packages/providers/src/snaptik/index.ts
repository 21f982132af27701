/**
 * SnapTik adapter (snaptik.app). Current flow: token -> AES challenge -> X-Verify ->
 * /api/extract JSON (+ HD endpoint). Legacy flow (clones): home token -> abc2.php packed
 * script -> pure decoder -> download HTML. services.md §1a/§1b.
 */
import {
  TiksaverError,
  type ParsedLink,
  type Provider,
  type ProviderCapabilities,
  type ProviderContext,
  type Resolution,
} from '@tiksaver/core';
import type { BaseProviderSettings } from '../shared/settings.js';
import { normaliseBaseUrl, serviceTargetUrl } from '../shared/link-target.js';
import { serviceProvider } from '../shared/service-provider.js';
import { DEFAULT_SNAPTIK_SALT } from './challenge.js';
import { PROVIDER_ID, SOURCE, snaptikFailure } from './errors.js';
import { extractLegacyPayload, decodePackedScript } from './packed.js';
import { parseExtract, parseLegacyHtml, type SnaptikPost } from './parse.js';
import {
  NoTokenEndpoint,
  fetchExtract,
  fetchHdUrl,
  fetchLegacyToken,
  fetchSize,
  postLegacyForm,
  type SnaptikSession,
} from './request.js';
import { toResolution, type ChosenVideo } from './resolution.js';

export { DEFAULT_SNAPTIK_SALT, buildXVerify, decryptChallenge, solveChallenge } from './challenge.js';
export { decodePacked, decodePackedScript, extractLegacyPayload, parsePackedArgs } from './packed.js';
export { SNAPTIK_MESSAGES, codeForMessage as snaptikCodeForMessage } from './errors.js';

export const SNAPTIK_DEFAULT_BASE_URL = 'https://snaptik.app';

export interface SnaptikProviderSettings extends BaseProviderSettings {
  /** 'api' = current JSON flow, 'legacy' = abc2.php packed flow, 'auto' (default) = api, then legacy when /api/token is 404. */
  flow?: 'auto' | 'api' | 'legacy';
  /** Challenge key salt; rotates with the site's JS (default "sn4pt1k_v3r1fy2026:"). */
  salt?: string;
  /** Ask the HD endpoint (one more token round trip). Default true. */
  hd?: boolean;
  /** Language path of the legacy home page and `lang` form field. Default 'en2'. */
  lang?: string;
}

export const SNAPTIK_CAPABILITIES: ProviderCapabilities = {
  linkKinds: ['story', 'video', 'photo', 'short'],
  media: { video: ['video'], story: ['video'], photo: ['image'] },
  notes: 'No-watermark video (HD via a second verified call), photo posts as images; story videos only (no story photos); audio only when the site offers a link.',
};

export function createSnaptikProvider(settings: SnaptikProviderSettings = {}): Provider {
  const baseUrl = normaliseBaseUrl(settings.baseUrl ?? SNAPTIK_DEFAULT_BASE_URL);
  const flow = settings.flow ?? 'auto';

  async function viaApi(s: SnaptikSession, link: ParsedLink, url: string): Promise<Resolution> {
    const post = parseExtract(await fetchExtract(s, url), baseUrl);
    return toResolution(link, post, await chooseApiVideos(s, post));
  }

  async function chooseApiVideos(s: SnaptikSession, post: SnaptikPost): Promise<ChosenVideo[]> {
    if (post.type !== 'video') return [];
    const sdOnly: ChosenVideo[] = post.videoUrl ? [{ url: post.videoUrl, hd: false }] : [];
    if ((settings.hd === false && post.videoUrl) || !post.hdEndpoint) return sdOnly;
    let hdUrl: string;
    try {
      hdUrl = await fetchHdUrl(s, post.hdEndpoint);
    } catch (error) {
      if (s.signal.aborted || !post.videoUrl) throw error;
      return sdOnly; // HD is a bonus: the SD file is still a correct result.
    }
    if (!post.videoUrl) return [{ url: hdUrl, hd: true }];
    const sd: ChosenVideo = { url: post.videoUrl, hd: false };
    const [sdSize, hdSize] = await Promise.all([fetchSize(s, sd.url), fetchSize(s, hdUrl)]);
    const hd: ChosenVideo = { url: hdUrl, hd: true, ...(hdSize !== undefined && { sizeBytes: hdSize }) };
    if (sdSize !== undefined) sd.sizeBytes = sdSize;
    // One client swaps when the "HD" file is smaller than the plain one (services.md §1a).
    return sdSize !== undefined && hdSize !== undefined && hdSize < sdSize ? [sd, hd] : [hd, sd];
  }

  async function viaLegacy(s: SnaptikSession, link: ParsedLink, url: string): Promise<Resolution> {
    const token = await fetchLegacyToken(s);
    const payload = extractLegacyPayload(decodePackedScript(await postLegacyForm(s, url, token)));
    if ('alert' in payload) throw snaptikFailure(payload.alert, 'abc2.php#alert');
    const post = await parseLegacyHtml(payload.html, baseUrl);
    const videos: ChosenVideo[] = [];
    if (post.type === 'video' && post.hdUrl) videos.push({ url: post.hdUrl, hd: true });
    if (post.type === 'video' && post.videoUrl) videos.push({ url: post.videoUrl, hd: false });
    return toResolution(link, post, videos);
  }

  return serviceProvider({
    source: SOURCE,
    capabilities: SNAPTIK_CAPABILITIES,
    baseUrl,
    async resolve(link: ParsedLink, ctx: ProviderContext): Promise<Resolution> {
      const url = serviceTargetUrl(link);
      const session: SnaptikSession = {
        http: ctx.http,
        baseUrl,
        signal: ctx.signal,
        salt: settings.salt ?? DEFAULT_SNAPTIK_SALT,
        lang: settings.lang ?? 'en2',
        ...(settings.timeoutMs !== undefined && { timeoutMs: settings.timeoutMs }),
      };
      if (flow === 'legacy') return viaLegacy(session, link, url);
      try {
        return await viaApi(session, link, url);
      } catch (error) {
        if (!(error instanceof NoTokenEndpoint)) throw error;
        if (flow === 'api') {
          throw new TiksaverError('UPSTREAM_CHANGED', 'SnapTik has no /api/token endpoint (try flow "legacy")', { provider: PROVIDER_ID });
        }
        ctx.logger.debug('snaptik: /api/token is 404, using the legacy abc2.php flow');
        return viaLegacy(session, link, url);
      }
    },
  });
}
