/**
 * Media tokens: an HMAC-signed, expiring name for ONE resolved item. The browser only ever
 * sees these, never CDN URLs, so /api/media cannot be pointed at an arbitrary URL (the
 * server is not an open proxy). The payload carries the post URL so a token that outlives
 * the cached report can be re-resolved.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { ApiError } from './api-error.js';

export interface MediaTokenPayload {
  /** Report id in the report cache. */
  r: string;
  /** Item index within the resolution's items. */
  i: number;
  /** Provider whose attempt result holds the item (compare view); absent = the winning result. */
  a?: string;
  /** Post URL (canonical), for re-resolving when the cached report is gone. */
  u: string;
  /** Output the user asked for. */
  w?: string;
  /** Provider that won, tried first when re-resolving. */
  p?: string;
  /** Expiry, unix seconds. */
  x: number;
}

export interface TokenSigner {
  sign(payload: Omit<MediaTokenPayload, 'x'>): string;
  /** Throws ApiError: TOKEN_UNKNOWN (404, not a token), TOKEN_INVALID (403), TOKEN_EXPIRED (410). */
  verify(token: string): MediaTokenPayload;
  /**
   * A fresh token for the same item from one whose time ran out (within `renewWindowMs`),
   * so a page left open still downloads: the signature is checked as in verify. The item is
   * the same post's, re-resolved by URL when the cached report is gone.
   */
  renew(token: string): string;
}

export interface TokenSignerOptions {
  /** HMAC key; random per process when absent (tokens then die with the process). */
  secret?: string;
  ttlMs?: number;
  /** How long after expiry a token may still be renewed (default 24 h, a story's life). */
  renewWindowMs?: number;
  now?: () => number;
}

const TOKEN_SHAPE = /^[A-Za-z0-9_-]{8,4096}\.[A-Za-z0-9_-]{43}$/;

export function createTokenSigner({ secret, ttlMs = 30 * 60_000, renewWindowMs = 24 * 60 * 60_000, now = Date.now }: TokenSignerOptions = {}): TokenSigner {
  const key = secret && secret.length > 0 ? Buffer.from(secret, 'utf8') : randomBytes(32);
  const mac = (data: string) => createHmac('sha256', key).update(data).digest();

  /** Signature and shape checked, expiry not. */
  function read(token: string): MediaTokenPayload {
    if (!TOKEN_SHAPE.test(token)) throw new ApiError('TOKEN_UNKNOWN', 'There is no media behind this link.');
    const [body = '', signature = ''] = token.split('.');
    const expected = mac(body);
    const given = Buffer.from(signature, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw new ApiError('TOKEN_INVALID', 'This download link was altered or comes from another server.');
    }
    let payload: MediaTokenPayload;
    try {
      payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as MediaTokenPayload;
    } catch {
      throw new ApiError('TOKEN_INVALID', 'This download link is damaged.');
    }
    if (typeof payload.x !== 'number' || typeof payload.r !== 'string' || typeof payload.i !== 'number' || typeof payload.u !== 'string') {
      throw new ApiError('TOKEN_INVALID', 'This download link is damaged.');
    }
    return payload;
  }

  return {
    sign(payload) {
      const body = Buffer.from(JSON.stringify({ ...payload, x: Math.floor((now() + ttlMs) / 1000) })).toString('base64url');
      return `${body}.${mac(body).toString('base64url')}`;
    },
    verify(token) {
      const payload = read(token);
      if (payload.x * 1000 <= now()) throw new ApiError('TOKEN_EXPIRED', 'This download link has expired.');
      return payload;
    },
    renew(token) {
      const { x, ...payload } = read(token);
      if (x * 1000 + renewWindowMs <= now()) throw new ApiError('TOKEN_EXPIRED', 'This download link is too old to renew; save the link again.');
      return this.sign(payload);
    },
  };
}
