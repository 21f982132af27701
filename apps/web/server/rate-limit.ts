/**
 * Per-client rate limits. hono-rate-limiter (fixed window, in-memory store by default,
 * RateLimit-* and Retry-After headers) is the well-kept Hono-native choice; we only supply
 * the client key and our JSON error body.
 */
import type { MiddlewareHandler } from 'hono';
import { rateLimiter } from 'hono-rate-limiter';
import { ApiError, toErrorResponse } from './api-error.js';
import { createClientAddress, type ClientAddressOptions } from './client-address.js';

export interface RateLimitSettings {
  /** Requests allowed per window and client. */
  limit: number;
  windowMs: number;
}

export function createRateLimit(settings: RateLimitSettings, keyOptions: ClientAddressOptions = {}): MiddlewareHandler {
  const clientAddress = createClientAddress(keyOptions);
  return rateLimiter({
    windowMs: settings.windowMs,
    limit: settings.limit,
    standardHeaders: 'draft-6',
    keyGenerator: clientAddress,
    handler: (c) => {
      const info = c.get('rateLimit' as never) as { resetTime?: Date } | undefined;
      const resetMs = info?.resetTime ? info.resetTime.getTime() - Date.now() : settings.windowMs;
      const retryAfter = String(Math.max(1, Math.ceil(resetMs / 1000)));
      const { status, body } = toErrorResponse(
        new ApiError('TOO_MANY_REQUESTS', `Too many requests: at most ${settings.limit} per ${Math.round(settings.windowMs / 1000)} s.`),
      );
      return c.json(body, status as 429, { 'Retry-After': retryAfter });
    },
  });
}
