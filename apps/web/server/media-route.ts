/**
 * GET /api/media/:token       one resolved item, streamed through the server
 * GET /api/media/:token/zip   every image (or item) of the same post as a streaming zip
 *
 * The CDN refuses browsers without the resolver's headers and cookies, so the server
 * fetches with them; the token names exactly one item of one report, so nothing else can
 * be fetched through here. Range is passed through for seeking in players.
 */
import type { Context } from 'hono';
import {
  DEFAULT_TEMPLATE,
  TiksaverError,
  mp3Name,
  openItem,
  planFiles,
  refreshOnce,
  sanitizeFilename,
  withRefreshedItem,
  zipItems,
  type HttpClient,
  type HttpResponse,
  type MediaItem,
  type Resolution,
  type ResolveReport,
  type RefreshItem,
  type Resolver,
  type Want,
} from '@tiksaver/core';
import { ApiError } from './api-error.js';
import { contentDisposition, safeMediaType } from './content-disposition.js';
import { mediaResponse } from './direct-body.js';
import { createMp3Converter, type Mp3Converter } from './mp3.js';
import type { ProviderHealthTracker } from './provider-health.js';
import { cutOnError } from './stream-out.js';
import type { ReportCache } from './report-cache.js';
import { resolutionKey, type ResolutionCache } from './resolution-cache.js';
import type { MediaTokenPayload, TokenSigner } from './tokens.js';

export interface MediaRouteDeps {
  resolver: Resolver;
  http: HttpClient;
  signer: TokenSigner;
  cache: ReportCache;
  resolutions: ResolutionCache;
  health: ProviderHealthTracker;
  /** The resolve rate limit: a media request that must re-resolve pays like a resolve. */
  chargeResolve: (c: Context) => Promise<void>;
  filenameTemplate: string;
  /** MP3 conversion (ffmpeg queue); one per app by default. */
  mp3?: Mp3Converter;
  ffmpegConcurrency?: number;
}

const PASS_HEADERS = ['content-length', 'content-range', 'accept-ranges', 'etag', 'last-modified'];

function reResolve(resolver: Resolver, token: MediaTokenPayload, signal: AbortSignal): Promise<ResolveReport> {
  const ids = resolver.providers.map((p) => p.id);
  const first = token.a ?? token.p;
  const order = first && ids.includes(first) ? [first, ...ids.filter((id) => id !== first)] : ids;
  return resolver.resolve(token.u, {
    providers: order,
    strategy: 'sequential',
    ...(token.w && { want: token.w as Want }),
    signal,
  });
}

export async function findResolution(deps: MediaRouteDeps, c: Context, token: MediaTokenPayload): Promise<{ resolution: Resolution; provider?: string }> {
  let report = await deps.cache.get(token.r);
  if (!report) {
    // A token outliving its report (CDN URLs expire, so the cache TTL is short) re-resolves,
    // through the resolution cache: many requests for one post cost one run, a failed run
    // is reused for a few seconds, and a run that does go upstream counts as a resolve.
    const key = resolutionKey(token.u, { ...(token.w && { want: token.w as Want }) });
    if (!(await deps.resolutions.lookup(key))) await deps.chargeResolve(c);
    const resolved = await deps.resolutions.resolve(key, (shared) => reResolve(deps.resolver, token, shared), c.req.raw.signal);
    if (resolved.fresh) deps.health.record(resolved.report);
    report = resolved.report;
    // The same token comes back (a player's range requests): let it find the report directly.
    if (report.ok) await deps.cache.set(token.r, report);
  }
  if (!report.ok || !report.result) {
    if (report.error) throw TiksaverError.fromJSON(report.error);
    throw new TiksaverError('NOT_FOUND', 'The post could not be resolved again.');
  }
  if (token.a !== undefined && token.a !== report.provider) {
    const attempt = report.attempts.find((a) => a.provider === token.a && a.result);
    // After a re-resolve only the winner is known; fall back to it.
    if (attempt?.result) return { resolution: attempt.result, provider: attempt.provider };
  }
  return { resolution: report.result, ...(report.provider !== undefined && { provider: report.provider }) };
}

/**
 * A 403 from the media host (a stale or foreign page session, tiktok-web.md §0)
 * re-resolves the post once, winner first, and caches the fresh report for later requests.
 */
function refresher(deps: MediaRouteDeps, token: MediaTokenPayload, resolution: Resolution, signal: AbortSignal): RefreshItem {
  return refreshOnce(resolution, async () => {
    const report = await reResolve(deps.resolver, token, signal);
    if (!report.ok || !report.result) return undefined;
    deps.cache.set(token.r, report);
    return report.result;
  });
}

/**
 * Download names for every item of the resolution, index for index: core's planFiles (the
 * names the CLI saves under), each flattened to one file name. An operator's template that
 * cannot render (absolute, "..", unknown field) falls back to the default one.
 */
export function fileNames(template: string, resolution: Resolution, provider: string | undefined): string[] {
  const names = (t: string) => planFiles(resolution, { template: t, ...(provider && { provider }) }).map((file) => file.name);
  try {
    return names(template);
  } catch {
    return names(DEFAULT_TEMPLATE);
  }
}

/** The item as a stream (core openItem: URL then fallbacks, the item's headers, Range). */
async function fetchItem(http: HttpClient, item: MediaItem, range: string | undefined, signal: AbortSignal): Promise<HttpResponse> {
  const { response } = await openItem(item, { http, ...(range && { headers: { range } }), okStatuses: [200, 206, 416], retries: 1, signal });
  return response;
}

