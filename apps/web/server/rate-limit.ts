/**
 * Per-client rate limits over the store's fixed-window counters (rate-limiter-flexible;
 * atomic in Redis, so N instances together enforce one limit). Answers carry the
 * RateLimit-* headers (IETF draft 6) and, when refused, Retry-After and our JSON error.
 * `charge` is the same limit used from inside a route: a media request that has to
 * re-resolve its post pays like a resolve (issue 17 item 7).
 */
import type { Context, MiddlewareHandler } from 'hono';
import { ApiError } from './api-error.js';
import { createMemoryCounters } from './store/memory-store.js';
import type { ConsumeResult, CounterStore } from './store/types.js';
import { createClientAddress, type ClientAddressOptions } from './client-address.js';

export interface RateLimitSettings {
  /** Requests allowed per window and client. */
  limit: number;
  windowMs: number;
}

export interface RateLimiter {
  middleware: MiddlewareHandler;
  /** Counts `points` for this client; throws TOO_MANY_REQUESTS (with Retry-After) when over. */
  charge(c: Context, points?: number): Promise<void>;
}

function refusal(settings: RateLimitSettings, result: ConsumeResult): ApiError {
  return new ApiError('TOO_MANY_REQUESTS', `Too many requests: at most ${settings.limit} per ${Math.round(settings.windowMs / 1000)} s.`, {
    headers: { 'Retry-After': String(Math.max(1, Math.ceil(result.resetMs / 1000))) },
  });
}

export function createRateLimiter(
  name: string,
  settings: RateLimitSettings,
  { counters = createMemoryCounters(), ...keyOptions }: ClientAddressOptions & { counters?: CounterStore } = {},
): RateLimiter {
  const clientAddress = createClientAddress(keyOptions);
  const consume = (c: Context, points: number) => counters.consume(name, clientAddress(c), settings, points);
  return {
    async middleware(c, next) {
      const result = await consume(c, 1);
      const headers = {
        'RateLimit-Policy': `${settings.limit};w=${Math.round(settings.windowMs / 1000)}`,
        'RateLimit-Limit': String(settings.limit),
        'RateLimit-Remaining': String(result.remaining),
        'RateLimit-Reset': String(Math.ceil(result.resetMs / 1000)),
      };
      if (!result.allowed) {
        const error = refusal(settings, result);
        Object.assign(error.headers, headers);
        throw error;
      }
      await next();
      for (const [header, value] of Object.entries(headers)) c.res.headers.set(header, value);
    },
    async charge(c, points = 1) {
      const result = await consume(c, points);
      if (!result.allowed) throw refusal(settings, result);
    },
  };
}
