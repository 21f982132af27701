/**
 * Security headers on every response. Pages: a CSP with no inline script (the Vite build
 * has none) and only same-origin connections, so no trackers or third parties. Media and
 * zips (bytes from elsewhere, served on our origin): a CSP that runs nothing at all.
 */
import type { MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';

type SecureHeadersOptions = NonNullable<Parameters<typeof secureHeaders>[0]>;

const common: SecureHeadersOptions = {
  referrerPolicy: 'no-referrer',
  xContentTypeOptions: 'nosniff',
  xFrameOptions: 'DENY',
  crossOriginOpenerPolicy: 'same-origin',
  permissionsPolicy: { camera: [], microphone: [], geolocation: [] },
};

const pageHeaders = secureHeaders({
  ...common,
  crossOriginResourcePolicy: 'same-origin',
  contentSecurityPolicy: {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'"],
    imgSrc: ["'self'", 'data:', 'blob:'],
    mediaSrc: ["'self'", 'blob:'],
    connectSrc: ["'self'"],
    manifestSrc: ["'self'"],
    workerSrc: ["'self'"],
    objectSrc: ["'none'"],
    baseUri: ["'none'"],
    formAction: ["'self'"],
    frameAncestors: ["'none'"],
  },
});

const mediaHeaders = secureHeaders({
  ...common,
  crossOriginResourcePolicy: 'same-origin',
  contentSecurityPolicy: { defaultSrc: ["'none'"], sandbox: [] },
});

export const securityHeaders = (): MiddlewareHandler => (c, next) =>
  c.req.path.startsWith('/api/media/') ? mediaHeaders(c, next) : pageHeaders(c, next);
