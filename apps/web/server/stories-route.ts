/**
 * POST /api/stories { input }       a creator's current stories, each already resolved
 * GET  /api/stories/zip?t=…&n=NAME   the chosen items of several stories as one zip
 *
 * Listing goes through @tiksaver/providers' listStories (profile page, story list pages);
 * every story found is then resolved like a pasted link (the normal engine and fallback)
 * and presented with signed media tokens, so Save and Save all only ever fetch items the
 * server resolved. Rate limits: the route costs one resolve, and each story after the first
 * one more, on the same limiter as /api/resolve ("one resolve per story fetched").
 */
import { Readable } from 'node:stream';
import type { Context } from 'hono';
import * as z from 'zod';
import { sanitizeFilename, toTiksaverError, zipItems, type HttpClient, type MediaItem, type Resolver } from '@tiksaver/core';
import { emptyListHint, listStories, NATIVE_DEFAULT_BASE_URL, noStorySentence, resolveProfileTarget } from '@tiksaver/providers';
import { ApiError, statusForCode, toErrorResponse } from './api-error.js';
import { contentDisposition } from './content-disposition.js';
import { findResolution, fileNames, type MediaRouteDeps } from './media-route.js';
import { resolutionKey } from './resolution-cache.js';
import { mp3Available } from './mp3.js';
import { presentReport } from './present.js';
import { webHint } from './setting-env.js';
import type { WebStory, WebStoryList } from '../shared/types.js';
import type { ReportCache } from './report-cache.js';
import type { TokenSigner } from './tokens.js';

export const StoriesRequest = z.object({
  input: z.string().trim().min(1, 'Paste a profile link first.').max(4000, 'That is too long to be a link.'),
});

export interface StoriesRouteDeps extends MediaRouteDeps {
  /** Charges one more resolve to this client on the resolve limiter; false when over it. */
  charge(c: Context): Promise<boolean>;
  operatorCookies: boolean;
  nativeBaseUrl?: string;
}

const MAX_ZIP_TOKENS = 30;
const MEDIA_PREFIX = '/api/media/';

async function readInput(c: Context): Promise<string> {
  if (!/^application\/json\s*(;|$)/i.test(c.req.header('content-type') ?? '')) {
    throw new ApiError('UNSUPPORTED_MEDIA_TYPE', 'Expected Content-Type application/json.');
  }
  let raw: unknown;
  try {
    raw = await c.req.json();
  } catch {
    throw new ApiError('BAD_JSON', 'The request body is not valid JSON.');
  }
  const parsed = StoriesRequest.safeParse(raw);
  if (!parsed.success) throw new ApiError('BAD_JSON', parsed.error.issues[0]?.message ?? 'invalid request', { hint: 'Send {"input": "https://www.tiktok.com/@creator"}.' });
  return parsed.data.input;
}

export function createStoriesHandlers(deps: StoriesRouteDeps) {
  const list = async (c: Context) => {
    const input = await readInput(c);
    const signal = c.req.raw.signal;
    let listing;
    try {
      const http = deps.http.fork();
      listing = await listStories(
        { http, signal, logger: { debug() {}, info() {}, warn() {} }, baseUrl: deps.nativeBaseUrl ?? NATIVE_DEFAULT_BASE_URL },
        await resolveProfileTarget(input, http, signal),
      );
    } catch (error) {
      const e = toTiksaverError(error, 'NETWORK');
      const { body } = toErrorResponse(e);
      return c.json(body, statusForCode(e.code) as 400);
    }
    const mp3 = await mp3Available();
    const stories: WebStory[] = [];
    const zipTokens: string[] = [];
    let notFetched = 0;
    for (const [index, { thumbnail: _cdnUrl, ...story }] of listing.stories.entries()) {
      // The route's own charge covers the list and the first story.
      if (notFetched > 0 || (index > 0 && !(await deps.charge(c)))) {
        notFetched++;
        stories.push(story);
        continue;
      }
      // Through the resolution cache, like a pasted link: a story many people list costs one resolve.
      const resolved = await deps.resolutions.resolve(resolutionKey(story.url, {}), (shared) => deps.resolver.resolve(story.url, { signal: shared }), signal);
      if (resolved.fresh) deps.health.record(resolved.report);
      const { report, reportId: id } = resolved;
      const web = presentReport(report, { reportId: id, signer: deps.signer, mp3 });
      for (const i of web.result?.selected ?? []) {
        const url = web.result?.items[i]?.downloadUrl;
        if (url?.startsWith(MEDIA_PREFIX)) zipTokens.push(url.slice(MEDIA_PREFIX.length));
      }
      stories.push({ ...story, report: web });
    }
    const name = encodeURIComponent(listing.author.username);
    const emptyHint = emptyListHint(listing);
    const body: WebStoryList = {
      author: { id: listing.author.id, username: listing.author.username, ...(listing.author.nickname && { nickname: listing.author.nickname }) },
      ...(listing.profileSaysStory !== undefined && { profileSaysStory: listing.profileSaysStory }),
      stories,
      ...(stories.length === 0 && { sentence: noStorySentence(listing.author.username) }),
      ...(emptyHint !== undefined && { hint: webHint(emptyHint) }),
      ...(zipTokens.length > 0 && { zipUrl: `/api/stories/zip?n=${name}&${zipTokens.slice(0, MAX_ZIP_TOKENS).map((t) => `t=${t}`).join('&')}` }),
      notFetched,
      operatorCookies: deps.operatorCookies,
    };
    return c.json(body);
  };

  const zip = async (c: Context) => {
    const tokens = c.req.queries('t') ?? [];
    if (tokens.length === 0 || tokens.length > MAX_ZIP_TOKENS) throw new ApiError('TOKEN_UNKNOWN', `Give between 1 and ${MAX_ZIP_TOKENS} item tokens.`);
    const signal = c.req.raw.signal;
    const items: MediaItem[] = [];
    const names: string[] = [];
    for (const raw of tokens) {
      const token = deps.signer.verify(raw);
      const { resolution, provider } = await findResolution(deps, c, token);
      const item = resolution.items[token.i];
      if (!item) throw new ApiError('ITEM_UNKNOWN', 'A story no longer has one of its items.');
      items.push(item);
      names.push(fileNames(deps.filenameTemplate, resolution, provider)[token.i]!);
    }
    const base = sanitizeFilename(`${c.req.query('n') ?? 'tiktok'}_stories`) || 'stories';
    const archive = zipItems(items, { http: deps.http.fork(), names, signal });
    return new Response(Readable.toWeb(archive) as ReadableStream, {
      status: 200,
      headers: { 'Content-Type': 'application/zip', 'Content-Disposition': contentDisposition(`${base}.zip`), 'Cache-Control': 'private, no-store' },
    });
  };

  return { list, zip };
}
