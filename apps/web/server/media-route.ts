/**
 * GET /api/media/:token       one resolved item, streamed through the server
 * GET /api/media/:token/zip   every image (or item) of the same post as a streaming zip
 *
 * The CDN refuses browsers without the resolver's headers and cookies, so the server
 * fetches with them; the token names exactly one item of one report, so nothing else can
 * be fetched through here. Range is passed through for seeking in players.
 */
import { Readable } from 'node:stream';
import type { Context } from 'hono';
import {
  TiksaverError,
  fieldsFor,
  openItem,
  renderTemplate,
  sanitizeFilename,
  zipItems,
  type HttpClient,
  type HttpResponse,
  type MediaItem,
  type Resolution,
  type ResolveReport,
  type Resolver,
  type Want,
} from '@tiksaver/core';
import { ApiError } from './api-error.js';
import { contentDisposition, safeMediaType } from './content-disposition.js';
import { mediaResponse } from './direct-body.js';
import { toMp3 } from './mp3.js';
import type { ReportCache } from './report-cache.js';
import type { MediaTokenPayload, TokenSigner } from './tokens.js';

export interface MediaRouteDeps {
  resolver: Resolver;
  http: HttpClient;
  signer: TokenSigner;
  cache: ReportCache;
  filenameTemplate: string;
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

async function findResolution(deps: MediaRouteDeps, token: MediaTokenPayload, signal: AbortSignal): Promise<{ resolution: Resolution; provider?: string }> {
  // A token outliving its report (CDN URLs expire, so the cache TTL is short) re-resolves.
  const report = await deps.cache.getOrLoad(token.r, () => reResolve(deps.resolver, token, signal));
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

/** The CLI's naming (core fieldsFor + renderTemplate), flattened to one file name. */
function fileName(template: string, resolution: Resolution, item: MediaItem, index: number, provider: string | undefined): string {
  const sameType = resolution.items.filter((other) => other.type === item.type);
  const position = sameType.indexOf(item) + 1 || index + 1;
  try {
    const rendered = renderTemplate(template, fieldsFor(resolution, item, position, sameType.length, provider));
    return sanitizeFilename(rendered.replaceAll('/', '_')) || `${resolution.id}.${item.ext}`;
  } catch {
    return `${resolution.id}${sameType.length > 1 ? `_${String(position).padStart(2, '0')}` : ''}.${item.ext}`;
  }
}

/** The item as a stream (core openItem: URL then fallbacks, the item's headers, Range). */
async function fetchItem(http: HttpClient, item: MediaItem, range: string | undefined, signal: AbortSignal): Promise<HttpResponse> {
  const { response } = await openItem(item, { http, ...(range && { headers: { range } }), okStatuses: [200, 206, 416], retries: 1, signal });
  return response;
}

export function createMediaHandlers(deps: MediaRouteDeps) {
  const media = async (c: Context) => {
    const token = deps.signer.verify(c.req.param('token') ?? '');
    const signal = c.req.raw.signal;
    const { resolution, provider } = await findResolution(deps, token, signal);
    const item = resolution.items[token.i];
    if (!item) throw new ApiError('ITEM_UNKNOWN', 'This post has no such item any more.');
    const disposition = c.req.query('inline') === '1' ? 'inline' : 'attachment';

    if (c.req.query('format') === 'mp3' && !(item.type === 'audio' && item.ext === 'mp3')) {
      // Sound only from a video (or a non-MP3 sound): convert on the server.
      const upstream = await fetchItem(deps.http.fork(), item, undefined, signal);
      const mp3 = await toMp3(upstream.body, item.ext, signal);
      const name = fileName(deps.filenameTemplate, resolution, { ...item, type: 'audio', ext: 'mp3' }, token.i, provider);
      return new Response(mp3.body, {
        status: 200,
        headers: {
          'Content-Type': 'audio/mpeg',
          'Content-Length': String(mp3.size),
          'Content-Disposition': contentDisposition(name, disposition),
          'Cache-Control': 'private, no-store',
        },
      });
    }

    const range = c.req.header('range');
    const upstream = await fetchItem(deps.http.fork(), item, range && /^bytes=[\d,\s-]+$/.test(range) ? range : undefined, signal);
    const headers = new Headers({
      'Content-Type': safeMediaType(upstream.header('content-type'), item.mimeType),
      'Content-Disposition': contentDisposition(fileName(deps.filenameTemplate, resolution, item, token.i, provider), disposition),
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
    const { resolution, provider } = await findResolution(deps, token, c.req.raw.signal);
    const images = resolution.items.filter((item) => item.type === 'image');
    const items = images.length > 0 ? images : resolution.items;
    const names = items.map((item) => fileName(deps.filenameTemplate, resolution, item, resolution.items.indexOf(item), provider));
    const archive = zipItems(items, { http: deps.http.fork(), names, signal: c.req.raw.signal });
    const base = sanitizeFilename(`${resolution.author?.username ? `${resolution.author.username}_` : ''}${resolution.id}`) || resolution.id;
    return new Response(Readable.toWeb(archive) as ReadableStream, {
      status: 200,
      headers: {
        'Content-Type': 'application/zip',
        'Content-Disposition': contentDisposition(`${base}.zip`),
        'Cache-Control': 'private, no-store',
      },
    });
  };

  return { media, zip };
}
