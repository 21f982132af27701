/**
 * Every error the web API sends is `{ error: { code, message, hint } }`. Resolution errors
 * use core's ERROR_CODES (their httpStatus); the codes below are the web layer's own
 * (routing, tokens, request shape), kept in one table like core's.
 */
import { ERROR_CODES, isTiksaverError, toTiksaverError, type ErrorCode } from '@tiksaver/core';
import { webHint } from './setting-env.js';

export const WEB_ERRORS = {
  ROUTE_NOT_FOUND: { status: 404, hint: 'See the API reference in apps/web/README.md.' },
  METHOD_NOT_ALLOWED: { status: 405, hint: 'Check the HTTP method for this endpoint.' },
  BAD_JSON: { status: 400, hint: 'Send a JSON object such as {"input": "https://www.tiktok.com/@user/video/123"}.' },
  PAYLOAD_TOO_LARGE: { status: 413, hint: 'Send only the link (or the share text), not a file.' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, hint: 'Send the body as JSON with Content-Type: application/json.' },
  TOKEN_UNKNOWN: { status: 404, hint: 'Paste the link again to get fresh download links.' },
  TOKEN_INVALID: { status: 403, hint: 'Use the download links exactly as the app shows them.' },
  TOKEN_EXPIRED: { status: 410, hint: 'Download links last a few minutes. Paste the link again to get fresh ones.' },
  ITEM_UNKNOWN: { status: 404, hint: 'The post no longer has this item. Paste the link again.' },
  TOO_MANY_REQUESTS: { status: 429, hint: 'Too many requests from your address. Wait a little and try again.' },
  NO_PROVIDERS: { status: 400, hint: 'Leave "providers" out to use every provider, or name at least one (GET /api/providers lists them).' },
  RANGE_NOT_SATISFIABLE: { status: 416, hint: 'The requested byte range is outside the file; ask without Range to get it whole.' },
  BAD_REQUEST: { status: 400, hint: 'The HTTP request itself was malformed; send a plain HTTP/1.1 request.' },
  BAD_HOST: { status: 400, hint: 'Send a valid Host header (name or address, with an optional port).' },
  HEADERS_TOO_LARGE: { status: 431, hint: 'Send fewer or shorter headers (cookies included).' },
  EXPECTATION_FAILED: { status: 417, hint: 'Only "Expect: 100-continue" is supported; leave the Expect header out.' },
  REQUEST_TIMEOUT: { status: 408, hint: 'The request took too long to arrive. Send it again.' },
  INTERNAL: { status: 500, hint: 'Something broke inside tiksaver. Please report it with the link you pasted.' },
} as const satisfies Record<string, { status: number; hint: string }>;

export type WebErrorCode = keyof typeof WEB_ERRORS;

export interface ErrorBody {
  error: { code: string; message: string; hint: string; final?: boolean; provider?: string };
}

export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly status: number;
  readonly hint: string;
  constructor(
    readonly code: WebErrorCode,
    message: string,
    options: { hint?: string; headers?: Record<string, string> } = {},
  ) {
    super(message);
    this.status = WEB_ERRORS[code].status;
    this.hint = options.hint ?? WEB_ERRORS[code].hint;
    this.headers = options.headers ?? {};
  }
  readonly headers: Record<string, string>;
}

export function statusForCode(code: ErrorCode): number {
  return ERROR_CODES[code].httpStatus;
}

/** Maps anything thrown to a status and an error body; unknown errors become a 500 without internals. */
export function toErrorResponse(error: unknown): { status: number; body: ErrorBody; headers: Record<string, string> } {
  if (error instanceof ApiError) {
    return { status: error.status, body: { error: { code: error.code, message: error.message, hint: error.hint } }, headers: error.headers };
  }
  // A stream or child process stopped because the client went away: a cancellation, not a bug.
  if (error instanceof Error && error.name === 'AbortError') error = toTiksaverError(error, 'CANCELLED');
  if (isTiksaverError(error)) {
    const headers: Record<string, string> = {};
    if (error.retryAfterMs !== undefined) headers['Retry-After'] = String(Math.ceil(error.retryAfterMs / 1000));
    return {
      status: statusForCode(error.code),
      body: {
        error: {
          code: error.code,
          message: error.message,
          hint: webHint(error.hint),
          final: error.final,
          ...(error.provider !== undefined && { provider: error.provider }),
        },
      },
      headers,
    };
  }
  return {
    status: 500,
    body: { error: { code: 'INTERNAL', message: 'Internal error', hint: WEB_ERRORS.INTERNAL.hint } },
    headers: {},
  };
}
