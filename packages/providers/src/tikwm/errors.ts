/**
 * tikwm failure mapping. tikwm answers HTTP 200 with `code: -1` and a free-text `msg`
 * (services.md §2); HTTP 403/429 only when it blocks an IP.
 */
import { parseRetryAfter, responseError, TiksaverError, type HttpResponse, type StatusSource } from '@tiksaver/core';

export const PROVIDER_ID = 'tikwm';
/** Who core's statusError names: "tikwm answered HTTP 429: rate limited". */
export const SOURCE: StatusSource = { id: PROVIDER_ID, label: 'tikwm' };

/** services.md §2: free tier allows 1 request/s per IP; recommends >= 1.5 s before retrying. */
export const RATE_LIMIT_RETRY_MS = 1500;

const RATE_LIMIT_MESSAGE = /free api limit|request\/second|too many requests/i;
const URL_PARSING_FAILED = /url parsing is failed|check url/i;

export function isSoftRateLimit(error: unknown): boolean {
  return error instanceof TiksaverError && error.code === 'RATE_LIMITED' && error.detail?.['tikwmCode'] !== undefined;
}

/** Maps a `code !== 0` answer. */
export function tikwmApiError(code: number, msg: string): TiksaverError {
  const detail = { tikwmCode: code, tikwmMsg: msg };
  if (RATE_LIMIT_MESSAGE.test(msg)) {
    return new TiksaverError('RATE_LIMITED', `tikwm rate limit: ${msg}`, {
      provider: PROVIDER_ID,
      retryAfterMs: RATE_LIMIT_RETRY_MS,
      detail,
    });
  }
  if (URL_PARSING_FAILED.test(msg)) {
    // tikwm says this for deleted, private and unsupported items alike, so it cannot be a
    // final verdict: NOT_FOUND is non-final and the chain moves on to the next provider.
    return new TiksaverError('NOT_FOUND', `tikwm could not read this post: ${msg}`, { provider: PROVIDER_ID, detail });
  }
  return new TiksaverError('UPSTREAM_CHANGED', `tikwm answered code ${code}: ${msg || '(no message)'}`, {
    provider: PROVIDER_ID,
    detail,
  });
}

/**
 * Maps HTTP-level refusals (services.md §2: "403/429 at HTTP level when blocked") as core's
 * statusError does, with two tikwm facts: a 405 to both POST and GET is a refusal like 403,
 * and a 429 without Retry-After waits the 1.5 s tikwm asks for.
 */
export async function tikwmHttpError(response: HttpResponse): Promise<TiksaverError> {
  if (response.status === 405) {
    await response.dump();
    return new TiksaverError('BLOCKED', 'tikwm refused the request (HTTP 405 to POST and GET)', { provider: PROVIDER_ID, detail: { status: 405 } });
  }
  // The 1.5 s default is for a 429 only: given for any status, a 503 would read as a rate limit.
  const retryAfterMs = parseRetryAfter(response.header('retry-after')) ?? (response.status === 429 ? RATE_LIMIT_RETRY_MS : undefined);
  return responseError(response, { provider: SOURCE, ...(retryAfterMs !== undefined && { retryAfterMs }) });
}
