/**
 * The web app's routes. createApp takes everything it needs (resolver, HTTP client,
 * signer, cache, limits) so tests build it against the sandbox with their own settings.
 */
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { HttpClient, Resolver } from '@tiksaver/core';
import { ApiError, toErrorResponse } from './api-error.js';
import { createMediaHandlers } from './media-route.js';
import type { Mp3Converter } from './mp3.js';
import { createRateLimit, type RateLimitSettings } from './rate-limit.js';
import type { ReportCache } from './report-cache.js';
import { createResolveHandler } from './resolve-route.js';
import { securityHeaders } from './security-headers.js';
import { mountStaticFiles } from './static-files.js';
import type { TokenSigner } from './tokens.js';

export interface AppDeps {
  resolver: Resolver;
  http: HttpClient;
  signer: TokenSigner;
  cache: ReportCache;
  /** Output filename template, e.g. '{author}_{id}{index}.{ext}'. */
  filenameTemplate: string;
  limits: { resolve: RateLimitSettings; media: RateLimitSettings };
  trustProxy?: boolean;
  /** Further proxies (addresses, CIDR ranges) whose X-Forwarded-For entries are skipped. */
  trustedProxies?: string[];
  /** GET /api/providers body. */
  providerInfo: () => unknown;
  /** Built front end (dist/public); omitted = API only. */
  staticRoot?: string;
  sandbox?: boolean;
  version?: string;
  /** Largest accepted request body in bytes. */
  maxBodyBytes?: number;
  /** MP3 conversions (ffmpeg processes) at once; default 2. */
  ffmpegConcurrency?: number;
  /** The MP3 converter (its ffmpeg queue); built from ffmpegConcurrency when omitted. */
  mp3?: Mp3Converter;
}

export function createApp(deps: AppDeps): Hono {
  const app = new Hono();
  const startedAt = Date.now();
  const keyOptions = { trustProxy: deps.trustProxy ?? false, trustedProxies: deps.trustedProxies ?? [] };
  const maxBodyBytes = deps.maxBodyBytes ?? 16 * 1024;

  app.use('*', securityHeaders());
  app.use('/api/*', async (c, next) => {
    await next();
    if (!c.res.headers.has('Cache-Control')) c.header('Cache-Control', 'no-store');
  });

  app.get('/api/health', (c) =>
    c.json({ ok: true, version: deps.version ?? '0.1.0', sandbox: deps.sandbox ?? false, uptimeSec: Math.round((Date.now() - startedAt) / 1000) }),
  );
  app.get('/api/providers', (c) => c.json(deps.providerInfo()));

  app.post(
    '/api/resolve',
    createRateLimit(deps.limits.resolve, keyOptions),
    bodyLimit({
      maxSize: maxBodyBytes,
      onError: () => {
        // The rest of the body is never read, so the connection cannot be reused.
        throw new ApiError('PAYLOAD_TOO_LARGE', `The request body is larger than ${maxBodyBytes} bytes.`, { headers: { Connection: 'close' } });
      },
    }),
    createResolveHandler(deps),
  );

  const media = createMediaHandlers(deps);
  const mediaLimit = createRateLimit(deps.limits.media, keyOptions);
  app.get('/api/media/:token/zip', mediaLimit, media.zip);
  app.get('/api/media/:token', mediaLimit, media.media);

  const allowed: Record<string, string> = { '/api/resolve': 'POST', '/api/health': 'GET, HEAD', '/api/providers': 'GET, HEAD' };
  app.all('/api/*', (c) => {
    const allow = allowed[c.req.path] ?? (c.req.path.startsWith('/api/media/') ? 'GET, HEAD' : undefined);
    if (allow) throw new ApiError('METHOD_NOT_ALLOWED', `${c.req.method} is not allowed here; use ${allow}.`, { headers: { Allow: allow } });
    throw new ApiError('ROUTE_NOT_FOUND', `No API endpoint ${c.req.path}.`);
  });

  if (deps.staticRoot) mountStaticFiles(app, deps.staticRoot);

  app.notFound((c) => {
    const { status, body } = toErrorResponse(new ApiError('ROUTE_NOT_FOUND', `Nothing at ${c.req.path}.`));
    return c.json(body, status as 404);
  });
  app.onError((error, c) => {
    const { status, body, headers } = toErrorResponse(error);
    if (body.error.code === 'INTERNAL') console.error('[tiksaver web]', error);
    return c.json(body, status as 400, headers);
  });
  return app;
}
