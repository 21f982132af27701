/**
 * The web app's routes. createApp takes everything it needs (resolver, HTTP client,
 * signer, cache, limits) so tests build it against the sandbox with their own settings.
 */
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { HttpClient, Resolver } from '@tiksaver/core';
import { ApiError, toErrorResponse } from './api-error.js';
import { createMediaHandlers } from './media-route.js';
import { createHealthTracker } from './provider-health.js';
import type { Mp3Converter } from './mp3.js';
import { createRateLimiter, type RateLimitSettings } from './rate-limit.js';
import type { ReportCache } from './report-cache.js';
import { createResolutionCache } from './resolution-cache.js';
import { createResolveHandler } from './resolve-route.js';
import { mountStatusPage } from './status-page.js';
import { createMemoryStore } from './store/memory-store.js';
import type { Store } from './store/types.js';
import { securityHeaders } from './security-headers.js';
import { createStoriesHandlers } from './stories-route.js';
import { mountStaticFiles } from './static-files.js';
import type { TokenSigner } from './tokens.js';

export interface AppDeps {
  resolver: Resolver;
  http: HttpClient;
  signer: TokenSigner;
  cache: ReportCache;
  /** Shared state (rate limits, resolution and failure caches, pacing, health); default memory. */
  store?: Store;
  /** Reuse of a resolution for the same item and media (default 60 s; 0 = off). */
  resolveCacheTtlMs?: number;
  /** Reuse of a failed resolution (default 10 s; 0 = off). */
  failureCacheTtlMs?: number;
  /** Serve the operator page /status. */
  statusPage?: boolean;
  /** Releases the store's connection (tests, shutdown). */
  close?: () => Promise<void>;
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
  /** The operator set TIKSAVER_COOKIES: TikTok requests carry those cookies (the story list says so). */
  operatorCookies?: boolean;
  /** TikTok's web origin for the story list (the native provider's base URL). */
  nativeBaseUrl?: string;
  /** MP3 conversions (ffmpeg processes) at once; default 2. */
  ffmpegConcurrency?: number;
  /** The MP3 converter (its ffmpeg queue); built from ffmpegConcurrency when omitted. */
  mp3?: Mp3Converter;
}

export function createApp(deps: AppDeps): Hono {
  const app = new Hono();
  const startedAt = Date.now();
  const store = deps.store ?? createMemoryStore();
  const keyOptions = { trustProxy: deps.trustProxy ?? false, trustedProxies: deps.trustedProxies ?? [], counters: store.counters };
  const maxBodyBytes = deps.maxBodyBytes ?? 16 * 1024;
  const health = createHealthTracker(store);
  const resolutions = createResolutionCache({
    store: store.cache,
    reports: deps.cache,
    ...(deps.resolveCacheTtlMs !== undefined && { ttlMs: deps.resolveCacheTtlMs }),
    ...(deps.failureCacheTtlMs !== undefined && { failureTtlMs: deps.failureCacheTtlMs }),
  });
  const resolveLimit = createRateLimiter('resolve', deps.limits.resolve, keyOptions);
  const routeDeps = { ...deps, resolutions, health, chargeResolve: resolveLimit.charge };

  app.use('*', securityHeaders());
  app.use('/api/*', async (c, next) => {
    await next();
    if (!c.res.headers.has('Cache-Control')) c.header('Cache-Control', 'no-store');
  });

  app.get('/api/health', (c) =>
    // ok stays true while Redis is lost: the instance still serves (see docs/DEPLOY.md).
    c.json({ ok: true, version: deps.version ?? '0.1.0', sandbox: deps.sandbox ?? false, uptimeSec: Math.round((Date.now() - startedAt) / 1000), store: store.state() }),
  );
  app.get('/api/providers', async (c) => {
    const info = deps.providerInfo() as { providers?: Array<{ id: string }> };
    const { providers: rows, ...status } = await health.read();
    const byId = new Map(rows.map((row) => [row.provider, row]));
    // Each provider's health next to its description; native's page routes under it.
    const providers = (info.providers ?? []).map((p) => ({
      ...p,
      health: byId.get(p.id) ?? { provider: p.id, ok: 0, failed: 0, minutes: [] },
      ...(rows.some((row) => row.provider.startsWith(`${p.id}/`)) && { routes: rows.filter((row) => row.provider.startsWith(`${p.id}/`)) }),
    }));
    return c.json({ ...info, providers, health: status });
  });
  if (deps.statusPage) mountStatusPage(app, health);

  const smallBody = bodyLimit({
    maxSize: maxBodyBytes,
    onError: () => {
      // The rest of the body is never read, so the connection cannot be reused.
      throw new ApiError('PAYLOAD_TOO_LARGE', `The request body is larger than ${maxBodyBytes} bytes.`, { headers: { Connection: 'close' } });
    },
  });
  app.post('/api/resolve', resolveLimit.middleware, smallBody, createResolveHandler(routeDeps));

  // Story lists share the resolve limit: one resolve per story fetched.
  const stories = createStoriesHandlers({
    ...routeDeps,
    operatorCookies: deps.operatorCookies ?? false,
    charge: async (c) => {
      try {
        await resolveLimit.charge(c);
        return true;
      } catch (error) {
        if (error instanceof ApiError && error.code === 'TOO_MANY_REQUESTS') return false;
        throw error;
      }
    },
  });

  const media = createMediaHandlers(routeDeps);
  const mediaLimit = createRateLimiter('media', deps.limits.media, keyOptions).middleware;
  app.post('/api/media/renew', mediaLimit, smallBody, media.renew);
  app.post('/api/stories', resolveLimit.middleware, smallBody, stories.list);
  app.get('/api/stories/zip', mediaLimit, stories.zip);
  app.get('/api/media/:token/zip', mediaLimit, media.zip);
  app.get('/api/media/:token', mediaLimit, media.media);

  const allowed: Record<string, string> = { '/api/resolve': 'POST', '/api/media/renew': 'POST', '/api/stories': 'POST', '/api/stories/zip': 'GET, HEAD', '/api/health': 'GET, HEAD', '/api/providers': 'GET, HEAD' };
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
