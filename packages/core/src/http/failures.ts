/**
 * Maps HTTP statuses and transport failures to the core error codes (issue 4):
 * 429/503 + Retry-After -> RATE_LIMITED, 403 and WAF/captcha pages -> BLOCKED,
 * DNS/reset/refused -> NETWORK, every timeout -> TIMEOUT, bad bodies -> UPSTREAM_CHANGED.
 */
import { TiksaverError, isTiksaverError } from '../errors.js';
import type { HttpResponse } from './types.js';

/** Retry-After is either delta-seconds or an HTTP-date (RFC 9110 §10.2.3). */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

// Signatures of bot walls: Cloudflare, Akamai, PerimeterX, DataDome, hCaptcha/reCAPTCHA,
// and TikTok's own WAF "Please wait..." page (reference/tiktok-web.md, Anti-bot / WAF).
const CHALLENGE_PATTERNS = [
  /cf-chl|challenge-platform|cf_chl_opt|Attention Required! \| Cloudflare/i,
  /_wafchallengeid|waforiginalreid/i,
  /px-captcha|_pxCaptcha|captcha-delivery\.com|datadome/i,
  /hcaptcha\.com|google\.com\/recaptcha|g-recaptcha|verify you are (a )?human/i,
  /Access Denied[\s\S]{0,200}Reference #/i,
];

/** true when a body looks like a WAF or captcha page rather than content. */
export function looksLikeChallenge(body: string, headers: Record<string, string | string[] | undefined> = {}): boolean {
  if (String(headers['cf-mitigated'] ?? '').toLowerCase() === 'challenge') return true;
  return CHALLENGE_PATTERNS.some((re) => re.test(body));
}

/** The provider behind a request: its failures then carry its id and say its name. */
export interface StatusSource {
  id: string;
  /** Said in messages: "SnapTik answered HTTP 429: rate limited". */
  label: string;
}

export interface StatusContext {
  url: string;
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** First bytes of the body (already read, capped) for challenge detection. */
  bodySnippet: string;
  /** Set by an adapter that accepted the status (okStatuses) and maps it here after all. */
  provider?: StatusSource;
  /** A wait the adapter read itself (a service's own header, or its documented default); wins over Retry-After. */
  retryAfterMs?: number;
  /** More facts for the error's detail (e.g. which step of the provider's flow answered). */
  detail?: Record<string, unknown>;
}

/**
 * The one reading of an HTTP status, for the client and for adapters alike: 429 (and 503
 * with Retry-After) is a rate limit, 401/403 and bot walls are refusals, 5xx is the server.
 */
export function statusError({ url, status, headers, bodySnippet, provider, ...extra }: StatusContext): TiksaverError {
  const detail = { status, url, ...extra.detail };
  const said = provider ? `${provider.label} answered HTTP ${status}` : `HTTP ${status} from ${host(url)}`;
  const own = provider ? { provider: provider.id } : {};
  const retryAfterMs = extra.retryAfterMs ?? parseRetryAfter(first(headers['retry-after']));
  if (looksLikeChallenge(bodySnippet, headers)) {
    return new TiksaverError('BLOCKED', `${said}: bot protection / captcha page`, { ...own, detail: { ...detail, challenge: true } });
  }
  if (status === 429 || (status === 503 && retryAfterMs !== undefined)) {
    return new TiksaverError('RATE_LIMITED', `${said}: rate limited`, {
      ...own,
      ...(retryAfterMs !== undefined && { retryAfterMs }),
      detail,
    });
  }
  if (status === 401 || status === 403) return new TiksaverError('BLOCKED', `${said}: access refused`, { ...own, detail });
  if (status === 404 || status === 410) return new TiksaverError('NOT_FOUND', `${said}: not found`, { ...own, detail });
  if (status === 451) return new TiksaverError('REGION_BLOCKED', `${said}: unavailable for legal reasons`, { ...own, detail });
  if (status === 408 || status === 504) return new TiksaverError('TIMEOUT', `${said}: upstream timed out`, { ...own, detail });
  if (status >= 500) return new TiksaverError('NETWORK', `${said}: server error`, { ...own, detail });
  return new TiksaverError('UPSTREAM_CHANGED', `${said}: unexpected status`, { ...own, detail });
}

/** How much of a refused answer's body statusError looks at (bot walls say so early). */
const SNIPPET_CHARS = 64 * 1024;

/**
 * statusError for an answer an adapter accepted (okStatuses) to look at first: reads the
 * start of its body, then maps it exactly as the client would have, naming the provider.
 */
export async function responseError(res: HttpResponse, options: Omit<StatusContext, 'url' | 'status' | 'headers' | 'bodySnippet'> = {}): Promise<TiksaverError> {
  const body = await res.text().catch(() => '');
  return statusError({ url: res.url, status: res.status, headers: res.headers, bodySnippet: body.slice(0, SNIPPET_CHARS), ...options });
}

const NETWORK_CODES = new Set([
  'ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NONAME', 'ECONNRESET', 'ECONNREFUSED', 'ECONNABORTED', 'EPIPE',
  'EHOSTUNREACH', 'ENETUNREACH', 'EHOSTDOWN', 'ENETDOWN', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED', 'UND_ERR_DESTROYED',
  'ERR_TLS_CERT_ALTNAME_INVALID', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'CERT_HAS_EXPIRED',
  'UND_ERR_PRX_TLS', 'UND_ERR_INFO', 'Z_DATA_ERROR', 'Z_BUF_ERROR',
]);
const TIMEOUT_CODES = new Set(['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'ETIMEDOUT', 'ESOCKETTIMEDOUT']);

/** Turns a transport error into a TiksaverError; `signal` tells a caller abort from a timeout. */
export function transportError(error: unknown, url: string, signal?: AbortSignal): TiksaverError {
  if (isTiksaverError(error)) return error;
  if (signal?.aborted) {
    return new TiksaverError('CANCELLED', `Request to ${host(url)} was cancelled`, { cause: error });
  }
  const err = error as { code?: string; name?: string; message?: string; cause?: { code?: string } };
  const code = err?.code ?? err?.cause?.code ?? '';
  if (isTiksaverError(err?.cause)) return err.cause;
  if (TIMEOUT_CODES.has(code) || err?.name === 'TimeoutError') {
    return new TiksaverError('TIMEOUT', `Timed out talking to ${host(url)} (${describeTimeout(code)})`, { cause: error, detail: { url, code } });
  }
  if (err?.name === 'AbortError' || code === 'UND_ERR_ABORTED') {
    return new TiksaverError('CANCELLED', `Request to ${host(url)} was cancelled`, { cause: error });
  }
  const reason = NETWORK_CODES.has(code) ? describeNetwork(code) : err?.message || 'connection failed';
  return new TiksaverError('NETWORK', `Could not reach ${host(url)}: ${reason}`, { cause: error, detail: { url, ...(code && { code }) } });
}

function describeTimeout(code: string): string {
  if (code === 'UND_ERR_CONNECT_TIMEOUT') return 'connect timeout';
  if (code === 'UND_ERR_HEADERS_TIMEOUT') return 'no response headers in time';
  if (code === 'UND_ERR_BODY_TIMEOUT') return 'body stalled';
  return 'timeout';
}

function describeNetwork(code: string): string {
  if (code.startsWith('EAI_') || code === 'ENOTFOUND') return `DNS lookup failed (${code})`;
  if (code === 'ECONNREFUSED') return 'connection refused';
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET' || code === 'EPIPE') return `connection reset (${code})`;
  return code;
}

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** The URL's host for messages; the raw string when it does not parse. */
export function host(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
