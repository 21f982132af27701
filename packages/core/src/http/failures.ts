/**
 * Maps HTTP statuses and transport failures to the core error codes (issue 4):
 * 429/503 + Retry-After -> RATE_LIMITED, 403 and WAF/captcha pages -> BLOCKED,
 * DNS/reset/refused -> NETWORK, every timeout -> TIMEOUT, bad bodies -> UPSTREAM_CHANGED.
 */
import { TiksaverError, isTiksaverError } from '../errors.js';

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

export interface StatusContext {
  url: string;
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** First bytes of the body (already read, capped) for challenge detection. */
  bodySnippet: string;
}

export function statusError({ url, status, headers, bodySnippet }: StatusContext): TiksaverError {
  const detail = { status, url };
  const retryAfterMs = parseRetryAfter(first(headers['retry-after']));
  if (looksLikeChallenge(bodySnippet, headers)) {
    return new TiksaverError('BLOCKED', `HTTP ${status} from ${host(url)}: bot protection / captcha page`, { detail: { ...detail, challenge: true } });
  }
  if (status === 429 || (status === 503 && retryAfterMs !== undefined)) {
    return new TiksaverError('RATE_LIMITED', `HTTP ${status} from ${host(url)}: rate limited`, {
      ...(retryAfterMs !== undefined && { retryAfterMs }),
      detail,
    });
  }
  if (status === 401 || status === 403) return new TiksaverError('BLOCKED', `HTTP ${status} from ${host(url)}: access refused`, { detail });
  if (status === 404 || status === 410) return new TiksaverError('NOT_FOUND', `HTTP ${status} from ${host(url)}: not found`, { detail });
  if (status === 451) return new TiksaverError('REGION_BLOCKED', `HTTP 451 from ${host(url)}: unavailable for legal reasons`, { detail });
  if (status === 408 || status === 504) return new TiksaverError('TIMEOUT', `HTTP ${status} from ${host(url)}: upstream timed out`, { detail });
  if (status >= 500) return new TiksaverError('NETWORK', `HTTP ${status} from ${host(url)}: server error`, { detail });
  return new TiksaverError('UPSTREAM_CHANGED', `HTTP ${status} from ${host(url)}: unexpected status`, { detail });
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