export function createMediaHandlers(deps: MediaRouteDeps) {
  const mp3 = deps.mp3 ?? createMp3Converter({ ...(deps.ffmpegConcurrency !== undefined && { maxConcurrent: deps.ffmpegConcurrency }) });
  const media = async (c: Context) => {
    const token = deps.signer.verify(c.req.param('token') ?? '');
    const signal = c.req.raw.signal;
    const { resolution, provider } = await findResolution(deps, c, token);
    const item = resolution.items[token.i];
    if (!item) throw new ApiError('ITEM_UNKNOWN', 'This post has no such item any more.');
    const disposition = c.req.query('inline') === '1' ? 'inline' : 'attachment';

    if (c.req.query('format') === 'mp3' && !(item.type === 'audio' && item.ext === 'mp3')) {
      // Sound only from a video (or a non-MP3 sound): convert on the server.
      const refresh = refresher(deps, token, resolution, signal);
      const upstream = await withRefreshedItem(item, (current) => fetchItem(deps.http.fork(), current, undefined, signal), refresh);
      const converted = await mp3.toMp3(upstream.body, item.ext, signal);
      const name = mp3Name(fileNames(deps.filenameTemplate, resolution, provider)[token.i]!);
      return new Response(converted.body, {
        status: 200,
        headers: {
          'Content-Type': 'audio/mpeg',
          'Content-Length': String(converted.size),
          'Content-Disposition': contentDisposition(name, disposition),
          'Cache-Control': 'private, no-store',
        },
      });
    }

    const range = c.req.header('range');
    const wanted = range && /^bytes=[\d,\s-]+$/.test(range) ? range : undefined;
    const upstream = await withRefreshedItem(item, (current) => fetchItem(deps.http.fork(), current, wanted, signal), refresher(deps, token, resolution, signal));
    if (upstream.status === 416) {
      // The CDN's own 416 has an empty (or HTML) body: answer in our JSON shape, keeping its Content-Range.
      const contentRange = upstream.header('content-range');
      await upstream.dump();
      throw new ApiError('RANGE_NOT_SATISFIABLE', `The requested range${range ? ` (${range.slice(0, 60)})` : ''} is outside the file.`, {
        headers: contentRange ? { 'Content-Range': contentRange } : {},
      });
    }
    const headers = new Headers({
      'Content-Type': safeMediaType(upstream.header('content-type'), item.mimeType),
      'Content-Disposition': contentDisposition(fileNames(deps.filenameTemplate, resolution, provider)[token.i]!, disposition),
      'Cache-Control': 'private, no-store',
    });
    for (const name of PASS_HEADERS) {
      const value = upstream.header(name);
      if (value !== undefined) headers.set(name, value);
    }
    if (!headers.has('accept-ranges')) headers.set('Accept-Ranges', 'bytes');
    if (c.req.method === 'HEAD') {
      await upstream.dump();
      return new Response(null, { status: upstream.status, headers });
    }
    // CDN socket to client socket with backpressure and fixed buffers (./direct-body.ts).
    return mediaResponse(upstream.body, { status: upstream.status, headers });
  };

  const zip = async (c: Context) => {
    const token = deps.signer.verify(c.req.param('token') ?? '');
    const { resolution, provider } = await findResolution(deps, c, token);
    const images = resolution.items.filter((item) => item.type === 'image');
    // ?only=0,3,5: the items picked in the gallery (indexes into the resolution's items).
    const only = (c.req.query('only') ?? '').split(',').filter((n) => /^\d{1,3}$/.test(n)).map(Number);
    const picked = resolution.items.filter((_, index) => only.includes(index));
    const items = picked.length > 0 ? picked : images.length > 0 ? images : resolution.items;
    const all = fileNames(deps.filenameTemplate, resolution, provider);
    const names = items.map((item) => all[resolution.items.indexOf(item)]!);
    const http = deps.http.fork();
    const refresh = refresher(deps, token, resolution, c.req.raw.signal);
    // The first item is fetched before answering: a link that is already dead gets a JSON
    // error with its code instead of a 200 zip that breaks off at once.
    const first = items[0] ? await withRefreshedItem(items[0], (current) => fetchItem(http, current, undefined, c.req.raw.signal), refresh) : undefined;
    const archive = zipItems(items, { http, names, signal: c.req.raw.signal, refresh, ...(first && { opened: [first.body] }) });
    const base = sanitizeFilename(`${resolution.author?.username ? `${resolution.author.username}_` : ''}${resolution.id}`) || resolution.id;
    return new Response(cutOnError(archive, c, 'zip'), {
      status: 200,
      headers: {
        'Content-Type': 'application/zip',
        'Content-Disposition': contentDisposition(`${base}.zip`),
        'Cache-Control': 'private, no-store',
      },
    });
  };

  /**
   * POST /api/media/renew { tokens } -> { tokens }: fresh links for a page left open past
   * the token lifetime, asked for just before a download starts (never a cancelled one).
   */
  const renew = async (c: Context) => {
    let body: unknown;
    try {
      body = await c.req.json();
    } catch {
      throw new ApiError('BAD_JSON', 'The request body is not valid JSON.');
    }
    const tokens = (body as { tokens?: unknown }).tokens;
    if (!Array.isArray(tokens) || tokens.length === 0 || tokens.length > 50 || !tokens.every((t) => typeof t === 'string')) {
      throw new ApiError('BAD_JSON', 'tokens: a list of 1 to 50 download tokens.');
    }
    return c.json({ tokens: tokens.map((token: string) => deps.signer.renew(token)) });
  };

  return { media, zip, renew };
}
